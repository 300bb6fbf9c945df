import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { controlError, defaultFixtureSecrets, expectNoSecret, whoIs } from './helpers.js';

const T0 = '2030-01-01T00:00:00.000Z';
const KEY_FORMAT = /^pce_[A-Za-z0-9_-]{43}$/;

interface Minted { id: string; key: string; name: string; user_id: string; tenant_id: string; expires_at: string | null }

describe('control API: minting keys for tests', () => {
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp({ frozenAt: Date.parse(T0) }); });
  afterAll(async () => { await app.close(); });

  const mint = async (body: unknown): Promise<Minted> => {
    const res = await app.control('post', '/keys', body);
    expect(res.status, res.text).toBe(201);
    return res.body as Minted;
  };

  it('mints a key for a user, bound to the default tenant, that authenticates on GraphQL', async () => {
    const minted = await mint({ user_id: ids.alice });
    expect(minted).toMatchObject({ user_id: ids.alice, tenant_id: ids.acme, name: 'minted for alice@acme.test', expires_at: null });
    expect(minted.key).toMatch(KEY_FORMAT);
    expect(minted.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await whoIs(app, minted.key)).toMatchObject({ userId: ids.alice, tenantId: ids.acme, role: 'TENANT_ADMIN', code: null });
  });

  it('mints a key for a service account', async () => {
    const minted = await mint({ user_id: ids.globexAgent, name: 'agent in CI' });
    expect(minted).toMatchObject({ user_id: ids.globexAgent, tenant_id: ids.globex, name: 'agent in CI' });
    expect(await whoIs(app, minted.key)).toMatchObject({ userId: ids.globexAgent, tenantId: ids.globex, role: 'TENANT_ADMIN' });
  });

  it('mints a key for another tenant the user is a member of', async () => {
    const minted = await mint({ user_id: ids.alice, tenant_id: ids.globex });
    expect(minted.tenant_id).toBe(ids.globex);
    expect(await whoIs(app, minted.key)).toMatchObject({ userId: ids.alice, tenantId: ids.globex, role: 'USER' });
  });

  it('gives every mint a new key, shown once: not in the fixture keys, the snapshot or the request log', async () => {
    const a = await mint({ user_id: ids.bob, name: 'same name' });
    const b = await mint({ user_id: ids.bob, name: 'same name' });
    expect(a.key).not.toBe(b.key);
    expect(a.id).not.toBe(b.id);
    await whoIs(app, a.key);
    const listed = await app.gql('query { auth_api_key(where: { name: { _eq: "same name" } }) { id name } }', { key: a.key });
    expect((listed.body.data?.auth_api_key as { id: string }[]).map((k) => k.id).sort()).toEqual([a.id, b.id].sort());
    for (const path of ['/fixture-keys', '/snapshot', '/requests']) {
      const res = await app.control('get', path);
      expectNoSecret(res.text, [a.key, b.key], path);
    }
    expectNoSecret(listed.text, [a.key, b.key], 'auth_api_key');
  });

  it.each<[string, unknown, string]>([
    ['an absolute time', '2030-02-01T00:00:00Z', '2030-02-01T00:00:00.000Z'],
    ['an absolute time with an offset', '2030-01-02T02:00:00+02:00', '2030-01-02T00:00:00.000Z'],
    ['a relative duration', '+1h', '2030-01-01T01:00:00.000Z'],
    ['an ISO duration', 'P30D', '2030-01-31T00:00:00.000Z'],
  ])('sets the expiry from %s (relative to the emulator clock)', async (_label, expiresAt, iso) => {
    const minted = await mint({ user_id: ids.bob, expires_at: expiresAt });
    expect(minted.expires_at).toBe(iso);
    expect((await whoIs(app, minted.key)).userId).toBe(ids.bob);
  });

  it.each<[string, string, string]>([
    ['a past absolute time', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z'],
    ['a negative duration', '-1d', '2029-12-31T00:00:00.000Z'],
  ])('mints an already expired key from %s', async (_label, expiresAt, iso) => {
    const minted = await mint({ user_id: ids.rita, expires_at: expiresAt });
    expect(minted.expires_at).toBe(iso);
    const result = await whoIs(app, minted.key);
    expect(result.code).toBe('UNAUTHENTICATED');
    expect(result.message).toContain(`expired at ${iso}`);
  });

  it.each<[string, unknown, string]>([
    ['an unknown user', { user_id: '99999999-0000-4000-8000-000000000009' }, 'user_id'],
    ['a user id that is not a UUID', { user_id: 'bob' }, 'user_id'],
    ['no user id', { name: 'x' }, 'user_id'],
    ['a tenant the user is not a member of', { user_id: ids.bob, tenant_id: ids.globex }, 'tenant_id'],
    ['a tenant id that is not a UUID', { user_id: ids.bob, tenant_id: 'acme' }, 'tenant_id'],
    ['an empty name', { user_id: ids.bob, name: '  ' }, 'name'],
    ['a name that is not a string', { user_id: ids.bob, name: 7 }, 'name'],
    ['an expiry that is neither a time nor a duration', { user_id: ids.bob, expires_at: 'soon' }, 'expires_at'],
    ['a body that is not an object', [ids.bob], 'body'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const before = app.main.store.state.apiKeys.size;
    const res = await app.control('post', '/keys', body);
    expect(res.status).toBe(400);
    const error = controlError(res.body);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toContain(field);
    expect(app.main.store.state.apiKeys.size).toBe(before);
  });
});

describe('control API: fixture keys', () => {
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp(); });
  afterAll(async () => { await app.close(); });

  it('lists the fixture keys by ref with who they act as, never the plaintext', async () => {
    const res = await app.control('get', '/fixture-keys');
    expect(res.status).toBe(200);
    const keys = (res.body as { keys: Record<string, unknown>[] }).keys;
    expect(keys.map((k) => k.ref)).toEqual(Object.values(refs));
    expect(keys[0]).toEqual({
      ref: refs.aliceAdmin, id: app.main.fixtureKeys[0]!.id, name: 'Alice Admin default key', userId: ids.alice, username: 'alice@acme.test',
      accountType: 'USER', tenantId: ids.acme, tenantSlug: 'acme', roleName: 'TENANT_ADMIN', expiresAt: null,
    });
    expect(keys.find((k) => k.ref === refs.acmeAgent)).toMatchObject({ accountType: 'SERVICE', userId: ids.acmeAgent });
    for (const k of keys) expect(Object.keys(k)).not.toContain('key');
    expectNoSecret(res.text, defaultFixtureSecrets(app), 'GET /fixture-keys');
  });
});
