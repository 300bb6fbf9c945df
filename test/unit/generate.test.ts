import { describe, it, expect } from 'vitest';
import type { Fixture } from '../../src/fixtures/format.js';
import { generateFixture, parseGenerateSpec, type GenerateOptions } from '../../src/fixtures/generate.js';

const KEY_FORMAT = /^pce_[A-Za-z0-9_-]{43}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BASE_TIME = '2026-01-01T00:00:00.000Z';
const BASE_MS = Date.parse(BASE_TIME);

const small: GenerateOptions = { tenants: 3, users: 20, serviceAccounts: 5, keysPerUser: 2, seed: 42 };

function expectUnique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  const duplicates = values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
  expect(duplicates, `duplicate ${what}`).toEqual([]);
}

/** Checks every structural promise of generateFixture; shared by the small and edge-case fixtures. */
function expectConsistent(fixture: Fixture, options: GenerateOptions): void {
  const tenants = fixture.tenants;
  const users = fixture.users ?? [];
  const serviceAccounts = fixture.service_accounts ?? [];
  const keys = fixture.api_keys ?? [];

  expect(fixture.version).toBe(1);
  expect(tenants).toHaveLength(options.tenants);
  expect(users).toHaveLength(options.users);
  expect(serviceAccounts).toHaveLength(options.serviceAccounts);
  expect(keys).toHaveLength((options.users + options.serviceAccounts) * options.keysPerUser);

  const tenantIds = new Set(tenants.map((t) => t.id));
  const ownerTenants = new Map<string, Set<string>>();
  for (const user of users) {
    expect(user.memberships.length).toBeGreaterThanOrEqual(1);
    if (options.users * 3 >= options.tenants) expect(user.memberships.length).toBeLessThanOrEqual(3);
    for (const m of user.memberships) {
      expect(tenantIds.has(m.tenant_id), `membership tenant ${m.tenant_id}`).toBe(true);
      expect(['TENANT_ADMIN', 'USER', 'READ_ONLY_USER']).toContain(m.role);
    }
    expectUnique(user.memberships.map((m) => m.tenant_id), `membership tenants of ${user.username}`);
    ownerTenants.set(user.id, new Set(user.memberships.map((m) => m.tenant_id)));
  }
  for (const sa of serviceAccounts) {
    expect(tenantIds.has(sa.tenant_id), `service account tenant ${sa.tenant_id}`).toBe(true);
    expect(['TENANT_ADMIN', 'USER']).toContain(sa.role);
    ownerTenants.set(sa.id, new Set([sa.tenant_id]));
  }
  for (const key of keys) {
    const owned = ownerTenants.get(key.user_id);
    expect(owned, `owner of key ${key.ref}`).toBeDefined();
    expect(owned!.has(key.tenant_id!), `tenant of key ${key.ref} is one of its owner's`).toBe(true);
    expect(key.key).toMatch(KEY_FORMAT);
  }

  if (options.users > 0) {
    for (const tenant of tenants) {
      const hasAdmin = users.some((u) =>
        u.memberships.some((m) => m.tenant_id === tenant.id && m.role === 'TENANT_ADMIN'),
      );
      expect(hasAdmin, `tenant ${tenant.slug} has a TENANT_ADMIN`).toBe(true);
    }
  }

  expectUnique(tenants.map((t) => t.slug), 'tenant slugs');
  expectUnique(tenants.map((t) => t.name), 'tenant names');
  expectUnique(users.map((u) => u.username), 'usernames');
  expectUnique(users.map((u) => u.email ?? ''), 'emails');
  expectUnique(keys.map((k) => k.key ?? ''), 'key plaintexts');
  expectUnique(keys.map((k) => k.ref ?? ''), 'key refs');
  const allIds = [
    ...tenants.map((t) => t.id),
    ...users.flatMap((u) => [u.id, ...u.memberships.map((m) => m.id ?? '')]),
    ...serviceAccounts.flatMap((sa) => [sa.id, sa.membership_id ?? '']),
    ...keys.map((k) => k.id ?? ''),
  ];
  for (const id of allIds) expect(id).toMatch(UUID_V4);
  expectUnique(allIds, 'ids');
}

