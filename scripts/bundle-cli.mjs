// Bundles the CLI (dist/cli/main.js) and the programmatic API (dist/lib/index.js, re-exported by
// dist/index.js) so start-up reads a few files instead of resolving hundreds of modules. Bundle
// or depend, never both: the packages in package.json's "dependencies" (the GraphiQL renderer,
// faker) stay outside the bundle and are loaded from node_modules on first use; everything else
// the code imports is bundled, and is a devDependency. Code splitting keeps what start-up does
// not need (faker for --generate, express for the control API and UI, GraphiQL) in chunks loaded
// on first use. Every file sits two levels below the package root (dist/cli/, dist/lib/) like the
// src/*/ files, so the paths the code builds from import.meta.url (schema.graphql, fixtures/,
// package.json, dist/ui/) stay the same. Source maps cover the project's own code only.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownSourcesOnly } from './own-sourcemaps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const dir of ['cli', 'lib']) rmSync(join(dist, dir), { recursive: true, force: true });
const started = performance.now();
await build({
  entryPoints: { 'cli/main': join(root, 'src', 'cli', 'main.ts'), 'lib/index': join(root, 'src', 'index.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies ?? {}),
  sourcemap: 'linked',
  chunkNames: 'cli/[name]-[hash]',
  legalComments: 'linked',
  minify: true,
  logLevel: 'warning',
  // graphql and others are CommonJS: give them a require in the ESM bundle.
  banner: { js: "import { createRequire as __pceCreateRequire } from 'node:module'; const require = __pceCreateRequire(import.meta.url);" },
});
ownSourcesOnly(['cli', 'lib'].flatMap((dir) => readdirSync(join(dist, dir)).filter((f) => f.endsWith('.map')).map((f) => join(dist, dir, f))));
// The package's entry point (tsc writes only its declarations, dist/index.d.ts).
writeFileSync(join(dist, 'index.js'), "export * from './lib/index.js';\n");
console.log(`bundle-cli: dist/cli/ and dist/lib/ in ${Math.round(performance.now() - started)} ms`);
