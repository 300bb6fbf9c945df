import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type StateDocument } from '../../src/index.js';

const T0 = '2030-01-01T00:00:00.000Z';
const T0_MS = Date.parse(T0);
const DAY = 86_400_000;
const BOB = '1b1b1b1b-0000-4000-8000-000000000001';
const ALICE = '1a1a1a1a-0000-4000-8000-000000000001';
const GLOBEX = '22222222-2222-4222-8222-222222222222';
const DEFAULT_REFS = [
  'acme-tenant-admin', 'acme-user', 'acme-read-only-user', 'acme-service-account',
  'globex-tenant-admin', 'globex-user', 'globex-read-only-user', 'globex-service-account',
];

const gql = async (url: string, key: string | null, query: string, variables?: unknown) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } };
};
const whoIs = async (emulator: RunningEmulator, key: string): Promise<string> => {
  const res = await gql(emulator.graphqlUrl, key, '{ auth_info { user_id } }');
  return (res.body.data?.auth_info as { user_id: string } | undefined)?.user_id ?? res.body.errors?.[0]?.extensions?.code ?? 'none';
};
const canListen = (port: number, host = '127.0.0.1'): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });

const dir = mkdtempSync(join(tmpdir(), 'pce-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startEmulator() with no options', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => { emulator = await startEmulator({ logLevel: 'silent' }); });
  afterAll(async () => { await emulator.close(); });

  it('listens on 127.0.0.1 on a free port, and says where', async () => {
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.graphqlUrl).toBe(`${emulator.url}/graphql`);
    expect(emulator.controlUrl).toBe(`${emulator.url}/__emulator`);
    await expect(fetch(`http://127.0.0.2:${emulator.port}/health`)).rejects.toThrow();
  });

  it('serves GraphQL on url and graphqlUrl, and the control API on controlUrl', async () => {
    const key = emulator.key('acme-user');
    expect((await gql(emulator.graphqlUrl, key, '{ auth_info { user_id } }')).body.data).toEqual({ auth_info: { user_id: BOB } });
    expect((await gql(emulator.url, key, '{ auth_info { user_id } }')).body.data).toEqual({ auth_info: { user_id: BOB } });
    const clock = await fetch(`${emulator.controlUrl}/clock`);
    expect(clock.status).toBe(200);
  });

  it('keeps everything in memory, with the default fixture', async () => {
    const info = (await (await fetch(`${emulator.controlUrl}/info`)).json()) as { fixture: string; dataFile: string | null; version: string };
    expect(info).toMatchObject({ fixture: 'default', dataFile: null });
    expect(emulator.fixtureKeys().map((k) => k.ref)).toEqual(DEFAULT_REFS);
    expect(emulator.clock.isFrozen()).toBe(false);
  });

  it('gives fixture keys with their plaintext and who they act as', () => {
    const admin = emulator.fixtureKeys().find((k) => k.ref === 'acme-tenant-admin')!;
    expect(admin).toMatchObject({ username: 'alice@acme.test', roleName: 'TENANT_ADMIN', tenantSlug: 'acme', accountType: 'USER', expiresAt: null });
    expect(admin.key).toMatch(/^pce_[A-Za-z0-9_-]{43}$/);
    expect(emulator.key('acme-tenant-admin')).toBe(admin.key);
  });

  it('throws for an unknown ref, listing the known refs and no key', () => {
    let message = '';
    try {
      emulator.key('acme-owner');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('no fixture key with ref "acme-owner"');
    for (const ref of DEFAULT_REFS) expect(message).toContain(ref);
    for (const k of emulator.fixtureKeys()) expect(message.includes(k.key)).toBe(false);
  });
});

