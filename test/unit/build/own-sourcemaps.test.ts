import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutSources, type SourceMap } from '../../../scripts/own-sourcemaps.mjs';

const map = (sources: string[], mappings: string): SourceMap => ({ version: 3, sources, sourcesContent: sources.map((s) => `// ${s}`), names: [], mappings });

describe('withoutSources: source maps of the project\'s own code only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pce-sourcemaps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drops a source, its content and its mappings, and re-bases the deltas of what follows', () => {
    // Three segments on one line: column 0 of a.ts, column 1 of the dependency, column 2 of c.ts.
    const trimmed = withoutSources(map(['a.ts', 'node_modules/b/index.js', 'c.ts'], 'AAAA,CCAA,CCAA'), (s) => s.includes('node_modules/'));
    expect(trimmed.sources).toEqual(['a.ts', 'c.ts']);
    expect(trimmed.sourcesContent).toEqual(['// a.ts', '// c.ts']);
    // c.ts, now source 1, still at generated column 2: +2 columns, +1 source.
    expect(trimmed.mappings).toBe('AAAA,ECAA');
  });

  it('keeps lines, names and negative deltas right across dropped segments', () => {
    // Line 1: a.ts line 5 col 3 (name 0); dependency. Line 2: a.ts line 2 col 0 (name 1).
    const trimmed = withoutSources(map(['a.ts', 'node_modules/b.js'], 'AAKGA,ECAA;ADHHC'), (s) => s.includes('node_modules/'));
    // The second line's a.ts segment is relative to the last kept one: line 5 -> 2, col 3 -> 0.
    expect(trimmed.mappings).toBe('AAKGA;AAHHC');
  });

  it('leaves a real esbuild map as it was when nothing is dropped, and rids it of a bundled package', async () => {
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'export const twice = (x) => { const y = x * 2; return y; };\n');
    writeFileSync(join(dir, 'own.ts'), "import { twice } from 'dep';\nexport const four = (): number => twice(2);\nconsole.log(four());\n");
    const out = await build({ entryPoints: [join(dir, 'own.ts')], bundle: true, write: false, sourcemap: 'external', outdir: join(dir, 'out'), format: 'esm', logLevel: 'silent' });
    const real = JSON.parse(out.outputFiles.find((f) => f.path.endsWith('.map'))!.text) as SourceMap;
    expect(real.sources.some((s) => s.includes('node_modules/dep'))).toBe(true);
    expect(withoutSources(real, () => false)).toEqual(real);
    const own = withoutSources(real, (s) => s.includes('node_modules/'));
    expect(own.sources).toEqual(real.sources.filter((s) => !s.includes('node_modules/')));
    expect(own.mappings.length).toBeGreaterThan(0);
    expect(own.mappings.length).toBeLessThan(real.mappings.length);
  });
});
