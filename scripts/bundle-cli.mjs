// Bundles the package's code for a fast start: the command line and the programmatic API are one
// script, dist/lib/emulator.js, which the bin (dist/cli/main.js) and the library
// (dist/lib/index.js, re-exported by dist/index.js) compile with the V8 code cache that
// scripts/code-cache.mjs makes for it (src/cli/bundled.ts says why a script). Bundle or depend,
// never both: the packages in package.json's "dependencies" (the GraphiQL renderer, faker) stay
// outside the bundle and are loaded from node_modules on first use; everything else the code
// imports is bundled, and is a devDependency. What start-up does not need (express for the control
// API and UI, faker) is still only run on first use. The script sits two levels below the package
// root (dist/lib/) like the src/*/ files, so the paths the code builds from import.meta.url
// (schema.graphql, fixtures/, package.json, dist/ui/) stay the same. Source maps cover the
// project's own code only.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ownSourcesOnly } from './own-sourcemaps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const dir of ['cli', 'lib']) rmSync(join(dist, dir), { recursive: true, force: true });
const started = performance.now();
/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'linked',
  minify: true,
  logLevel: 'warning',
};

// The script: CommonJS output (a script has no import or export statements) inside the function
// expression src/cli/bundled.ts calls, given what CommonJS gives a module and the URL every
// `import.meta.url` stands for.
const script = join(dist, 'lib', 'emulator.js');
await build({
  ...common,
  entryPoints: [join(root, 'src', 'cli', 'bundle-entry.ts')],
  outfile: script,
  format: 'cjs',
  external: Object.keys(pkg.dependencies ?? {}),
  // graphql-js checks every `instanceOf` twice outside production (to detect two copies of
  // graphql), on the hot path of every request, and graphql-armor loads its development build.
  // The bundle holds exactly one copy of each: build it as production code.
  define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__importMetaUrl' },
  // graphql ships ES modules beside its CommonJS ones: taking them (for every importer, so
  // there is still one copy) lets the bundle leave out the parts of graphql-js never used.
  mainFields: ['module', 'main'],
  // A script compiled with a code cache cannot import() (Node 20 loses its import callback):
  // the two dependencies are require()d, GraphiQL's renderer as CommonJS, faker as an ES module
  // (require of ES modules is on by default from Node 20.19, the engines' floor).
  supported: { 'dynamic-import': false },
  banner: { js: '(function (module, exports, require, __importMetaUrl) {"use strict";' },
  footer: { js: '})' },
});
// bundled.ts reads it as latin1, the cheapest decoding, which is exact for ASCII only.
const bytes = readFileSync(script);
const nonAscii = bytes.findIndex((byte) => byte > 0x7f);
if (nonAscii >= 0) throw new Error(`bundle-cli: ${script} is not ASCII (byte ${nonAscii}); esbuild should have escaped it`);

// The bin and the loader, as ES modules. main.ts imports program.ts only when run from the
// sources: in dist/ that import is never taken, so it is not bundled.
await build({
  ...common,
  entryPoints: { 'cli/main': join(root, 'src', 'cli', 'main.ts'), 'cli/bundled': join(root, 'src', 'cli', 'bundled.ts') },
  outdir: dist,
  format: 'esm',
  plugins: [{
    name: 'program-from-sources-only',
    setup: (b) => b.onResolve({ filter: /^\.\/program\.js$/ }, (args) => ({ path: args.path, external: true })),
  }],
});

// The library: the script's exports, each named (an ES module's exports are static).
const { compileBundle } = await import(pathToFileURL(join(dist, 'cli', 'bundled.js')).href);
const names = Object.keys(compileBundle().run()).filter((name) => name !== 'runCli').sort();
writeFileSync(join(dist, 'lib', 'index.js'), [
  '// The programmatic API: the exports of the bundled script (src/cli/bundled.ts).',
  "import { compileBundle } from '../cli/bundled.js';",
  '',
  'const api = compileBundle().run();',
  `export const { ${names.join(', ')} } = api;`,
  '',
].join('\n'));
ownSourcesOnly(['cli', 'lib'].flatMap((dir) => readdirSync(join(dist, dir)).filter((f) => f.endsWith('.map')).map((f) => join(dist, dir, f))));
// The package's entry point (tsc writes only its declarations, dist/index.d.ts).
writeFileSync(join(dist, 'index.js'), "export * from './lib/index.js';\n");
console.log(`bundle-cli: dist/lib/emulator.js, the bin and the library in ${Math.round(performance.now() - started)} ms`);
