// The script node's start-up snapshot builder runs (scripts/snapshot.mjs bundles it to
// dist/snapshot/entry.js and runs `node --snapshot-blob dist/snapshot/emulator.blob
// --build-snapshot` on it). It runs the bundled script (dist/lib/emulator.js, bundled.ts) and
// what a start makes first (bundle-entry.ts, `prepareSnapshot`); node then saves the heap, and
// a start from the snapshot (the bin, bin/prefect-cloud-emulator) finds all that made and runs
// the main function below. A start spent about half its time on that work, each time the same,
// every step cold in the interpreter.
//
// The builder's `require` loads node's builtins only, and in Node 20 not node:http either (its
// module fails in the builder). So the bundled script is given a `require` that answers those
// while building with a stand-in, which loads the module on first use, by then at run time.
// Nothing the script runs while building may read the clock, the environment or the command
// line: bundle-entry.ts says what runs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startupSnapshot } from 'node:v8';
import { Script } from 'node:vm';
import type { Wrapper } from './bundled.js';
import { tuneHeap } from './heap.js';

type Api = typeof import('./bundle-entry.js');

/** How the bin's debug line says the code was compiled (program.ts logs it). */
const FROM_SNAPSHOT = 'started from its start-up snapshot: modules, schema, command line and ready fixtures made when it was built';

// dist/snapshot/entry.js, beside dist/lib/.
const script = join(__dirname, '..', 'lib', 'emulator.js');
const builtins = require;
let runtime: NodeJS.Require | undefined;

/** A module loaded on its first property read; only ever read as a namespace (`m.createServer`). */
const later = (id: string): object => {
  let loaded: Record<PropertyKey, unknown> | undefined;
  return new Proxy({}, { get: (_, name) => (loaded ??= (runtime ?? builtins)(id) as Record<PropertyKey, unknown>)[name] });
};

const scriptRequire = ((id: string): unknown => {
  if (runtime) return runtime(id);
  return id.startsWith('node:') && id !== 'node:http' ? builtins(id) : later(id);
}) as NodeJS.Require;

const bundled = { exports: {} };
const wrapper = new Script(readFileSync(script, 'latin1'), { filename: script }).runInThisContext() as Wrapper;
wrapper(bundled, bundled.exports, scriptRequire, pathToFileURL(script).href);
const api = bundled.exports as Api;

void api.prepareSnapshot().then(() => {
  startupSnapshot.setDeserializeMainFunction(() => {
    runtime = createRequire(script);
    tuneHeap();
    // As main.ts's top-level await: a failure is printed and the process exits non-zero.
    void api.runCli(process.argv, FROM_SNAPSHOT);
  });
});
