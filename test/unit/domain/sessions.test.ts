import { describe, expect, it } from 'vitest';
import { tenantNamedBy } from '../../../src/domain/auth.js';
import {
  authenticateSession, authorizeLogIn, authorizeTenantSwitch, checkSessionToken, type Session, type SessionClaims,
} from '../../../src/domain/sessions.js';
import { State } from '../../../src/store/state.js';
import { membership, tenant, tenantIds, thrown, user } from './records.js';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const ALICE = '1a1a1a1a-0000-4000-8000-000000000001';
const AGENT = '1d1d1d1d-0000-4000-8000-000000000001';
const sec = (ms: number): number => Math.floor(ms / 1000);

const seed = (): State => {
  const state = new State();
  state.tenants.put(tenant(tenantIds.acme, 'acme'));
  state.tenants.put(tenant(tenantIds.globex, 'globex'));
  state.users.put({ ...user(ALICE), defaultMembershipId: 'm-alice-globex' });
  state.users.put(user(AGENT, 'SERVICE'));
  state.memberships.put(membership('m-alice-acme', ALICE, tenantIds.acme, 'TENANT_ADMIN'));
  state.memberships.put(membership('m-alice-globex', ALICE, tenantIds.globex, 'USER'));
  state.memberships.put(membership('m-agent-acme', AGENT, tenantIds.acme, 'TENANT_ADMIN'));
  return state;
};

const session = (overrides: Partial<Session> = {}): Session => ({
  id: 's1', userId: ALICE, tenantId: tenantIds.acme, refreshId: 'r1', refreshExpiresAt: NOW + 86_400_000, endedAt: null, ...overrides,
});
const access = (overrides: Partial<SessionClaims> = {}): SessionClaims => ({
  typ: 'access', sid: 's1', jti: 'a1', user_id: ALICE, tenant_id: tenantIds.acme, iat: sec(NOW), exp: sec(NOW + 900_000), ...overrides,
});
const refresh = (overrides: Partial<SessionClaims> = {}): SessionClaims => access({ typ: 'refresh', jti: 'r1', exp: sec(NOW + 86_400_000), ...overrides });

describe('session tokens', () => {
  it('a live access token for the session tenant is good; the refresh token must be the current one', () => {
    expect(checkSessionToken(session(), access(), 'access', NOW)).toBeNull();
    expect(checkSessionToken(session(), refresh(), 'refresh', NOW)).toBeNull();
    expect(checkSessionToken(session({ refreshId: 'r2' }), refresh(), 'refresh', NOW)?.message).toMatch(/already been used/);
  });

  it('expires in the time it is given, to the second', () => {
    const exp = sec(NOW + 900_000);
    expect(checkSessionToken(session(), access({ exp }), 'access', exp * 1000 - 1)).toBeNull();
    expect(checkSessionToken(session(), access({ exp }), 'access', exp * 1000)?.message).toMatch(/access token expired at/);
    expect(checkSessionToken(session(), access({ exp }), 'access', exp * 1000 + 5, true)).toBeNull();
  });

  it('an ended or unknown session fails, and so does a token of another kind or tenant', () => {
    expect(checkSessionToken(session({ endedAt: NOW - 1 }), access(), 'access', NOW)?.message).toMatch(/session has ended/);
    expect(checkSessionToken(undefined, access(), 'access', NOW)?.code).toBe('UNAUTHENTICATED');
    expect(checkSessionToken(session(), refresh(), 'access', NOW)?.message).toMatch(/refresh token may only be used to refresh/);
    expect(checkSessionToken(session(), access(), 'refresh', NOW)?.message).toMatch(/expected a refresh token/);
    expect(checkSessionToken(session({ userId: AGENT }), access(), 'access', NOW)?.message).toMatch(/session has ended/);
  });

  it("an access token of the session's previous tenant lasts until it expires (requests the UI prepared before switching)", () => {
    expect(checkSessionToken(session({ tenantId: tenantIds.globex }), access(), 'access', NOW)).toBeNull();
  });
});

