import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Fixture, type RunningEmulator } from '../../src/index.js';
import { FixtureError } from '../../src/fixtures/validate.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { base, INVALID_FIXTURES } from './invalid-fixtures.js';

const T0 = '2030-01-01T00:00:00.000Z';
const T0_MS = Date.parse(T0);
const DAY = 86_400_000;

const readyFixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;

const who = async (app: TestApp, key: string) => {
  const res = await app.gql('{ auth_info { user_id tenant_id role } }', { key });
  return { info: res.body.data?.auth_info as { user_id: string; tenant_id: string; role: string } | null, code: res.body.errors?.[0]?.extensions?.code ?? null };
};

describe('ready fixture: many-tenants', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp({ fixture: 'many-tenants' }); });
  afterEach(async () => { await app.close(); });
  const fixture = readyFixture('many-tenants');

  it('has six or more tenants, users in several of them, and a ref on every key', () => {
    expect(fixture.tenants.length).toBeGreaterThanOrEqual(6);
    const multi = (fixture.users ?? []).filter((u) => u.memberships.length > 1);
    expect(multi.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...multi.map((u) => u.memberships.length))).toBe(fixture.tenants.length);
    for (const key of fixture.api_keys ?? []) {
      expect(key.ref).toMatch(/^[a-z0-9-]+$/);
      expect(key.key).toMatch(/^pce_[A-Za-z0-9_-]{43}$/);
    }
    expect(app.main.fixtureKeys.map((k) => k.ref)).toEqual((fixture.api_keys ?? []).map((k) => k.ref));
  });

  it('gives every key the tenant and role its metadata says', async () => {
    expect(app.main.fixtureKeys.length).toBeGreaterThanOrEqual(20);
    for (const key of app.main.fixtureKeys) {
      const { info, code } = await who(app, key.key);
      expect(code, key.ref).toBeNull();
      expect(info, key.ref).toEqual({ user_id: key.userId, tenant_id: key.tenantId, role: key.roleName });
    }
    const consultant = app.main.fixtureKeys.filter((k) => k.ref.startsWith('consultant-'));
    expect(new Set(consultant.map((k) => k.tenantId)).size).toBe(6);
    expect(new Set(consultant.map((k) => k.roleName))).toEqual(new Set(['USER', 'READ_ONLY_USER', 'TENANT_ADMIN']));
  });

  it('lists each tenant of a multi-tenant user', async () => {
    const key = app.main.fixtureKeys.find((k) => k.ref === 'consultant-hooli')!;
    const res = await app.gql('{ tenant(order_by: { slug: asc }) { slug } }', { key: key.key });
    expect((res.body.data?.tenant as { slug: string }[]).map((t) => t.slug)).toEqual(
      [...fixture.tenants.map((t) => t.slug)].sort(),
    );
  });
});

describe('ready fixture: expiring-keys', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp({ fixture: 'expiring-keys', frozenAt: T0_MS }); });
  afterEach(async () => { await app.close(); });

  const key = (ref: string): string => app.key(ref);
  const works = async (ref: string): Promise<boolean> => (await who(app, key(ref))).code === null;

  it('resolves relative expiries from the clock at load', () => {
    const expiry = Object.fromEntries(app.main.fixtureKeys.map((k) => [k.ref, k.expiresAt]));
    expect(expiry).toEqual({
      'expired': new Date(T0_MS - DAY).toISOString(),
      'expires-in-1h': '2030-01-01T01:00:00.000Z',
      'expires-in-30d': new Date(T0_MS + 30 * DAY).toISOString(),
      'never-expires': null,
      'expired-long-ago': '2026-01-01T00:00:00.000Z',
      'service-account-expires-in-1h': '2030-01-01T01:00:00.000Z',
      'service-account-never-expires': null,
    });
  });

  it('has keys already expired, expiring within the hour, in a month, and never', async () => {
    expect(await works('expired')).toBe(false);
    expect((await who(app, key('expired'))).code).toBe('UNAUTHENTICATED');
    expect(await works('expired-long-ago')).toBe(false);
    for (const ref of ['expires-in-1h', 'service-account-expires-in-1h', 'expires-in-30d', 'never-expires', 'service-account-never-expires']) {
      expect(await works(ref), ref).toBe(true);
    }
    app.main.clock.advance(60 * 60_000);
    expect(await works('expires-in-1h')).toBe(false);
    expect(await works('service-account-expires-in-1h')).toBe(false);
    expect(await works('expires-in-30d')).toBe(true);
    app.main.clock.advance(30 * DAY);
    expect(await works('expires-in-30d')).toBe(false);
    app.main.clock.advance(100 * 365 * DAY);
    expect(await works('never-expires')).toBe(true);
    expect(await works('service-account-never-expires')).toBe(true);
  });
});

