import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../../src/fixtures/load.js';
import { CONTROL_ROUTES, RESTORE_ROUTES } from '../control/routes.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** The docs say what the code does: routes, fields, examples. */
const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const codeBlocks = (markdown: string, lang: string): string[] =>
  [...markdown.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]!);

describe('docs/control-api.md', () => {
  const doc = read('docs/control-api.md');
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp(); });
  afterAll(async () => { await app.close(); });

  it('documents every control route', () => {
    for (const route of [...CONTROL_ROUTES, ...RESTORE_ROUTES]) {
      const method = route.method.toUpperCase();
      if (route.path.startsWith('/sandboxes/s1/__emulator')) {
        expect(doc, route.path).toContain(`…${route.path.slice('/sandboxes/s1/__emulator'.length)}`);
      } else {
        expect(doc, `${method} ${route.path}`).toContain(`${method} ${route.path.replace('/sandboxes/s1', '/sandboxes/:id')}`);
      }
    }
    expect(doc).toContain('/sandboxes/<id>/__emulator/clock');
  });

  it('documents only routes that exist', async () => {
    const headings = [...doc.matchAll(/^#{2,3} `(GET|POST|PUT|DELETE) (\/__emulator[^`\s]*)`/gm)].map((m) => [m[1]!.toLowerCase(), m[2]!] as const);
    expect(headings.length).toBeGreaterThanOrEqual(15);
    await app.control('post', '/sandboxes', { id: 'docs' });
    for (const [method, path] of headings) {
      const res = await app.control(method as 'get', path.replace('/__emulator', '').replace(':id', 'docs'), method === 'get' || method === 'delete' ? undefined : {});
      expect(res.text, `${method} ${path}`).not.toContain('No route for');
    }
  });

  it('has JSON examples that parse, and documents every error code the API sends', () => {
    for (const block of codeBlocks(doc, 'json')) expect(() => JSON.parse(block), block).not.toThrow();
    const handler = read('src/http/control/errors.ts');
    const codes = new Set([...handler.matchAll(/'([A-Z_]{6,})'/g)].map((m) => m[1]!));
    for (const code of ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'NOT_FOUND', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE']) codes.add(code);
    codes.delete('INTERNAL_SERVER_ERROR');
    for (const code of codes) expect(doc, code).toContain(`\`${code}\``);
  });
});

describe('docs/fixtures.md', () => {
  const doc = read('docs/fixtures.md');

  it('has complete examples that load', async () => {
    const blocks = codeBlocks(doc, 'json');
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    for (const block of blocks) {
      const loaded = await loadFixture({ inline: JSON.parse(block), source: 'docs example' });
      expect(loaded.fixture.tenants.length).toBeGreaterThan(0);
    }
  });

  it('documents every field of the format', () => {
    const file = fileURLToPath(new URL('../../src/fixtures/format.ts', import.meta.url));
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const fields = new Set<string>();
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node)) for (const member of node.members) fields.add(member.name!.getText(source));
    });
    expect(fields.size).toBeGreaterThan(20);
    for (const field of fields) expect(doc, field).toMatch(new RegExp(`\`${field}\``));
  });

  it('describes every ready fixture', () => {
    const names = readdirSync(new URL('../../fixtures/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(names).toEqual(expect.arrayContaining(['default', 'many-tenants', 'expiring-keys']));
    for (const name of names) expect(doc, name).toContain(`### \`${name}\``);
  });

  it('quotes the real validation messages', async () => {
    for (const line of doc.split('\n').filter((l) => l.startsWith('my-fixture.json: '))) {
      expect(line).toMatch(/^my-fixture\.json: [a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)* /);
    }
  });
});

describe('docs/testing-with-the-emulator.md', () => {
  const doc = read('docs/testing-with-the-emulator.md');

  it('quotes the examples exactly as they are in examples/', () => {
    const quoted = codeBlocks(doc, 'ts').filter((b) => b.startsWith('// examples/'));
    expect(quoted.length).toBe(4);
    for (const block of quoted) {
      const [first, ...rest] = block.split('\n');
      expect(rest.join('\n'), first).toBe(read(first!.slice('// '.length)));
    }
  });

  it('covers the three ways to run it, a health wait and sandboxes', () => {
    expect(doc).toContain('startEmulator(');
    expect(doc).toContain('npx prefect-cloud-emulator');
    expect(doc).toContain('services:');
    expect(doc).toMatch(/curl --fail[^\n]*\/health/);
    expect(doc).toContain('/__emulator/sandboxes');
    const dockerfile = read('Dockerfile');
    for (const variable of dockerfile.match(/PREFECT_EMULATOR_\w+/g) ?? []) expect(doc + read('docs/control-api.md'), variable).toContain(variable);
  });
});
