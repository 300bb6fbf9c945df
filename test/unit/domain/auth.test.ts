import { beforeEach, describe, expect, it } from 'vitest';
import {
  authenticate, MALFORMED_AUTHORIZATION, parseAuthorization, requireCaller, type Authentication, type Credentials,
} from '../../../src/domain/auth.js';
import { DomainError } from '../../../src/domain/errors.js';
import { hashSecret } from '../../../src/domain/keys.js';
import { builtInRoleId } from '../../../src/domain/roles.js';
import { State } from '../../../src/store/state.js';
import { apiKey, membership, tenant, tenantIds, user } from './records.js';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const HOUR = 3_600_000;

const ALICE = '1a1a1a1a-0000-4000-8000-000000000001';
const AGENT = '1d1d1d1d-0000-4000-8000-000000000001';
const secrets = {
  alice: 'pce_alice-secret-alice-secret-alice-secret-aa',
  expiring: 'pce_expiring-secret-expiring-secret-expiring',
  revoked: 'pce_revoked-secret-revoked-secret-revoked-aa',
  deletedAccount: 'pce_deleted-account-secret-deleted-account',
  token: 'legacy-token-0000',
  unknown: 'pce_unknown-secret-unknown-secret-unknown-aa',
};
const EXPIRES_AT = new Date(NOW + HOUR).toISOString();
const bearer = (secret: string): Credentials => ({ kind: 'bearer', secret });

/** The real state the store keeps, as the directory authentication reads. */
const seed = (): State => {
  const state = new State();
  state.tenants.put(tenant(tenantIds.acme, 'acme'));
  state.tenants.put(tenant(tenantIds.globex, 'globex'));
  state.users.put(user(ALICE));
  state.memberships.put(membership('m-alice-acme', ALICE, tenantIds.acme, 'TENANT_ADMIN'));
  state.apiKeys.put(apiKey('k-alice', ALICE, tenantIds.acme, secrets.alice));
  state.apiKeys.put(apiKey('k-expiring', ALICE, tenantIds.acme, secrets.expiring, EXPIRES_AT));
  state.revokedKeys.put({ id: 'k-revoked', keyHash: hashSecret(secrets.revoked), reason: 'revoked', revokedAt: '2026-02-01T00:00:00.000Z' });
  state.revokedKeys.put({ id: 'k-deleted', keyHash: hashSecret(secrets.deletedAccount), reason: 'service_account_deleted', revokedAt: '2026-02-01T00:00:00.000Z' });
  state.apiTokens.put({
    id: 'tok-1', name: 'legacy', userId: ALICE, tenantId: tenantIds.acme, tokenHash: hashSecret(secrets.token), scope: 'TENANT', created: '2026-01-01T00:00:00.000Z',
  });
  return state;
};

const failure = (auth: Authentication): DomainError => {
  if (auth.status !== 'failed') throw new Error(`expected a failed authentication, got ${auth.status}`);
  return auth.error;
};

describe('parseAuthorization', () => {
  it('treats a missing or empty header as no credentials', () => {
    expect(parseAuthorization(undefined)).toEqual({ kind: 'none' });
    expect(parseAuthorization('')).toEqual({ kind: 'none' });
  });

  it('reads a bearer key, whatever the scheme case and spacing', () => {
    expect(parseAuthorization('Bearer abc')).toEqual({ kind: 'bearer', secret: 'abc' });
    expect(parseAuthorization('bearer abc')).toEqual({ kind: 'bearer', secret: 'abc' });
    expect(parseAuthorization('BEARER   abc  ')).toEqual({ kind: 'bearer', secret: 'abc' });
  });

  it.each(['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Token abc', 'abc', 'Bearer a b', '   '])('calls %j malformed', (header) => {
    expect(parseAuthorization(header)).toEqual({ kind: 'malformed' });
  });
});

