import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../../src/domain/keys.js';
import { builtInRoles } from '../../../src/domain/roles.js';
import { State, type TableData } from '../../../src/store/state.js';
import { Store } from '../../../src/store/store.js';
import { apiKey, membership, tenant, tenantIds, user } from '../domain/records.js';

const ALICE = 'a11ce000-0000-4000-8000-000000000001';

const data = (): TableData => ({
  tenants: [tenant(tenantIds.acme, 'acme'), tenant(tenantIds.globex, 'globex')],
  users: [user(ALICE)],
  memberships: [membership('m1', ALICE, tenantIds.acme, 'TENANT_ADMIN'), membership('m2', ALICE, tenantIds.globex, 'USER')],
  roles: [],
  apiKeys: [apiKey('k1', ALICE, tenantIds.acme, 'secret-1'), apiKey('k2', ALICE, tenantIds.globex, 'secret-2')],
  revokedKeys: [],
  apiTokens: [],
  agents: [],
  agentConfigs: [],
  invitations: [],
  projects: [], flowGroups: [], flows: [], flowRuns: [], taskRuns: [], runLogs: [], keyValues: [], secrets: [],
});

describe('State', () => {
  it('always holds the built-in roles, and exports only the others', () => {
    const state = new State();
    state.load(data());
    for (const role of builtInRoles) expect(state.role(role.id)?.name).toBe(role.name);
    expect(state.export().roles).toEqual([]);
    expect(state.export().apiKeys.map((k) => k.id)).toEqual(['k1', 'k2']);
  });

  it('finds keys by hash, memberships by user and tenant, and lists by index', () => {
    const state = new State();
    state.load(data());
    expect(state.keyByHash(hashSecret('secret-2'))?.id).toBe('k2');
    expect(state.keyByHash(hashSecret('nope'))).toBeUndefined();
    expect(state.membershipOf(ALICE, tenantIds.globex)?.id).toBe('m2');
    expect(state.apiKeys.allBy('user', ALICE).map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(state.tenants.by('slug', 'globex')?.id).toBe(tenantIds.globex);
  });

  it('lists the service accounts of a tenant, and only those', () => {
    const SA = '5a000000-0000-4000-8000-000000000001';
    const OTHER_SA = '5a000000-0000-4000-8000-000000000002';
    const state = new State();
    const base = data();
    state.load({
      ...base,
      users: [...base.users, user(SA, 'SERVICE'), user(OTHER_SA, 'SERVICE')],
      memberships: [...base.memberships, membership('m3', SA, tenantIds.acme, 'TENANT_ADMIN'), membership('m4', OTHER_SA, tenantIds.globex, 'USER')],
    });
    expect(state.serviceAccountsOf(tenantIds.acme).map((u) => u.id)).toEqual([SA]);
    expect(state.serviceAccountsOf(tenantIds.globex).map((u) => u.id)).toEqual([OTHER_SA]);
    state.users.delete(SA);
    expect(state.serviceAccountsOf(tenantIds.acme)).toEqual([]);
  });

  it('load() replaces everything', () => {
    const state = new State();
    state.load(data());
    state.load({ ...data(), apiKeys: [], memberships: [] });
    expect(state.keyByHash(hashSecret('secret-1'))).toBeUndefined();
    expect(state.membershipOf(ALICE, tenantIds.acme)).toBeUndefined();
    expect(state.role(builtInRoles[0]!.id)).toBeDefined();
  });
});

describe('Store in memory', () => {
  it('applies a commit at once, before its promise settles, and keeps the indexes in step', async () => {
    const store = Store.inMemory(data());
    const pending = store.commit([
      ['del', 'apiKeys', 'k1'],
      ['put', 'revokedKeys', { id: 'k1', keyHash: hashSecret('secret-1'), reason: 'revoked', revokedAt: '2026-01-02T00:00:00.000Z' }],
      ['put', 'memberships', membership('m1', ALICE, tenantIds.acme, 'READ_ONLY_USER')],
    ]);
    expect(store.state.keyByHash(hashSecret('secret-1'))).toBeUndefined();
    expect(store.state.revokedKeyByHash(hashSecret('secret-1'))?.reason).toBe('revoked');
    expect(store.state.membershipOf(ALICE, tenantIds.acme)?.roleId).toBe(membership('x', ALICE, tenantIds.acme, 'READ_ONLY_USER').roleId);
    expect(store.state.apiKeys.allBy('user', ALICE).map((k) => k.id)).toEqual(['k2']);
    await pending;
    expect(store.dataFile).toBeNull();
    expect(store.document(null).seq).toBe(1);
  });
});
