import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-results']);

const filesUnder = (dir: string, pattern: RegExp): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });

describe('links in the docs', () => {
  it('every relative link of every Markdown page names a file that exists', () => {
    const broken: string[] = [];
    for (const page of filesUnder(ROOT, /\.md$/)) {
      const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target!)) continue;
        const path = resolve(dirname(page), decodeURI(target!.replace(/#.*$/, '')));
        if (!existsSync(path)) broken.push(`${relative(ROOT, page)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every docs/ page the code and the tests point to exists', () => {
    const missing: string[] = [];
    for (const file of [...filesUnder(join(ROOT, 'src'), /\.(ts|tsx)$/), ...filesUnder(join(ROOT, 'test'), /\.ts$/), ...filesUnder(join(ROOT, 'scripts'), /\.m?js$/)]) {
      for (const [page] of readFileSync(file, 'utf8').matchAll(/\bdocs\/[\w-]+\.md\b/g)) {
        if (!existsSync(join(ROOT, page))) missing.push(`${relative(ROOT, file)} → ${page}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the tree', () => {
  it('speaks of the project only: no issue numbers, no paths of a machine', () => {
    // Built from pieces, so this file does not match itself. (Paths inside images and containers, like a
    // user's home there, are the product's own and allowed.)
    const history = new RegExp(['\\bissues? #?\\d+', '/wor' + 'k/', '/tm' + 'p/pce'].join('|'), 'i');
    const found: string[] = [];
    for (const dir of ['src', 'test', 'docs', 'scripts', 'bench', 'examples', 'fixtures']) {
      for (const file of filesUnder(join(ROOT, dir), /\.(ts|tsx|mjs|js|md|json|sh)$/)) {
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (history.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}`);
        });
      }
    }
    for (const file of ['README.md', 'Dockerfile', 'package.json']) {
      if (existsSync(join(ROOT, file)) && history.test(readFileSync(join(ROOT, file), 'utf8'))) found.push(file);
    }
    expect(found).toEqual([]);
  });
});
