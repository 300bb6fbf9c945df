// The ready fixtures built at build time, for dist/lib/emulator.js (scripts/bundle-cli.mjs puts
// them in place of src/fixtures/prebuilt-data.ts; src/fixtures/prebuilt.ts says why). Each
// fixture of fixtures/ without flow records (those are built again at every other instant) is
// validated and built by the same sources the bundle is made from, bundled here into a temporary
// module (in node_modules/, where its packages resolve) and run; the bundle gets the SHA-256 and
// size of each file with what building it gave. A key the fixture leaves without plaintext is
// minted anew by every copy of the template, so the build gives it a placeholder, never a key.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(root, 'fixtures');
/** What a minted key is until a copy of the template mints it: the shape of a key, plainly not one. */
const PLACEHOLDER = `pce_${'0'.repeat(43)}`;

/** The JSON of the PrebuiltFixture list (src/fixtures/prebuilt.ts), built from the sources as they are now. */
export const prebuiltFixturesJson = async () => {
  // Inside the project, so the module finds the packages it leaves external.
  const dir = mkdtempSync(join(root, 'node_modules', '.prebuilt-fixtures-'));
  try {
    const out = join(dir, 'build-fixtures.mjs');
    await build({
      stdin: {
        contents: [
          "export { loadFixture } from './src/fixtures/load.ts';",
          "export { buildFixture } from './src/fixtures/build.ts';",
          "export { fixtureDigest } from './src/fixtures/prebuilt.ts';",
          "export { hasFlowRecords } from './src/fixtures/template.ts';",
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: out,
      logLevel: 'warning',
      // The sources find fixtures/ from import.meta.url, two levels below the root.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'src', 'fixtures', 'load.ts')).href) },
    });
    const { loadFixture, buildFixture, fixtureDigest, hasFlowRecords } = await import(pathToFileURL(out).href);
    const builtAt = Date.now();
    const list = [];
    for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()) {
      const file = join(FIXTURES, name);
      const bytes = readFileSync(file);
      const { fixture } = await loadFixture({ file });
      if (hasFlowRecords(fixture)) continue;
      const built = buildFixture(fixture, builtAt, () => PLACEHOLDER);
      list.push({ sha256: fixtureDigest(bytes), bytes: bytes.length, builtAt, built });
    }
    return JSON.stringify(list);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** How many times the plugin below put the fixtures in place (the build fails when it did not). */
export const prebuiltApplied = { count: 0 };

/** The esbuild plugin that puts {@link prebuiltFixturesJson} in place of src/fixtures/prebuilt-data.ts. */
export const prebuiltFixtures = {
  name: 'prebuilt-fixtures',
  /** @param {import('esbuild').PluginBuild} b */
  setup: (b) => {
    b.onLoad({ filter: /[\\/]src[\\/]fixtures[\\/]prebuilt-data\.ts$/ }, async () => {
      prebuiltApplied.count++;
      const json = await prebuiltFixturesJson();
      return { contents: `export const PREBUILT_FIXTURES = ${JSON.stringify(json)};\n`, loader: 'ts' };
    });
  },
};