describe('authenticate', () => {
  let state: State;
  beforeEach(() => { state = seed(); });

  it('is anonymous without credentials', () => {
    expect(authenticate(state, { kind: 'none' }, undefined, NOW)).toEqual({ status: 'anonymous' });
  });

  it('fails a malformed header with exactly the message the 1.x client looks for', () => {
    const error = failure(authenticate(state, { kind: 'malformed' }, undefined, NOW));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe(MALFORMED_AUTHORIZATION);
    expect(MALFORMED_AUTHORIZATION).toBe('Malformed Authorization header');
    expect(failure(authenticate(state, parseAuthorization('Basic xyz'), undefined, NOW)).message).toBe('Malformed Authorization header');
  });

  it('resolves a valid key to its owner, tenant, membership and role', () => {
    const auth = authenticate(state, bearer(secrets.alice), undefined, NOW);
    expect(auth.status).toBe('key');
    if (auth.status !== 'key') return;
    expect(auth.caller.user.id).toBe(ALICE);
    expect(auth.caller.tenant.id).toBe(tenantIds.acme);
    expect(auth.caller.membership.id).toBe('m-alice-acme');
    expect(auth.caller.role.name).toBe('TENANT_ADMIN');
    expect(auth.caller.key?.id).toBe('k-alice');
  });

  it('fails an unknown key without echoing it', () => {
    const error = failure(authenticate(state, bearer(secrets.unknown), undefined, NOW));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/invalid API key/);
    expect(error.message.includes(secrets.unknown), 'the message echoes the key').toBe(false);
  });

  it('judges expiry by the given now, not the machine clock', () => {
    const expiresAt = Date.parse(EXPIRES_AT);
    expect(authenticate(state, bearer(secrets.expiring), undefined, expiresAt - 1).status).toBe('key');
    const atExpiry = failure(authenticate(state, bearer(secrets.expiring), undefined, expiresAt));
    expect(atExpiry.code).toBe('UNAUTHENTICATED');
    expect(atExpiry.message).toMatch(/expired/);
    expect(failure(authenticate(state, bearer(secrets.expiring), undefined, expiresAt + HOUR)).code).toBe('UNAUTHENTICATED');
    // The same key, judged against an instant far in the past, is still good: no hidden Date.now().
    expect(authenticate(state, bearer(secrets.expiring), undefined, 0).status).toBe('key');
  });

  it('says a revoked key was revoked', () => {
    const error = failure(authenticate(state, bearer(secrets.revoked), undefined, NOW));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/revoked/);
  });

  it("says a deleted service account's key belonged to a deleted account", () => {
    const error = failure(authenticate(state, bearer(secrets.deletedAccount), undefined, NOW));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/service account that has been deleted/);
  });

  it('fails a key whose owner no longer exists', () => {
    state.users.put(user(AGENT, 'SERVICE'));
    state.memberships.put(membership('m-agent', AGENT, tenantIds.acme, 'TENANT_ADMIN'));
    const agentSecret = 'pce_agent-secret-agent-secret-agent-secret-aa';
    state.apiKeys.put(apiKey('k-agent', AGENT, tenantIds.acme, agentSecret));
    expect(authenticate(state, bearer(agentSecret), undefined, NOW).status).toBe('key');
    state.users.delete(AGENT);
    expect(failure(authenticate(state, bearer(agentSecret), undefined, NOW)).code).toBe('UNAUTHENTICATED');
  });

  it('accepts the tenant header of the key, in any case, and an empty one', () => {
    expect(authenticate(state, bearer(secrets.alice), tenantIds.acme, NOW).status).toBe('key');
    expect(authenticate(state, bearer(secrets.alice), tenantIds.acme.toUpperCase(), NOW).status).toBe('key');
    expect(authenticate(state, bearer(secrets.alice), '', NOW).status).toBe('key');
  });

  it('fails a tenant header naming another tenant, even one the owner belongs to', () => {
    state.memberships.put(membership('m-alice-globex', ALICE, tenantIds.globex, 'USER'));
    const error = failure(authenticate(state, bearer(secrets.alice), tenantIds.globex, NOW));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/X-Prefect-Tenant-ID/);
  });

  it.each(['acme', 'not-a-uuid', `${tenantIds.acme}x`, '{}'])('fails a malformed tenant header %j', (header) => {
    expect(failure(authenticate(state, bearer(secrets.alice), header, NOW)).code).toBe('UNAUTHENTICATED');
  });

  it('fails once the owner is no longer a member of the key tenant', () => {
    state.memberships.delete('m-alice-acme');
    const error = failure(authenticate(state, bearer(secrets.alice), undefined, NOW));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/no longer a member/);
  });

  it('re-reads the role on every call', () => {
    const first = authenticate(state, bearer(secrets.alice), undefined, NOW);
    expect(first.status === 'key' && first.caller.role.name).toBe('TENANT_ADMIN');
    state.memberships.put({ ...membership('m-alice-acme', ALICE, tenantIds.acme, 'READ_ONLY_USER') });
    const second = authenticate(state, bearer(secrets.alice), undefined, NOW);
    expect(second.status === 'key' && second.caller.role.name).toBe('READ_ONLY_USER');
    expect(second.status === 'key' && second.caller.role.id).toBe(builtInRoleId('READ_ONLY_USER'));
  });

  it('fails when the membership names a role that does not exist', () => {
    state.memberships.put({ ...membership('m-alice-acme', ALICE, tenantIds.acme, 'USER'), roleId: '99999999-0000-4000-8000-000000000009' });
    expect(failure(authenticate(state, bearer(secrets.alice), undefined, NOW)).code).toBe('UNAUTHENTICATED');
  });

  it('recognises a deprecated API token', () => {
    const auth = authenticate(state, bearer(secrets.token), undefined, NOW);
    expect(auth.status).toBe('token');
    expect(auth.status === 'token' && auth.token.id).toBe('tok-1');
  });
});

describe('requireCaller', () => {
  const state = seed();

  it('returns the caller of a key', () => {
    const auth = authenticate(state, bearer(secrets.alice), undefined, NOW);
    expect(requireCaller(auth).user.id).toBe(ALICE);
  });

  it('throws the authentication failure itself', () => {
    const auth = authenticate(state, { kind: 'malformed' }, undefined, NOW);
    expect(() => requireCaller(auth)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', message: 'Malformed Authorization header' }));
  });

  it('refuses a deprecated token, saying so', () => {
    const auth = authenticate(state, bearer(secrets.token), undefined, NOW);
    expect(() => requireCaller(auth)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/deprecated/) }));
  });

  it('refuses an anonymous request', () => {
    expect(() => requireCaller({ status: 'anonymous' })).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
