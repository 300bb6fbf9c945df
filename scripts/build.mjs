// Builds dist/: the type declarations of the programmatic API with tsc, schema.graphql parsed
// ahead of start-up (scripts/schema-document.mjs), the CLI and the library bundled with esbuild
// into one script and the express app into a second (scripts/bundle-cli.mjs), the first one's V8
// code cache (scripts/code-cache.mjs), the bin's start-up snapshot (scripts/snapshot.mjs), then
// the browser UI with esbuild. One script so `npm ci` (prepare),
// `npm test` (pretest) and the Dockerfile all build the same way.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  // A production install (npm ci --omit=dev) has no compiler; it ships a prebuilt dist/.
  console.log('build: typescript is not installed, keeping the existing dist/');
  process.exit(0);
}
// The wire types are generated from schema.graphql and committed; a stale copy stops the build.
execFileSync(process.execPath, [join(root, 'scripts', 'schema-types.mjs'), '--check'], { stdio: 'inherit', cwd: root });
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, [join(root, 'scripts', 'schema-document.mjs')], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')], { stdio: 'inherit', cwd: root });
// Its own process, without flags: see scripts/code-cache.mjs.
execFileSync(process.execPath, [join(root, 'scripts', 'code-cache.mjs')], { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
execFileSync(process.execPath, [join(root, 'scripts', 'snapshot.mjs')], { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
const uiBuild = join(root, 'scripts', 'build-ui.mjs');
if (existsSync(uiBuild)) {
  execFileSync(process.execPath, [uiBuild], { stdio: 'inherit', cwd: root });
}
