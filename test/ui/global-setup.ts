import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, SHOTS } from './paths.js';

/**
 * Before the browser tests: a private copy of the built emulator (dist/ without its UI, plus the
 * package files it reads) in test-results/ui/app-<pid>/, and the UI built fresh from src/ui into
 * it. So neither a rebuild of dist/ nor another run of these tests in the same tree can pull
 * files from under a running test. The server is not rebuilt here: run `npm run build` after
 * changing it.
 */
export async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error('The UI tests need Debian chromium at /usr/bin/chromium: run `bash scripts/install-chromium.sh` (as root).');
  }
  const app = join(SHOTS, `app-${process.pid}`);
  const dist = join(ROOT, 'dist');
  const cli = join(dist, 'cli', 'main.js');
  // A build in progress elsewhere removes dist/ for a few seconds.
  for (let waited = 0; !existsSync(cli) && waited < 60_000; waited += 500) await new Promise((r) => setTimeout(r, 500));
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  if (existsSync(cli)) {
    const skipUi = `${dist}${sep}ui`;
    for (let attempt = 1; ; attempt++) {
      try {
        cpSync(dist, join(app, 'dist'), { recursive: true, filter: (p) => p !== skipUi && !p.startsWith(skipUi + sep) });
        if (!existsSync(join(app, 'dist', 'cli', 'main.js'))) throw new Error('dist/ changed while it was copied');
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
        rmSync(join(app, 'dist'), { recursive: true, force: true });
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }
  cpSync(join(ROOT, 'fixtures'), join(app, 'fixtures'), { recursive: true });
  for (const f of ['schema.graphql', 'package.json']) copyFileSync(join(ROOT, f), join(app, f));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-ui.mjs'), '--outdir', join(app, 'dist', 'ui')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  project.provide('uiApp', app);
  return () => rmSync(app, { recursive: true, force: true });
}