describe('generateFixture', () => {
  it('is deterministic: the same options give a byte-identical fixture', () => {
    expect(JSON.stringify(generateFixture(small))).toBe(JSON.stringify(generateFixture(small)));
  });

  it('gives a different fixture for a different seed', () => {
    const a = generateFixture(small);
    const b = generateFixture({ ...small, seed: 43 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(a.tenants[0]!.id).not.toBe(b.tenants[0]!.id);
    expect(a.api_keys![0]!.key).not.toBe(b.api_keys![0]!.key);
  });

  it('is not disturbed by the global faker or Math.random', async () => {
    const before = JSON.stringify(generateFixture(small));
    const { faker } = await import('@faker-js/faker');
    faker.seed(999);
    faker.string.uuid();
    Math.random();
    expect(JSON.stringify(generateFixture(small))).toBe(before);
  });

  it('produces the requested counts, with every reference resolving and every unique thing unique', () => {
    expectConsistent(generateFixture(small), small);
  });

  it.each<[string, GenerateOptions]>([
    ['defaults', { tenants: 2, users: 10, serviceAccounts: 2, keysPerUser: 1, seed: 1 }],
    ['a single tenant', { tenants: 1, users: 5, serviceAccounts: 3, keysPerUser: 3, seed: 2 }],
    ['more tenants than users', { tenants: 7, users: 2, serviceAccounts: 9, keysPerUser: 1, seed: 3 }],
    ['no users', { tenants: 2, users: 0, serviceAccounts: 4, keysPerUser: 2, seed: 4 }],
    ['no keys', { tenants: 3, users: 6, serviceAccounts: 2, keysPerUser: 0, seed: 5 }],
    ['many tenants (slug deduplication)', { tenants: 400, users: 400, serviceAccounts: 0, keysPerUser: 1, seed: 6 }],
  ])('stays consistent for %s', (_label, options) => {
    expectConsistent(generateFixture(options), options);
  });

  it('uses the documented ref forms', () => {
    const fixture = generateFixture(small);
    const user = fixture.users![0]!;
    const refs = new Set(fixture.api_keys!.map((k) => k.ref));
    expect(refs.has(`user-${user.username}-1`)).toBe(true);
    expect(refs.has(`user-${user.username}-2`)).toBe(true);
    const firstTenant = fixture.tenants[0]!;
    expect(refs.has(`sa-${firstTenant.slug}-1-1`)).toBe(true);
    // 5 service accounts over 3 tenants: the first tenant gets the 1st and the 4th.
    expect(refs.has(`sa-${firstTenant.slug}-2-2`)).toBe(true);
  });

  it('spreads service accounts round-robin over the tenants', () => {
    const fixture = generateFixture(small);
    const tenantOrder = fixture.tenants.map((t) => t.id);
    expect(fixture.service_accounts!.map((sa) => sa.tenant_id)).toEqual(
      [0, 1, 2, 0, 1].map((i) => tenantOrder[i]),
    );
  });

  it('gives absolute dates derived from baseTime: created before it, expiries mostly null, some future, some past', () => {
    const options = { tenants: 3, users: 200, serviceAccounts: 10, keysPerUser: 3, seed: 7 };
    const fixture = generateFixture(options);
    const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const created = [
      ...fixture.tenants.map((t) => t.created),
      ...fixture.users!.map((u) => u.created),
      ...fixture.service_accounts!.map((sa) => sa.created),
      ...fixture.api_keys!.map((k) => k.created),
    ];
    for (const c of created) {
      expect(c).toMatch(isoUtc);
      const ms = Date.parse(c!);
      expect(ms).toBeLessThan(BASE_MS);
      expect(ms).toBeGreaterThanOrEqual(BASE_MS - 365 * 86_400_000);
    }
    const expiries = fixture.api_keys!.map((k) => k.expires_at);
    const never = expiries.filter((e) => e === null).length;
    const future = expiries.filter((e) => e !== null && Date.parse(e!) > BASE_MS).length;
    const past = expiries.filter((e) => e !== null && Date.parse(e!) < BASE_MS).length;
    expect(never + future + past).toBe(expiries.length);
    expect(never).toBeGreaterThan(expiries.length / 2);
    expect(future).toBeGreaterThan(0);
    expect(past).toBeGreaterThan(0);
    expect(past).toBeLessThan(future);
    for (const k of fixture.api_keys!) {
      if (k.expires_at !== null && k.expires_at !== undefined) {
        expect(k.expires_at).toMatch(isoUtc);
        expect(Date.parse(k.expires_at)).toBeGreaterThanOrEqual(Date.parse(k.created!));
      }
    }
  });

  it('moves every date with baseTime and changes nothing else', () => {
    const a = generateFixture(small);
    const b = generateFixture({ ...small, baseTime: '2030-06-15T12:00:00.000Z' });
    const shift = Date.parse('2030-06-15T12:00:00.000Z') - BASE_MS;
    expect(b.api_keys!.map((k) => k.key)).toEqual(a.api_keys!.map((k) => k.key));
    expect(b.tenants.map((t) => Date.parse(t.created!) - shift)).toEqual(a.tenants.map((t) => Date.parse(t.created!)));
  });

  it('mixes the member roles', () => {
    const fixture = generateFixture({ tenants: 3, users: 100, serviceAccounts: 20, keysPerUser: 0, seed: 8 });
    const roles = new Set(fixture.users!.flatMap((u) => u.memberships.map((m) => m.role)));
    expect([...roles].sort()).toEqual(['READ_ONLY_USER', 'TENANT_ADMIN', 'USER']);
    const saRoles = new Set(fixture.service_accounts!.map((sa) => sa.role));
    expect(saRoles.has('TENANT_ADMIN')).toBe(true);
  });

  it('rejects options the CLI would reject', () => {
    expect(() => generateFixture({ ...small, tenants: 0 })).toThrow(/tenants must be at least 1/);
    expect(() => generateFixture({ ...small, users: -1 })).toThrow(/users must not be negative/);
    expect(() => generateFixture({ ...small, keysPerUser: 1.5 })).toThrow(/keys-per-user must be a whole number/);
    expect(() => generateFixture({ ...small, users: 600_000, keysPerUser: 2 })).toThrow(/limit of 1000000/);
    expect(() => generateFixture({ ...small, baseTime: 'yesterday' })).toThrow(/baseTime "yesterday"/);
  });

  it('generates about 100k keys with the right count and no duplicate keys', () => {
    const options = { tenants: 10, users: 1000, serviceAccounts: 100, keysPerUser: 90, seed: 2026 };
    const fixture = generateFixture(options);
    const keys = fixture.api_keys!;
    expect(keys).toHaveLength(99_000);
    expect(new Set(keys.map((k) => k.key)).size).toBe(99_000);
    expect(new Set(keys.map((k) => k.ref)).size).toBe(99_000);
    expect(keys.every((k) => KEY_FORMAT.test(k.key!))).toBe(true);
  });
});

describe('parseGenerateSpec', () => {
  it('parses the documented form', () => {
    expect(parseGenerateSpec('tenants=3,users=20,service-accounts=5,keys-per-user=2')).toEqual({
      tenants: 3,
      users: 20,
      serviceAccounts: 5,
      keysPerUser: 2,
    });
  });

  it('defaults every key left out', () => {
    expect(parseGenerateSpec('')).toEqual({ tenants: 2, users: 10, serviceAccounts: 2, keysPerUser: 1 });
    expect(parseGenerateSpec('users=50')).toEqual({ tenants: 2, users: 50, serviceAccounts: 2, keysPerUser: 1 });
    expect(parseGenerateSpec(' keys-per-user = 0 , ')).toEqual({
      tenants: 2,
      users: 10,
      serviceAccounts: 2,
      keysPerUser: 0,
    });
  });

  it('accepts zero users and service accounts, and exactly the key limit', () => {
    expect(parseGenerateSpec('users=0,service-accounts=0')).toMatchObject({ users: 0, serviceAccounts: 0 });
    expect(parseGenerateSpec('users=999998,service-accounts=2,keys-per-user=1')).toMatchObject({ users: 999_998 });
  });

  it.each([
    ['users=abc', 'invalid --generate value "users=abc": users must be a whole number'],
    ['tenants=1.5', 'invalid --generate value "tenants=1.5": tenants must be a whole number'],
    ['users=', 'invalid --generate value "users=": users must be a whole number'],
    ['keys-per-user=1e3', 'invalid --generate value "keys-per-user=1e3": keys-per-user must be a whole number'],
    ['service-accounts=-2', 'invalid --generate value "service-accounts=-2": service-accounts must not be negative'],
    ['users=3,tenants=0', 'invalid --generate value "tenants=0": tenants must be at least 1'],
    ['users=5,colour=blue', 'invalid --generate value "colour=blue": unknown key "colour"'],
    ['serviceAccounts=2', 'invalid --generate value "serviceAccounts=2": unknown key "serviceAccounts"'],
    ['users', 'invalid --generate value "users": expected key=value'],
    ['users=1,users=2', 'invalid --generate value "users=2": users is given more than once'],
    ['tenants=2000000', 'invalid --generate value "tenants=2000000": tenants must be at most 1000000'],
    [
      'users=1000000,keys-per-user=2',
      'invalid --generate value "users=1000000,keys-per-user=2": (users + service-accounts) * keys-per-user = 2000004 API keys',
    ],
  ])('rejects %s, naming the bad part', (spec, message) => {
    expect(() => parseGenerateSpec(spec)).toThrow(Error);
    expect(() => parseGenerateSpec(spec)).toThrow(message);
  });
});
