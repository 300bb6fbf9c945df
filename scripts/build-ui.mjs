// Builds the browser UI (src/ui) into dist/ui/: index.html, app.js and app.css, minified and
// self-contained (no CDN, no remote fonts). The server serves dist/ui/ at /ui/. Run on its own
// or at the end of scripts/build.mjs; `--outdir DIR` builds elsewhere (the UI tests do).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'ui');
const flag = process.argv.indexOf('--outdir');
const out = flag > 0 && process.argv[flag + 1] ? resolve(process.argv[flag + 1]) : join(root, 'dist', 'ui');
const started = performance.now();

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: [{ in: join(src, 'main.ts'), out: 'app' }],
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(src, 'tsconfig.json'),
  legalComments: 'none',
  sourcemap: false,
  charset: 'utf8',
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
});

copyFileSync(join(src, 'index.html'), join(out, 'index.html'));

const sizes = Object.entries(result.metafile.outputs)
  .map(([file, o]) => `${file.split('/').pop()} ${(o.bytes / 1024).toFixed(1)} kB`)
  .join(', ');
console.log(`build-ui: ${relative(root, out) || '.'}/ (${sizes}, index.html) in ${Math.round(performance.now() - started)} ms`);
