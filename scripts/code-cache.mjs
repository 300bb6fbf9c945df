// Writes dist/lib/emulator.cache, the V8 code cache of the bundled script (src/cli/bundled.ts):
// compiles the script, starts the command line as `npm run bench` does (in memory, the default
// fixture, port 0), answers /health, then asks V8 for the code of every function compiled
// meanwhile, so the cache holds what start-up runs, not only the script's top level (a first
// GraphQL request compiles what it needs then). Run in a process of its own with no V8 flags
// (scripts/build.mjs): V8 accepts a cache only under the flags it was made with, and the bin compiles the script
// before it sets its heap flags. Then it sets those flags, as the bin does, and writes
// dist/lib/control.cache, the cache of the second script's top level (compiled, not run: it
// runs on the first control request, which the bin serves under those flags).
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { CODE_CACHE, CONTROL_CACHE, CONTROL_SCRIPT, compileBundle } = await import(pathToFileURL(join(root, 'dist', 'cli', 'bundled.js')).href);
for (const file of [CODE_CACHE, CONTROL_CACHE]) rmSync(file, { force: true });
const bundle = compileBundle();

// The ready line carries the URL (port 0); the rest of the output is of no use here.
let url;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  url ??= /ready at (http:\/\/\S+)/.exec(String(chunk))?.[1];
  return typeof rest.at(-1) === 'function' ? (rest.at(-1)(), true) : true;
};
const fixture = join(root, 'fixtures', 'default.json');
await bundle.run().runCli([process.execPath, 'prefect-cloud-emulator', '--host', '127.0.0.1', '--port', '0', '--in-memory', '--fixture', fixture]);
process.stdout.write = write;
if (!url) throw new Error('code-cache: the command line printed no ready line');

const health = await fetch(`${url}/health`);
if (health.status !== 200) throw new Error(`code-cache: /health answered ${health.status}`);
await health.text();
const data = bundle.createCacheFile();
writeFileSync(CODE_CACHE, data);
(await import(pathToFileURL(join(root, 'dist', 'cli', 'heap.js')).href)).tuneHeap();
const control = compileBundle(CONTROL_SCRIPT, null).createCacheFile();
writeFileSync(CONTROL_CACHE, control);
const name = (file) => fileURLToPath(file).slice(root.length + 1);
console.log(`code-cache: ${name(CODE_CACHE)} (${Math.round(data.length / 1024)} kB), ${name(CONTROL_CACHE)} (${Math.round(control.length / 1024)} kB)`);
process.exit(0);
