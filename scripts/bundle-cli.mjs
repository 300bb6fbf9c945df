// Bundles the CLI into dist/cli/ so start-up reads a few files instead of resolving hundreds of
// modules. Code splitting keeps what start-up does not need (faker for --generate, express for
// the control API and UI, GraphiQL) in chunks loaded on first use. Every chunk sits in
// dist/cli/, two levels below the package root like src/*/ files, so the paths the code builds
// from import.meta.url (schema.graphql, fixtures/, package.json, dist/ui/) stay the same.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
await build({
  entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: '[name]-[hash]',
  legalComments: 'linked',
  minify: true,
  logLevel: 'warning',
  // graphql-js checks every `instanceOf` twice outside production (to detect two copies of
  // graphql), on the hot path of every request, and graphql-armor loads its development build.
  // The bundle holds exactly one copy of each: build it as production code.
  define: { 'process.env.NODE_ENV': '"production"' },
  // graphql ships ES modules beside its CommonJS ones: taking them (for every importer, so
  // there is still one copy) lets the bundle leave out the parts of graphql-js never used,
  // a third of the code start-up would otherwise read and compile.
  mainFields: ['module', 'main'],
  // graphql and others are CommonJS: give them a require in the ESM bundle.
  banner: { js: "import { createRequire as __pceCreateRequire } from 'node:module'; const require = __pceCreateRequire(import.meta.url);" },
});
console.log(`bundle-cli: dist/cli/ in ${Math.round(performance.now() - started)} ms`);