describe('startEmulator() controls', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => { emulator = await startEmulator({ frozenAt: T0, logLevel: 'silent', requestLogSize: 3 }); });
  afterEach(async () => { await emulator.reset(); });
  afterAll(async () => { await emulator.close(); });

  it('starts frozen at frozenAt, given as a string, a number or a Date', async () => {
    expect(emulator.clock.isFrozen()).toBe(true);
    expect(emulator.clock.now()).toEqual(new Date(T0));
    for (const frozenAt of [T0_MS, new Date(T0)]) {
      const other = await startEmulator({ frozenAt, logLevel: 'silent' });
      expect(other.clock.now().toISOString()).toBe(T0);
      await other.close();
    }
    await expect(startEmulator({ frozenAt: 'yesterday' })).rejects.toThrow('invalid instant "yesterday"');
  });

  it('freezes, sets, advances and unfreezes the clock; GraphQL sees it', async () => {
    const minted = await emulator.mintKey({ user_id: BOB, expires_at: '+30d' });
    emulator.clock.advance('P29D');
    expect(emulator.clock.now().toISOString()).toBe(new Date(T0_MS + 29 * DAY).toISOString());
    expect(await whoIs(emulator, minted.key)).toBe(BOB);
    emulator.clock.advance('1h30m');
    emulator.clock.advance(30 * 60_000);
    expect(emulator.clock.now().toISOString()).toBe(new Date(T0_MS + 29 * DAY + 2 * 3_600_000).toISOString());
    emulator.clock.advance('P1D');
    expect(await whoIs(emulator, minted.key)).toBe('UNAUTHENTICATED');
    emulator.clock.set('2030-01-15T00:00:00Z');
    expect(await whoIs(emulator, minted.key)).toBe(BOB);
    emulator.clock.set(new Date('2030-03-01T00:00:00Z'));
    expect(emulator.clock.now().toISOString()).toBe('2030-03-01T00:00:00.000Z');
    emulator.clock.freeze(T0_MS);
    expect(emulator.clock.now().toISOString()).toBe(T0);
    emulator.clock.unfreeze();
    expect(emulator.clock.isFrozen()).toBe(false);
    expect(emulator.clock.now().getTime()).toBeGreaterThanOrEqual(T0_MS);
    expect(emulator.clock.now().getTime()).toBeLessThan(T0_MS + 5_000);
    emulator.clock.freeze();
    expect(emulator.clock.isFrozen()).toBe(true);
  });

  it('refuses to advance backwards or by garbage, and a garbage instant', () => {
    expect(() => emulator.clock.advance('-1d')).toThrow('use set() to move the clock back');
    expect(() => emulator.clock.advance('soon')).toThrow('invalid duration "soon"');
    expect(() => emulator.clock.set('2030-01-01')).toThrow('invalid instant');
    expect(emulator.clock.now().toISOString()).toBe(T0);
  });

  it('mints keys: for users and service accounts, with a name, expiry and tenant', async () => {
    const forAlice = await emulator.mintKey({ user_id: ALICE, tenant_id: GLOBEX, name: 'alice in globex', expires_at: '2030-06-01T00:00:00Z' });
    expect(forAlice).toMatchObject({ user_id: ALICE, tenant_id: GLOBEX, name: 'alice in globex', expires_at: '2030-06-01T00:00:00.000Z' });
    expect(await whoIs(emulator, forAlice.key)).toBe(ALICE);
    const expired = await emulator.mintKey({ user_id: '1d1d1d1d-0000-4000-8000-000000000001', expires_at: '-1d' });
    expect(expired.expires_at).toBe('2029-12-31T00:00:00.000Z');
    expect(await whoIs(emulator, expired.key)).toBe('UNAUTHENTICATED');
    await expect(emulator.mintKey({ user_id: '99999999-0000-4000-8000-000000000009' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'user_id' });
  });

  it('resets to the start, or to another fixture by name, object or path; a bad one changes nothing', async () => {
    const minted = await emulator.mintKey({ user_id: BOB });
    emulator.clock.advance('P1D');
    await emulator.reset();
    expect(await whoIs(emulator, minted.key)).toBe('UNAUTHENTICATED');
    expect(emulator.clock.now().toISOString()).toBe(T0);

    await emulator.reset('expiring-keys');
    expect(emulator.fixtureKeys().map((k) => k.ref)).toContain('expires-in-1h');
    expect(await whoIs(emulator, emulator.key('expired'))).toBe('UNAUTHENTICATED');

    const file = join(dir, 'tiny.json');
    const tiny = {
      version: 1 as const,
      tenants: [{ id: '33333333-3333-4333-8333-333333333333', name: 'Tiny', slug: 'tiny' }],
      users: [{ id: '3a3a3a3a-0000-4000-8000-000000000003', username: 'tina', memberships: [{ tenant_id: '33333333-3333-4333-8333-333333333333', role: 'USER' }] }],
      api_keys: [{ ref: 'tina', name: 'tina', user_id: '3a3a3a3a-0000-4000-8000-000000000003' }],
    };
    writeFileSync(file, JSON.stringify(tiny));
    await emulator.reset(file);
    expect(emulator.fixtureKeys().map((k) => k.ref)).toEqual(['tina']);
    await emulator.reset({ ...tiny, api_keys: [{ ref: 'tina-2', name: 'tina', user_id: '3a3a3a3a-0000-4000-8000-000000000003' }] });
    expect(emulator.fixtureKeys().map((k) => k.ref)).toEqual(['tina-2']);
    const before = JSON.stringify(emulator.snapshot());
    await expect(emulator.reset({ ...tiny, api_keys: [{ name: 'x', user_id: BOB }] })).rejects.toThrow(`fixture: api_keys[0].user_id refers to unknown user or service account "${BOB}"`);
    expect(JSON.stringify(emulator.snapshot())).toBe(before);
    // The plain reset in afterEach returns to the last good fixture: go back to the default for the next tests.
    await emulator.reset('default');
  });

  it('snapshots and restores, losslessly and without plaintext', async () => {
    const kept = await emulator.mintKey({ user_id: BOB });
    const snapshot: StateDocument = emulator.snapshot();
    const text = JSON.stringify(snapshot);
    for (const k of [...emulator.fixtureKeys(), kept]) expect(text.includes(k.key)).toBe(false);
    const late = await emulator.mintKey({ user_id: BOB });
    emulator.clock.advance('P3D');
    await emulator.restore(snapshot);
    expect(emulator.snapshot()).toEqual(snapshot);
    expect(await whoIs(emulator, kept.key)).toBe(BOB);
    expect(await whoIs(emulator, late.key)).toBe('UNAUTHENTICATED');
    await expect(emulator.restore({ ...snapshot, format: 'nope' } as unknown as StateDocument)).rejects.toThrow('snapshot: format must be');
    expect(emulator.snapshot()).toEqual(snapshot);
  });

  it('returns the most recent requests, newest first, keeping requestLogSize of them', async () => {
    for (const name of ['One', 'Two', 'Three', 'Four']) await gql(emulator.graphqlUrl, null, `query ${name} { hello }`);
    expect(emulator.requests().map((r) => r.operationName)).toEqual(['Four', 'Three', 'Two']);
    expect(emulator.requests(1).map((r) => r.operationName)).toEqual(['Four']);
  });
});

