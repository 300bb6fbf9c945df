import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_LIFETIME } from '../../src/domain/sessions.js';
import { SigningKey } from '../../src/service/jwt.js';
import { Sessions } from '../../src/service/sessions.js';
import { createTestApp, ids, type TestApp } from '../helpers/app.js';
import { claimsOf, LOG_IN, LOG_OUT, oidcTokens, REFRESH, SWITCH, uiSession } from './oidc-support.js';
import { AUTH_INFO } from './helpers.js';

const KEYS = 'query { auth_api_key { id name } }';

describe('UI sessions: log_in, refresh_token, switch_tenant, log_out', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp(); });
  afterEach(async () => { await app.close(); });

  it('log_in answers three JWTs; the access token names the tenant and authenticates like a key', async () => {
    const before = Date.now();
    const tokens = await uiSession(app, 'alice@acme.test');
    for (const t of [tokens.access_token, tokens.refresh_token]) expect(t.split('.')).toHaveLength(3);
    const access = claimsOf(tokens.access_token);
    expect(access).toMatchObject({ tenant_id: ids.acme, user_id: ids.alice, typ: 'access' });
    // Real time: the browser compares expiry with its own clock.
    const expires = Date.parse(tokens.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + SESSION_LIFETIME.accessMs - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + SESSION_LIFETIME.accessMs);
    expect(Number(claimsOf(tokens.refresh_token).exp) * 1000).toBeGreaterThan(Date.now() + SESSION_LIFETIME.refreshMs - 60_000);
    const info = await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.access_token}` });
    expect(info.body.data?.auth_info).toEqual({ tenant_id: ids.acme, user_id: ids.alice });
    const user = await app.gql('{ user { id username } }', { authorization: `Bearer ${tokens.access_token}`, tenant: 'null' });
    expect(user.body.data?.user).toEqual([{ id: ids.alice, username: 'alice@acme.test' }]);
  });

  it('is never listed as an API key', async () => {
    const tokens = await uiSession(app, 'alice@acme.test');
    const withKey = await app.gql(KEYS, { key: app.key('acme-tenant-admin') });
    const withSession = await app.gql(KEYS, { authorization: `Bearer ${tokens.access_token}` });
    expect(withSession.body.data?.auth_api_key).toEqual(withKey.body.data?.auth_api_key);
    expect(app.main.store.state.apiKeys.size).toBe(app.main.fixtureKeys.length);
  });

  it('starts in the default tenant; a user in several tenants can switch; the old refresh token is spent', async () => {
    const tokens = await uiSession(app, 'alice@acme.test');
    const switched = await app.gql(SWITCH, { variables: { tenantId: ids.globex }, authorization: `Bearer ${tokens.access_token}` });
    expect(switched.body.errors, switched.text).toBeUndefined();
    const next = switched.body.data!.switch_tenant as typeof tokens;
    expect(claimsOf(next.access_token).tenant_id).toBe(ids.globex);
    const info = await app.gql('{ auth_info { tenant_id role } }', { authorization: `Bearer ${next.access_token}` });
    expect(info.body.data?.auth_info).toEqual({ tenant_id: ids.globex, role: 'USER' });
    // Requests the UI prepared before switching still carry the previous access token: it lasts until it expires.
    const old = await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.access_token}` });
    expect(old.body.data?.auth_info.tenant_id).toBe(ids.acme);
    const spent = await app.gql(REFRESH, { variables: { input: { access_token: tokens.access_token } }, authorization: `Bearer ${tokens.refresh_token}` });
    expect(spent.body.errors?.[0]?.message).toMatch(/already been used/);
    // Right after switching the UI sends the new token with the previous tenant's id: the token's tenant decides.
    const header = await app.gql(AUTH_INFO, { authorization: `Bearer ${next.access_token}`, tenant: ids.acme });
    expect(header.body.data?.auth_info.tenant_id).toBe(ids.globex);
    const stranger = await app.gql(SWITCH, { variables: { tenantId: ids.globex }, authorization: `Bearer ${(await uiSession(app, 'bob@acme.test')).access_token}` });
    expect(stranger.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refresh_token: the refresh token as bearer, the access token in the input; a spent refresh token fails', async () => {
    const tokens = await uiSession(app, 'bob@acme.test');
    const refreshed = await app.gql(REFRESH, { variables: { input: { access_token: tokens.access_token } }, authorization: `Bearer ${tokens.refresh_token}` });
    expect(refreshed.body.errors, refreshed.text).toBeUndefined();
    const next = refreshed.body.data!.refresh_token as typeof tokens;
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect((await app.gql(AUTH_INFO, { authorization: `Bearer ${next.access_token}` })).body.data?.auth_info.user_id).toBe(ids.bob);
    const again = await app.gql(REFRESH, { variables: { input: { access_token: tokens.access_token } }, authorization: `Bearer ${tokens.refresh_token}` });
    expect(again.body.errors?.[0]?.message).toMatch(/already been used/);
    const wrongAccess = await app.gql(REFRESH, { variables: { input: { access_token: 'x' } }, authorization: `Bearer ${next.refresh_token}` });
    expect(wrongAccess.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a refresh token is not an access token', async () => {
    const tokens = await uiSession(app, 'bob@acme.test');
    const res = await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.refresh_token}` });
    expect(res.body.errors?.[0]?.message).toMatch(/refresh token may only be used to refresh/);
  });

  it('log_out ends the session from the next request on, for access and refresh tokens alike', async () => {
    const tokens = await uiSession(app, 'alice@acme.test');
    const out = await app.gql(LOG_OUT, { variables: { input: { access_token: tokens.access_token } }, authorization: `Bearer ${tokens.refresh_token}` });
    expect(out.body.data?.log_out).toEqual({ success: true });
    const after = await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.access_token}` });
    expect(after.body.errors?.[0]?.message).toMatch(/session has ended/);
    const refresh = await app.gql(REFRESH, { variables: { input: { access_token: tokens.access_token } }, authorization: `Bearer ${tokens.refresh_token}` });
    expect(refresh.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const twice = await app.gql(LOG_OUT, { variables: { input: { access_token: tokens.access_token } } });
    expect(twice.body.data?.log_out).toEqual({ success: true });
    const forged = await app.gql(LOG_OUT, { variables: { input: { access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2ln' } } });
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a removed membership stops the session at once', async () => {
    const tokens = await uiSession(app, 'bob@acme.test');
    const bob = app.main.store.state.membershipOf(ids.bob, ids.acme)!;
    const removed = await app.gql('mutation { delete_membership(input: {membership_id: "' + bob.id + '"}) { success } }', { key: app.key('acme-tenant-admin') });
    expect(removed.body.data?.delete_membership, removed.text).toEqual({ success: true });
    const res = await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.access_token}` });
    expect(res.body.errors?.[0]?.message).toMatch(/no longer a member/);
  });

  it('a deleted user stops the session (the state restored without them)', async () => {
    const tokens = await uiSession(app, 'bob@acme.test');
    const snapshot = app.main.exportSnapshot();
    snapshot.tables.memberships = snapshot.tables.memberships.filter((m) => m.userId !== ids.bob);
    snapshot.tables.apiKeys = snapshot.tables.apiKeys.filter((k) => k.userId !== ids.bob);
    snapshot.tables.users = snapshot.tables.users.filter((u) => u.id !== ids.bob);
    await app.main.importSnapshot(snapshot);
    const res = await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.access_token}` });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a reset keeps the session while its user and membership are in the fixture again', async () => {
    const tokens = await uiSession(app, 'alice@acme.test');
    await app.main.reset();
    const res = await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.access_token}` });
    expect(res.body.data?.auth_info.user_id).toBe(ids.alice);
  });

  it('log_in refuses an id_token of another emulator, a sandbox\'s included, and anything unsigned', async () => {
    await app.control('post', '/sandboxes', { id: 'sb1' });
    const { id_token } = await oidcTokens(app, 'alice@acme.test', '/sandboxes/sb1');
    const cross = await app.gql(LOG_IN, { variables: { input: { id_token } } });
    expect(cross.body.errors?.[0]?.message).toMatch(/not one this emulator issued/);
    const inSandbox = await app.gql(LOG_IN, { variables: { input: { id_token } }, path: '/sandboxes/sb1/graphql' });
    expect(inSandbox.body.errors, inSandbox.text).toBeUndefined();
    const junk = await app.gql(LOG_IN, { variables: { input: { id_token: 'not-a-jwt' } } });
    expect(junk.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('never writes a token to the request log', async () => {
    const tokens = await uiSession(app, 'alice@acme.test');
    await app.gql(AUTH_INFO, { authorization: `Bearer ${tokens.access_token}` });
    const log = JSON.stringify(app.main.log.recent());
    for (const t of Object.values(tokens)) if (t.length > 40) expect(log.includes(t)).toBe(false);
    expect(app.main.log.recent(1)[0]?.caller).toMatchObject({ userId: ids.alice, tenantId: ids.acme });
  });

  it('GraphQL answers a log_in the request body sends as a batch, like apollo-link-batch-http', async () => {
    const { id_token } = await oidcTokens(app, 'alice@acme.test');
    const res = await request(app.handler).post('/graphql').set('content-type', 'application/json')
      .send(JSON.stringify([{ operationName: 'LogIn', query: LOG_IN, variables: { input: { id_token } } }]));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body[0].data.log_in)).toEqual(['access_token', 'expires_at', 'refresh_token']);
  });
});

describe('session expiry runs on real time, not on the emulator clock', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp(); });
  afterEach(async () => { await app.close(); });

  it('an access token stops at expires_at; the emulator clock does not move it; refresh works until the refresh token expires', async () => {
    let now = Date.parse('2026-06-01T00:00:00.000Z');
    const key = new SigningKey();
    const sessions = new Sessions(key, () => now);
    const state = app.main.store.state;
    // An id_token of the same key (the issuer's), as okta-auth-js receives it.
    const idToken = await key.sign({ iss: 'http://127.0.0.1/oauth2/default', sub: ids.alice, aud: 'ui', iat: now / 1000, exp: now / 1000 + 3600 });
    const tokens = await sessions.logIn(state, idToken);
    expect(tokens.expires_at).toBe('2026-06-01T00:15:00.000Z');
    app.main.clock.advance(30 * 86_400_000);
    expect(sessions.authenticate(state, tokens.access_token)?.status).toBe('key');
    now += SESSION_LIFETIME.accessMs;
    const expired = sessions.authenticate(state, tokens.access_token);
    expect(expired?.status === 'failed' && expired.error.message).toMatch(/access token expired at 2026-06-01T00:15:00.000Z/);
    const renewed = await sessions.refresh(state, tokens.refresh_token, tokens.access_token);
    expect(sessions.authenticate(state, renewed.access_token)?.status).toBe('key');
    now += SESSION_LIFETIME.refreshMs;
    await expect(sessions.refresh(state, renewed.refresh_token, renewed.access_token)).rejects.toThrow(/refresh token expired/);
  });

  it('a JWT it did not sign goes on to the key lookup (and fails there as an invalid key)', () => {
    const sessions = new Sessions(new SigningKey(), () => Date.now());
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzaWQiOiJ4In0.c2ln';
    expect(sessions.authenticate(app.main.store.state, jwt)).toBeUndefined();
  });
});