describe('ready fixture: default', () => {
  it('loads, with a ref on every key', async () => {
    const app = await createTestApp({ fixture: 'default' });
    try {
      expect(app.main.fixtureKeys.map((k) => k.ref)).toEqual((readyFixture('default').api_keys ?? []).map((k) => k.ref));
    } finally {
      await app.close();
    }
  });
});

describe('invalid fixtures fail at load, naming the exact path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pce-fixtures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the base fixture the cases break is valid', async () => {
    const emulator = await startEmulator({ fixture: base(), logLevel: 'silent' });
    expect(emulator.fixtureKeys().map((k) => k.ref)).toEqual(['ann', 'ben', 'bot']);
    await emulator.close();
  });

  it.each(INVALID_FIXTURES)('%s, as an object', async (_label, breakIt, message) => {
    const fixture = base();
    breakIt(fixture);
    const started = startEmulator({ fixture, logLevel: 'silent' });
    await expect(started).rejects.toThrow(FixtureError);
    await expect(started).rejects.toThrow(`fixture: ${message}`);
  });

  it.each(INVALID_FIXTURES.slice(0, 6))('%s, as a file: the message names the file too', async (label, breakIt, message) => {
    const fixture = base();
    breakIt(fixture);
    const file = join(dir, `${label.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(fixture, null, 2));
    await expect(startEmulator({ fixture: file, logLevel: 'silent' })).rejects.toThrow(`${file}: ${message}`);
  });

  it('a file that is not JSON, or missing, or not an object', async () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ "version": 1, ');
    await expect(startEmulator({ fixture: notJson })).rejects.toThrow(`${notJson}: not valid JSON`);
    await expect(startEmulator({ fixture: join(dir, 'missing.json') })).rejects.toThrow(`cannot read fixture file ${join(dir, 'missing.json')}: ENOENT`);
    const array = join(dir, 'array.json');
    writeFileSync(array, '[]');
    await expect(startEmulator({ fixture: array })).rejects.toThrow(`${array}: (root) must be a JSON object`);
    await expect(startEmulator({ fixture: 'no-such-ready-fixture' })).rejects.toThrow('unknown fixture "no-such-ready-fixture"');
  });

  it('a bad generate spec', async () => {
    await expect(startEmulator({ generate: 'tenants=0' })).rejects.toThrow('invalid --generate value "tenants=0": tenants must be at least 1');
  });
});

describe('generated fixtures are deterministic', () => {
  const started: RunningEmulator[] = [];
  afterAll(async () => { await Promise.all(started.map((e) => e.close())); });
  const start = async (seed: number, frozenAt: string = T0): Promise<RunningEmulator> => {
    const emulator = await startEmulator({ generate: 'tenants=3,users=12,service-accounts=3,keys-per-user=2', seed, frozenAt, logLevel: 'silent' });
    started.push(emulator);
    return emulator;
  };

  it('the same seed and options give a byte-identical state, ids and dates included', async () => {
    const [a, b] = await Promise.all([start(42), start(42)]);
    const snapshotA = JSON.stringify(a.snapshot());
    expect(JSON.stringify(b.snapshot())).toBe(snapshotA);
    expect(a.snapshot().tables.apiKeys).toHaveLength(30);
    expect(b.fixtureKeys()).toEqual(a.fixtureKeys());
    // A key of one authenticates on the other.
    const never = a.fixtureKeys().find((k) => k.expiresAt === null)!;
    const res = await fetch(`${b.graphqlUrl}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${never.key}` },
      body: JSON.stringify({ query: '{ auth_info { user_id } }' }),
    });
    expect(((await res.json()) as { data: { auth_info: { user_id: string } } }).data.auth_info.user_id).toBe(never.userId);
  });

  it('another seed gives another state', async () => {
    const [a, c] = await Promise.all([start(42), start(43)]);
    expect(JSON.stringify(c.snapshot())).not.toBe(JSON.stringify(a.snapshot()));
    expect(c.fixtureKeys()[0]!.key).not.toBe(a.fixtureKeys()[0]!.key);
    expect(c.snapshot().tables.tenants[0]!.id).not.toBe(a.snapshot().tables.tenants[0]!.id);
  });
});