describe('startEmulator() options', () => {
  it('adminToken protects the control API', async () => {
    const emulator = await startEmulator({ adminToken: 'api-admin-token-0000', logLevel: 'silent' });
    try {
      expect((await fetch(`${emulator.controlUrl}/clock`)).status).toBe(401);
      expect((await fetch(`${emulator.controlUrl}/clock`, { headers: { authorization: 'Bearer api-admin-token-0000' } })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('bodyLimit refuses larger bodies with 413', async () => {
    const emulator = await startEmulator({ bodyLimit: 200, logLevel: 'silent' });
    try {
      const res = await gql(emulator.graphqlUrl, null, `query { hello } # ${'x'.repeat(300)}`);
      expect(res.status).toBe(413);
    } finally {
      await emulator.close();
    }
  });

  it('a given port and host', async () => {
    const probe = await startEmulator({ logLevel: 'silent' });
    const port = probe.port;
    await probe.close();
    const emulator = await startEmulator({ port, host: '127.0.0.2', logLevel: 'silent' });
    try {
      expect(emulator.url).toBe(`http://127.0.0.2:${port}`);
      expect((await fetch(`${emulator.url}/health`)).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('a port in use rejects, and leaves nothing behind', async () => {
    const first = await startEmulator({ logLevel: 'silent' });
    const dataFile = join(dir, 'port-in-use', 'state.json');
    try {
      await expect(startEmulator({ port: first.port, dataFile, logLevel: 'silent' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // The data file's lock was released: another emulator may take it.
      const second = await startEmulator({ dataFile, logLevel: 'silent' });
      await second.close();
    } finally {
      await first.close();
    }
  });
});

describe('close()', () => {
  it('is idempotent and frees the port', async () => {
    const emulator = await startEmulator({ logLevel: 'silent' });
    const { port } = emulator;
    expect(await canListen(port)).toBe(false);
    await Promise.all([emulator.close(), emulator.close()]);
    await emulator.close();
    expect(await canListen(port)).toBe(true);
    await expect(fetch(`${emulator.url}/health`)).rejects.toThrow();
  });

  it('does not wait for idle keep-alive connections', async () => {
    const emulator = await startEmulator({ logLevel: 'silent' });
    expect((await fetch(`${emulator.url}/health`)).status).toBe(200);
    const started = Date.now();
    await emulator.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('dataFile', () => {
  it('persists across restarts; the fixture keys still in it are offered', async () => {
    const dataFile = join(dir, 'persist', 'state.json');
    const first = await startEmulator({ dataFile, logLevel: 'silent' });
    const minted = await first.mintKey({ user_id: BOB, name: 'survives a restart' });
    const deleted = await gql(first.graphqlUrl, first.key('acme-user'), 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', {
      input: { key_id: first.fixtureKeys().find((k) => k.ref === 'acme-user')!.id },
    });
    expect(deleted.body.data).toEqual({ delete_api_key: { success: true } });
    await expect(startEmulator({ dataFile, logLevel: 'silent' })).rejects.toThrow(/already open in this process|in use by another emulator/);
    await first.close();
    expect(readFileSync(dataFile, 'utf8')).toContain('survives a restart');

    const second = await startEmulator({ dataFile, logLevel: 'silent' });
    try {
      expect(await whoIs(second, minted.key)).toBe(BOB);
      expect(second.fixtureKeys().map((k) => k.ref)).toEqual(DEFAULT_REFS.filter((r) => r !== 'acme-user'));
      expect(() => second.key('acme-user')).toThrow('no fixture key with ref "acme-user"');
      const info = (await (await fetch(`${second.controlUrl}/info`)).json()) as { dataFile: string };
      expect(info.dataFile).toBe(dataFile);
    } finally {
      await second.close();
    }
  });
});
