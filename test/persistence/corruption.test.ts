/**
 * The corruption catalogue: damaged data files, journals, fixtures and snapshots. Each is
 * refused with a message naming the file (or input) and the problem, never half-loaded; the
 * files are left byte for byte as they were, and a refused start releases its lock.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../src/fixtures/load.js';
import { STATE_FORMAT, STATE_VERSION } from '../../src/store/snapshot.js';
import { createTestApp } from '../helpers/app.js';
import { catalogueLog, tryDamage, type Damage } from './damage.js';
import { ALICE, ACME, baseTables, keyRow, tempDir } from './helpers.js';

const tried = catalogueLog('corruption catalogue');

/** `{"a":{"a":…}}` nested `levels` deep, as text (JSON.stringify would overflow building it). */
const nested = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const document = async (): Promise<Record<string, unknown>> => ({ format: STATE_FORMAT, version: STATE_VERSION, seq: 0, clock: null, tables: await baseTables() });
const docText = async (edit: (doc: Record<string, unknown> & { tables: Awaited<ReturnType<typeof baseTables>> }) => void = () => undefined): Promise<string> => {
  const doc = (await document()) as Record<string, unknown> & { tables: Awaited<ReturnType<typeof baseTables>> };
  edit(doc);
  return JSON.stringify(doc, null, 1);
};
const line = (entry: unknown): string => `${JSON.stringify(entry)}\n`;
const invalidUtf8 = (text: string, marker: string): Buffer => {
  const at = Buffer.from(text.slice(0, text.indexOf(marker)), 'utf8').length;
  const bytes = Buffer.from(text, 'utf8');
  bytes[at] = 0xff;
  return bytes;
};

