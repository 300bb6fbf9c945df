import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| ([^|]+?) \| ([A-Z_]+) \| ([a-z]+) \| `(pce_[\w-]+)` \|$/gm)].map((m) => ({
  ref: m[1]!, who: m[2]!, role: m[3]!, tenant: m[4]!, key: m[5]!,
}));

describe('the README', () => {
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp(); });
  afterAll(async () => { await app.close(); });

  it('lists every default fixture key', () => {
    expect(rows.map((r) => r.ref).sort()).toEqual(app.main.fixtureKeys.map((k) => k.ref).sort());
  });

  it('shows keys that act as the users and roles it says', async () => {
    for (const row of rows) {
      const res = await app.gql('{ auth_info { role } tenant { slug } user { username } }', { key: row.key });
      expect(res.body.errors, row.ref).toBeUndefined();
      expect(res.body.data?.auth_info.role, row.ref).toBe(row.role);
      expect(res.body.data?.user[0].username, row.ref).toContain(row.who.replace(/@.*/, ''));
      expect(res.body.data?.tenant.map((t: { slug: string }) => t.slug), row.ref).toContain(row.tenant);
    }
  });

  it('curl example query runs as written (object variables absent)', async () => {
    const query = /"query": "(\{ auth_info[^"]+)"/.exec(readme)?.[1];
    expect(query).toBeDefined();
    const res = await app.gql(query!, { key: rows[0]!.key, stringVariables: false });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.auth_info.role).toBe('TENANT_ADMIN');
  });
});
