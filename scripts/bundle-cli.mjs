// Bundles the package's code for a fast start: the command line and the programmatic API are one
// script, dist/lib/emulator.js, which the bin (dist/cli/main.js) and the library
// (dist/lib/index.js, re-exported by dist/index.js) compile with the V8 code cache that
// scripts/code-cache.mjs makes for it (src/cli/bundled.ts says why a script). Bundle or depend,
// never both: the packages in package.json's "dependencies" (the GraphiQL renderer, faker) stay
// outside the bundle and are loaded from node_modules on first use; everything else the code
// imports is bundled, and is a devDependency. What start-up does not need is not in that script:
// express, the control API, the issuer and the UI's files are a second script, dist/lib/control.js,
// compiled and run on the first request for one of them (src/cli/bundled.ts, CONTROL_SCRIPT), and
// faker is loaded on first use. Both scripts sit two levels below the package root (dist/lib/)
// like the src/*/ files, so the paths the code builds from import.meta.url (schema.graphql,
// fixtures/, package.json, dist/ui/) stay the same. Source maps cover the project's own code only.
// graphql-js's name check, which every start runs over the whole schema, gets a fast path for valid
// names in the first script (scripts/graphql-names.mjs), and the ready fixtures come built in it
// (scripts/prebuilt-fixtures.mjs).
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fastNameCheck } from './graphql-names.mjs';
import { ownSourcesOnly } from './own-sourcemaps.mjs';
import { prebuiltApplied, prebuiltFixtures } from './prebuilt-fixtures.mjs';

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

// Each script: CommonJS output (a script has no import or export statements) inside the function
// expression src/cli/bundled.ts calls, given what CommonJS gives a module and the URL every
// `import.meta.url` stands for.
/** @type {import('esbuild').BuildOptions} */
const scriptOptions = {
  ...common,
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
};
const src = join(root, 'src');
const rel = (path) => relative(root, path).split(sep).join('/');

// The second script, dist/lib/control.js: the express app and what only it imports (bundled.ts
// says why). Every other module of ours it imports is the first script's: `require`d by an id,
// which the first script answers (see the loader below).
const controlOnly = (path) => /^src\/http\/(app\.ts|serve-ui\.ts|control\/|oauth2\/)/.test(rel(path));
/** The ids of the first script's modules the second imports, in the order met. */
const shared = new Set();
const control = join(dist, 'lib', 'control.js');
await build({
  ...scriptOptions,
  entryPoints: [join(src, 'http', 'app.ts')],
  outfile: control,
  // Request bodies are decoded by Node's own decoders, not iconv-lite's tables (see the file).
  alias: { 'iconv-lite': join(root, 'scripts', 'iconv-lite.mjs') },
  plugins: [{
    name: 'shared-modules-from-the-first-script',
    setup: (b) => b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(src + sep)) return undefined;
      const path = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      if (controlOnly(path)) return undefined;
      const id = `emulator:${rel(path)}`;
      shared.add(id);
      return { path: id, external: true };
    }),
  }],
});

// The first script, dist/lib/emulator.js. server.ts's `import('./app.js')` becomes a loader
// that compiles and runs the second script on first use, handing it the modules it shares.
const loader = [
  `import { compileBundle, CONTROL_CACHE, CONTROL_SCRIPT } from ${JSON.stringify(join(src, 'cli', 'bundled.ts'))};`,
  ...[...shared].map((id, i) => `import * as m${i} from ${JSON.stringify(join(root, id.slice('emulator:'.length)))};`),
  `const modules = { ${[...shared].map((id, i) => `${JSON.stringify(id)}: m${i}`).join(', ')} };`,
  'let app;',
  'export const createApp = (...args) => (app ??= compileBundle(CONTROL_SCRIPT, CONTROL_CACHE).run(modules)).createApp(...args);',
].join('\n');
const script = join(dist, 'lib', 'emulator.js');
let loaderUsed = false;
await build({
  ...scriptOptions,
  entryPoints: [join(src, 'cli', 'bundle-entry.ts')],
  outfile: script,
  plugins: [fastNameCheck, prebuiltFixtures, {
    name: 'express-app-from-the-second-script',
    setup: (b) => {
      b.onResolve({ filter: /^\.\/app\.js$/ }, (args) => {
        if (args.importer !== join(src, 'http', 'server.ts')) return undefined;
        loaderUsed = true;
        return { path: 'control-loader', namespace: 'control' };
      });
      b.onLoad({ filter: /.*/, namespace: 'control' }, () => ({ contents: loader, loader: 'ts', resolveDir: join(src, 'cli') }));
    },
  }],
});
// Else every start would validate and build the ready fixture again (src/fixtures/prebuilt.ts).
if (prebuiltApplied.count !== 1) throw new Error('bundle-cli: src/fixtures/prebuilt-data.ts was not replaced by the prebuilt fixtures');
// Else express would be in the start script again, and twice in the package.
if (!loaderUsed) throw new Error("bundle-cli: src/http/server.ts no longer imports './app.js': the loader of the second script was not put in place");
// bundled.ts reads it as latin1, the cheapest decoding, which is exact for ASCII only.
for (const file of [script, control]) {
  const nonAscii = readFileSync(file).findIndex((byte) => byte > 0x7f);
  if (nonAscii >= 0) throw new Error(`bundle-cli: ${file} is not ASCII (byte ${nonAscii}); esbuild should have escaped it`);
}

// The bin and the loader, as ES modules. main.ts imports program.ts only when run from the
// sources: in dist/ that import is never taken, so it is not bundled.
await build({
  ...common,
  // heap.js on its own too: scripts/code-cache.mjs sets the bin's heap flags from it.
  entryPoints: { 'cli/main': join(root, 'src', 'cli', 'main.ts'), 'cli/bundled': join(root, 'src', 'cli', 'bundled.ts'), 'cli/heap': join(root, 'src', 'cli', 'heap.ts') },
  outdir: dist,
  format: 'esm',
  plugins: [{
    name: 'program-from-sources-only',
    setup: (b) => b.onResolve({ filter: /^\.\/program\.js$/ }, (args) => ({ path: args.path, external: true })),
  }],
});

// The library: the script's exports, each named (an ES module's exports are static).
const { compileBundle } = await import(pathToFileURL(join(dist, 'cli', 'bundled.js')).href);
const names = Object.keys(compileBundle().run()).filter((name) => name !== 'runCli' && name !== 'prepareSnapshot').sort();
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
console.log(`bundle-cli: dist/lib/emulator.js (${Math.round(statSync(script).size / 1024)} kB) and dist/lib/control.js (${Math.round(statSync(control).size / 1024)} kB), the bin and the library in ${Math.round(performance.now() - started)} ms`);