describe('authenticateSession', () => {
  it('resolves to the member, role re-read, with no key', () => {
    const auth = authenticateSession(seed(), session(), access(), NOW);
    expect(auth.status).toBe('key');
    if (auth.status !== 'key') return;
    expect(auth.caller.user.id).toBe(ALICE);
    expect(auth.caller.tenant.id).toBe(tenantIds.acme);
    expect(auth.caller.role.name).toBe('TENANT_ADMIN');
    expect(auth.caller.key).toBeNull();
    expect(auth.caller.sessionId).toBe('s1');
  });

  it('a removed membership or a deleted user stops the session at once', () => {
    const state = seed();
    state.memberships.delete('m-alice-acme');
    const gone = authenticateSession(state, session(), access(), NOW);
    expect(gone.status === 'failed' && gone.error.message).toMatch(/no longer a member/);
    const noUser = seed();
    noUser.users.delete(ALICE);
    const deleted = authenticateSession(noUser, session(), access(), NOW);
    expect(deleted.status === 'failed' && deleted.error.message).toMatch(/no longer exists/);
  });

  it('acts in the tenant the token names', () => {
    const auth = authenticateSession(seed(), session({ tenantId: tenantIds.globex }), access({ tenant_id: tenantIds.globex }), NOW);
    expect(auth.status === 'key' && auth.caller.role.name).toBe('USER');
  });
});

describe('tenantNamedBy', () => {
  it('treats absent, empty and the literal "null" (the UI before a tenant is chosen) as no tenant', () => {
    expect(tenantNamedBy(undefined)).toBeUndefined();
    expect(tenantNamedBy('')).toBeUndefined();
    expect(tenantNamedBy('null')).toBeUndefined();
    expect(tenantNamedBy(tenantIds.acme)).toBe(tenantIds.acme);
  });
});

describe('authorizeLogIn', () => {
  const claims = { iss: 'http://127.0.0.1:4200/oauth2/default', sub: ALICE, aud: 'ui', iat: sec(NOW), exp: sec(NOW + 3_600_000) };
  const membershipsOf = (state: State) => (id: string) => state.memberships.allBy('user', id);

  it("starts in the user's default tenant, else the first", () => {
    const state = seed();
    expect(authorizeLogIn(state, membershipsOf(state), claims, '/oauth2/default', NOW).tenant.id).toBe(tenantIds.globex);
    state.users.put({ ...user(ALICE), defaultMembershipId: null });
    expect(authorizeLogIn(state, membershipsOf(state), claims, '/oauth2/default', NOW).tenant.id).toBe(tenantIds.acme);
  });

  it('refuses another issuer, an expired id_token, a service account, a stranger and a user with no tenant', () => {
    const state = seed();
    const at = (c: typeof claims) => () => authorizeLogIn(state, membershipsOf(state), c, '/oauth2/default', NOW);
    expect(thrown(at({ ...claims, iss: 'https://elsewhere.example/oauth2/other' })).message).toMatch(/not issued by this emulator/);
    expect(thrown(at({ ...claims, iss: 'not a url' })).code).toBe('UNAUTHENTICATED');
    expect(thrown(at({ ...claims, exp: sec(NOW) })).message).toMatch(/expired/);
    expect(thrown(at({ ...claims, sub: AGENT })).message).toMatch(/names no user/);
    expect(thrown(at({ ...claims, sub: 'ffffffff-0000-4000-8000-000000000000' })).code).toBe('UNAUTHENTICATED');
    state.memberships.delete('m-alice-acme');
    state.memberships.delete('m-alice-globex');
    expect(thrown(at(claims)).code).toBe('FORBIDDEN');
  });
});

describe('authorizeTenantSwitch', () => {
  it('only to a tenant the user belongs to; any other is not found', () => {
    const state = seed();
    expect(authorizeTenantSwitch(state, ALICE, tenantIds.globex).id).toBe(tenantIds.globex);
    state.memberships.delete('m-alice-globex');
    expect(thrown(() => authorizeTenantSwitch(state, ALICE, tenantIds.globex)).code).toBe('NOT_FOUND');
  });
});
