// Builds dist/snapshot/, the bin's start-up snapshot (src/cli/snapshot-entry.ts says what it
// holds): bundles the builder's script to dist/snapshot/entry.js, runs node's snapshot builder on
// it, writes dist/snapshot/made-for (the node binary it was built by and the package root it was
// built in, which the bin compares with its own before it uses it), then starts the blob once to
// check that it runs. A snapshot is valid for the node binary that built it only, and holds the
// package's paths: it is never packed (package.json's "files") and each build makes its own.
// Run by scripts/build.mjs after the bundle, in a process of its own without NODE_OPTIONS: node
// refuses a snapshot made under other V8 flags.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '..'));
const dir = join(root, 'dist', 'snapshot');
const entry = join(dir, 'entry.js');
const blob = join(dir, 'emulator.blob');
const started = performance.now();
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

await build({
  entryPoints: [join(root, 'src', 'cli', 'snapshot-entry.ts')],
  outfile: entry,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});

// --no-warnings: the builder warns that node:vm (which compiles the bundled script, as the bin
// does) is not yet verified in snapshots; the check below starts the result.
execFileSync(process.execPath, ['--no-warnings', '--snapshot-blob', blob, '--build-snapshot', entry], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, NODE_OPTIONS: '' },
});
// The bin reads these two lines with the shell's `read`: a path with a line break cannot be told.
for (const path of [process.execPath, root]) {
  if (/[\r\n]/.test(path)) throw new Error(`snapshot: ${path} holds a line break, which the bin cannot compare`);
}
writeFileSync(join(dir, 'made-for'), `${process.execPath}\n${root}\n`);

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const printed = execFileSync(process.execPath, ['--snapshot-blob', blob, join(root, 'dist', 'cli', 'main.js'), '--version'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NODE_OPTIONS: '' },
}).trim();
if (printed !== version) throw new Error(`snapshot: started from the snapshot, --version printed ${JSON.stringify(printed)}, not ${version}`);
const mb = (statSync(blob).size / 1024 / 1024).toFixed(1);
console.log(`snapshot: dist/snapshot/emulator.blob (${mb} MB, for ${process.execPath} ${process.version}) in ${Math.round(performance.now() - started)} ms`);