const CATALOGUE: Damage[] = [
  { name: 'data file: invalid UTF-8', data: async () => invalidUtf8(await docText((d) => { d.tables.tenants[0]!.name = 'Acme XCorp'; }), 'XCorp'), problem: /not valid UTF-8 \(an invalid byte sequence at byte \d+\)/, names: 'data' },
  { name: 'data file: nested 20,000 levels in tenant settings', data: async () => (await docText((d) => { d.tables.tenants[0]!.settings = { deep: 'DEEP' }; })).replace('"DEEP"', nested(20_000)), problem: /nested more than 64 levels deep/, names: 'data' },
  { name: 'data file: a directory', data: async () => 'directory', problem: /is a directory, not a file \(EISDIR\)/, names: 'data' },
  { name: 'data file: empty', data: async () => '', problem: /it is empty/, names: 'data' },
  { name: 'data file: truncated', data: async () => (await docText()).slice(0, 300), problem: /not valid JSON/, names: 'data' },
  { name: 'data file: a row without a required field', data: async () => docText((d) => { delete (d.tables.apiKeys[0] as Partial<(typeof d.tables.apiKeys)[0]>).keyHash; }), problem: /tables\.apiKeys\[0\]\.keyHash must be of type string/, names: 'data' },
  { name: 'journal: invalid UTF-8', data: async () => docText(), journal: async () => invalidUtf8(line({ seq: 1, ops: [['put', 'apiKeys', { ...keyRow(1), name: 'caf\u00e9' }]] }), '\u00e9'), problem: /line 1 is corrupt \(it is not valid UTF-8/, names: 'journal' },
  { name: 'journal: a row without a required field', data: async () => docText(), journal: async () => line({ seq: 1, ops: [['put', 'apiKeys', { ...keyRow(1), keyHash: undefined }]] }), problem: /line 1 is corrupt \(ops\[0\]: the apiKeys row\.keyHash must be of type string\)/, names: 'journal' },
  { name: 'journal: an unknown table', data: async () => docText(), journal: async () => line({ seq: 1, ops: [['put', 'widgets', { id: 'x' }]] }), problem: /line 1 is corrupt \(ops\[0\] names unknown table "widgets"\)/, names: 'journal' },
  { name: 'journal: an unknown op', data: async () => docText(), journal: async () => line({ seq: 1, ops: [['upsert', 'apiKeys', keyRow(1)]] }), problem: /line 1 is corrupt \(ops\[0\] has unknown kind "upsert"/, names: 'journal' },
  { name: 'journal: an op that is not a triple', data: async () => docText(), journal: async () => line({ seq: 1, ops: [['del']] }), problem: /line 1 is corrupt \(ops\[0\] must be \["put", table, row\]/, names: 'journal' },
  { name: 'journal: a bad seq on line 2', data: async () => docText(), journal: async () => line({ seq: 1, ops: [] }) + line({ seq: 'two', ops: [] }), problem: /line 2 is corrupt \(seq must be a whole number/, names: 'journal' },
  { name: 'journal: nested 20,000 levels', data: async () => docText(), journal: async () => `{"seq":1,"ops":[["put","agents",${nested(20_000)}]]}\n`, problem: /line 1 is corrupt \(the entry is nested more than 64 levels deep/, names: 'journal' },
  { name: 'journal: a key of an unknown user', data: async () => docText(), journal: async () => line({ seq: 1, ops: [['put', 'apiKeys', { ...keyRow(1), userId: '99999999-0000-4000-8000-000000000009' }]] }), problem: /with its journal replayed: tables\.apiKeys\[\d+\]\.userId refers to unknown users id/, names: 'data' },
  { name: 'journal: a garbage line before the end', data: async () => docText(), journal: async () => 'not json\n' + line({ seq: 1, ops: [] }), problem: /line 1 is corrupt/, names: 'journal' },
];

describe('the corruption catalogue: damaged data files and journals', () => {
  for (const damage of CATALOGUE) {
    it(`refuses ${damage.name}, naming the file, leaving it untouched and the lock released`, () => tryDamage(damage, tried));
  }
});

describe('the corruption catalogue: fixtures and snapshots', () => {
  const record = (name: string, refused: boolean): void => {
    tried.push({ name, refused, untouched: true, lockReleased: true });
  };

  it('refuses a fixture file with invalid UTF-8, naming the file', async () => {
    const file = join(tempDir(), 'bad.json');
    const text = JSON.stringify({ version: 1, tenants: [{ id: ACME, name: 'Acme XCorp', slug: 'acme' }] });
    writeFileSync(file, invalidUtf8(text, 'XCorp'));
    await expect(loadFixture({ file })).rejects.toThrow(new RegExp(`${file}: it is not valid UTF-8`));
    record('fixture file: invalid UTF-8', true);
  });

  it('refuses a fixture nested 20,000 levels deep in tenant settings, from a file and inline', async () => {
    const file = join(tempDir(), 'deep.json');
    writeFileSync(file, `{"version":1,"tenants":[{"id":"${ACME}","name":"Acme","slug":"acme","settings":${nested(20_000)}}]}`);
    await expect(loadFixture({ file })).rejects.toThrow(/deep\.json: \(root\) is nested more than 64 levels deep/);
    const inline = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    await expect(loadFixture({ inline })).rejects.toThrow(/fixture: \(root\) is nested more than 64 levels deep/);
    record('fixture: nested 20,000 levels', true);
  });

  it('refuses fixture times too far away to be dates, before anything changes', async () => {
    const fixture = { version: 1, tenants: [{ id: ACME, name: 'Acme', slug: 'acme' }], users: [{ id: ALICE, username: 'alice', memberships: [{ tenant_id: ACME, role: 'TENANT_ADMIN' }] }], api_keys: [{ name: 'far', user_id: ALICE, expires_at: '+99999999999999d' }] };
    await expect(loadFixture({ inline: fixture })).rejects.toThrow(/api_keys\[0\]\.expires_at is a duration too large/);
    const app = await createTestApp();
    try {
      const before = JSON.stringify(app.main.exportSnapshot());
      const res = await app.control('post', '/reset', { fixture });
      expect(res.status).toBe(400);
      expect(JSON.stringify(app.main.exportSnapshot())).toBe(before);
    } finally {
      await app.close();
    }
    record('fixture: time out of range', true);
  });

  it('refuses a snapshot or a control body nested 20,000 levels deep with 400, and every export still works', async () => {
    const app = await createTestApp();
    try {
      const doc = app.main.exportSnapshot() as unknown as { tables: { tenants: { settings: unknown }[] } };
      // A marker in the first tenant's settings, whatever the fixture puts there, becomes the deep value.
      const marked = structuredClone(doc);
      marked.tables.tenants[0]!.settings = '__deep__';
      const text = JSON.stringify(marked).replace('"__deep__"', nested(20_000));
      expect(text).not.toBe(JSON.stringify(doc));
      const before = JSON.stringify(app.main.exportSnapshot());
      const sent = await import('supertest').then(({ default: request }) => request(app.handler).put('/__emulator/snapshot').set('content-type', 'application/json').send(text));
      expect(sent.status).toBe(400);
      expect((sent.body as { error: { message: string } }).error.message).toMatch(/nested more than 64 levels deep/);
      await expect(app.main.importSnapshot(JSON.parse(text))).rejects.toThrow(/snapshot: \(root\) is nested more than 64 levels deep/);
      expect(JSON.stringify(app.main.exportSnapshot())).toBe(before);
      expect((await app.control('get', '/snapshot')).status).toBe(200);
      const reset = await import('supertest').then(({ default: request }) => request(app.handler).post('/__emulator/reset').set('content-type', 'application/json').send(`{"fixture":${nested(20_000)}}`));
      expect(reset.status).toBe(400);
    } finally {
      await app.close();
    }
    record('snapshot import: nested 20,000 levels', true);
    record('control body: nested 20,000 levels', true);
  });
});
