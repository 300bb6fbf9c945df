import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ and what each may import (docs/architecture.md draws them). Imports run one
 * way, from the top of this list down; the UI is a browser bundle apart from all of them. A new
 * folder under src/ is a new layer and fails this test until it is placed here.
 */
const ORDER = ['domain', 'clock', 'store', 'fixtures', 'service', 'graphql', 'http', 'config', 'index.ts', 'cli'] as const;
/** clock and store sit side by side on the domain: the store keeps the clock's state in snapshots. */
const LAYERS: Record<string, { below: readonly string[]; packages?: RegExp }> = {
  ...Object.fromEntries(ORDER.map((layer, i) => [layer, { below: ORDER.slice(0, i) }])),
  // Pure rules: no I/O, so no package but hashing.
  domain: { below: [], packages: /^node:crypto$/ },
  ui: { below: [], packages: /^preact(\/.*)?$/ },
};

const SRC = resolve(import.meta.dirname, '..', 'src');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });

/** Every module a file imports or re-exports, statically or with `import()`; type-only imports count too. */
const importsOf = (file: string): string[] => {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?\sfrom\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  const bare = [...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)];
  return [...found, ...bare].map((m) => m[1]!);
};

const layerOf = (path: string): string => {
  const [first] = relative(SRC, path).split(/[\\/]/);
  return first!.replace(/\.js$/, '.ts');
};

describe('the layers of src/', () => {
  const files = sourceFiles(SRC);

  it('every folder and top-level file of src/ is a layer with rules', () => {
    const layers = new Set(files.map(layerOf));
    expect([...layers].filter((l) => !(l in LAYERS))).toEqual([]);
  });

  it('every import runs down the layers, never up or sideways', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      const rules = LAYERS[from]!;
      for (const spec of importsOf(file)) {
        const at = `${relative(SRC, file)} imports ${spec}`;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (relative(SRC, target).startsWith('..')) {
            wrong.push(`${at}: outside src/`);
            continue;
          }
          const to = layerOf(target);
          if (to !== from && !rules.below.includes(to)) wrong.push(`${at}: ${from} may not import ${to}`);
        } else if (rules.packages && !rules.packages.test(spec)) {
          wrong.push(`${at}: ${from} may import no such package`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('finds the imports it checks (a self-test of the scan)', () => {
    const resolvers = join(SRC, 'graphql', 'resolvers.ts');
    expect(importsOf(resolvers)).toEqual(expect.arrayContaining(['../service/api-keys.js', './schema-types.js']));
    expect(importsOf(join(SRC, 'fixtures', 'load.ts'))).toContain('./generate.js');
    expect(importsOf(join(SRC, 'cli', 'main.ts'))).toContain('./heap.js');
  });
});

describe('file size', () => {
  const MAX_LINES = 300;
  const ROOT = resolve(SRC, '..');
  const GENERATED = /^\/\/ Generated from /;

  it(`no hand-written source file is over ${MAX_LINES} lines (split it by concern)`, () => {
    const long: string[] = [];
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'results' ? [] : walk(path);
      return /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [path] : [];
    });
    for (const file of ['src', 'test', 'bench', 'scripts'].flatMap((dir) => walk(join(ROOT, dir)))) {
      const text = readFileSync(file, 'utf8');
      if (GENERATED.test(text)) continue;
      const lines = text.split('\n').length - 1;
      if (lines > MAX_LINES) long.push(`${relative(ROOT, file)}: ${lines} lines`);
    }
    expect(long).toEqual([]);
  });
});
