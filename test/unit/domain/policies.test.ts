import { describe, expect, it } from 'vitest';
import {
  authorizeKeyCreation, authorizeKeyDeletion, canSeeKey, guardLastAdmin, requireAssignableRole, requireTenantAdmin,
} from '../../../src/domain/policies.js';
import { builtInRoleId, Permission } from '../../../src/domain/roles.js';
import type { Role } from '../../../src/domain/types.js';
import { apiKey, caller, membership, role, T0, tenantIds, thrown, user } from './records.js';

const { acme, globex } = tenantIds;
const alice = user('a11ce000-0000-4000-8000-000000000001');
const bob = user('b0b00000-0000-4000-8000-000000000001');
const acmeAgent = user('a9e70000-0000-4000-8000-000000000001', 'SERVICE');
const globexAgent = user('a9e70000-0000-4000-8000-000000000002', 'SERVICE');

const aliceAdmin = caller(alice, acme, 'TENANT_ADMIN');
const aliceInGlobex = caller(alice, globex, 'USER');
const bobUser = caller(bob, acme, 'USER');
const agentCaller = caller(acmeAgent, acme, 'TENANT_ADMIN');
const agentWithUserRole = caller(acmeAgent, acme, 'USER');

const aliceKeyInGlobex = apiKey('k1', alice.id, globex, 's1');
const bobKey = apiKey('k2', bob.id, acme, 's2');
const acmeAgentKey = apiKey('k3', acmeAgent.id, acme, 's3');
const globexAgentKey = apiKey('k4', globexAgent.id, globex, 's4');
const otherAcmeAgent = user('a9e70000-0000-4000-8000-000000000003', 'SERVICE');
const otherAcmeAgentKey = apiKey('k5', otherAcmeAgent.id, acme, 's5');

const acmeAgentMembership = membership('m-agent', acmeAgent.id, acme, 'TENANT_ADMIN');
const globexAgentMembership = membership('m-gagent', globexAgent.id, globex, 'TENANT_ADMIN');

describe('canSeeKey', () => {
  it("shows the owner's own keys in any tenant", () => {
    expect(canSeeKey(aliceAdmin, aliceKeyInGlobex, alice)).toBe(true);
    expect(canSeeKey(bobUser, bobKey, bob)).toBe(true);
  });

  it("shows tenant admins every service-account key of the tenant they're using", () => {
    expect(canSeeKey(aliceAdmin, acmeAgentKey, acmeAgent)).toBe(true);
    expect(canSeeKey(aliceAdmin, otherAcmeAgentKey, otherAcmeAgent)).toBe(true);
  });

  it('shows service accounts (administrators by default) every service-account key of their tenant', () => {
    expect(canSeeKey(agentCaller, otherAcmeAgentKey, otherAcmeAgent)).toBe(true);
    expect(canSeeKey(agentCaller, acmeAgentKey, acmeAgent)).toBe(true);
  });

  it('shows a service account created with a lesser role only its own keys', () => {
    expect(canSeeKey(agentWithUserRole, acmeAgentKey, acmeAgent)).toBe(true);
    expect(canSeeKey(agentWithUserRole, otherAcmeAgentKey, otherAcmeAgent)).toBe(false);
  });

  it("never shows another human's key, even to an admin", () => {
    expect(canSeeKey(aliceAdmin, bobKey, bob)).toBe(false);
    expect(canSeeKey(agentCaller, bobKey, bob)).toBe(false);
  });

  it("never shows another tenant's service-account keys", () => {
    expect(canSeeKey(aliceAdmin, globexAgentKey, globexAgent)).toBe(false);
    expect(canSeeKey(aliceInGlobex, globexAgentKey, globexAgent)).toBe(false);
    expect(canSeeKey(agentCaller, globexAgentKey, globexAgent)).toBe(false);
  });

  it('shows non-admin people no service-account keys', () => {
    expect(canSeeKey(bobUser, acmeAgentKey, acmeAgent)).toBe(false);
    expect(canSeeKey(caller(bob, acme, 'READ_ONLY_USER'), acmeAgentKey, acmeAgent)).toBe(false);
  });

  it('shows nothing of a key whose owner is unknown, unless it is the caller’s', () => {
    expect(canSeeKey(aliceAdmin, acmeAgentKey, undefined)).toBe(false);
  });
});

describe('authorizeKeyCreation', () => {
  it("binds a caller's own key to the tenant they are using", () => {
    expect(authorizeKeyCreation(aliceAdmin, alice, undefined, null)).toEqual({ tenantId: acme });
    expect(authorizeKeyCreation(aliceInGlobex, alice, undefined, null)).toEqual({ tenantId: globex });
    expect(authorizeKeyCreation(aliceAdmin, alice, undefined, acme)).toEqual({ tenantId: acme });
  });

  it('lets a read-only user make keys for themselves', () => {
    expect(authorizeKeyCreation(caller(bob, acme, 'READ_ONLY_USER'), bob, undefined, null)).toEqual({ tenantId: acme });
  });

  it('refuses an own key for another tenant than the one the caller uses', () => {
    const error = thrown(() => authorizeKeyCreation(aliceAdmin, alice, undefined, globex));
    expect(error.code).toBe('FORBIDDEN');
  });

  it('refuses an own key to a role without the permission', () => {
    expect(thrown(() => authorizeKeyCreation(caller(bob, acme, 'RUNNER'), bob, undefined, null)).code).toBe('FORBIDDEN');
  });

  it("binds a service account's key to the account's tenant, for a tenant admin", () => {
    expect(authorizeKeyCreation(aliceAdmin, acmeAgent, acmeAgentMembership, null)).toEqual({ tenantId: acme });
    expect(authorizeKeyCreation(aliceAdmin, acmeAgent, acmeAgentMembership, acme)).toEqual({ tenantId: acme });
    expect(authorizeKeyCreation(agentCaller, acmeAgent, acmeAgentMembership, null)).toEqual({ tenantId: acme });
  });

  it("refuses a service account's key to a non-admin", () => {
    expect(thrown(() => authorizeKeyCreation(bobUser, acmeAgent, acmeAgentMembership, null)).code).toBe('FORBIDDEN');
    expect(thrown(() => authorizeKeyCreation(agentWithUserRole, otherAcmeAgent, acmeAgentMembership, null)).code).toBe('FORBIDDEN');
  });

  it("refuses another tenant's service account, even to an admin", () => {
    expect(thrown(() => authorizeKeyCreation(aliceAdmin, globexAgent, globexAgentMembership, null)).code).toBe('FORBIDDEN');
    expect(thrown(() => authorizeKeyCreation(aliceInGlobex, globexAgent, globexAgentMembership, null)).code).toBe('FORBIDDEN');
  });

  it("refuses binding a service account's key to another tenant than its own", () => {
    const error = thrown(() => authorizeKeyCreation(aliceAdmin, acmeAgent, acmeAgentMembership, globex));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('input.default_tenant_id');
  });

  it('refuses keys for another human, and for an unknown user in exactly the same words', () => {
    const human = thrown(() => authorizeKeyCreation(aliceAdmin, bob, undefined, null));
    const unknown = thrown(() => authorizeKeyCreation(aliceAdmin, undefined, undefined, null));
    expect(human.code).toBe('FORBIDDEN');
    expect(unknown.code).toBe('FORBIDDEN');
    expect(unknown.message).toBe(human.message);
  });

  it('refuses a service account without a membership', () => {
    expect(thrown(() => authorizeKeyCreation(aliceAdmin, acmeAgent, undefined, null)).code).toBe('FORBIDDEN');
  });
});

describe('authorizeKeyDeletion', () => {
  it('lets owners revoke their own keys', () => {
    expect(authorizeKeyDeletion(bobUser, bobKey, bob)).toBe(bobKey);
    expect(authorizeKeyDeletion(aliceAdmin, aliceKeyInGlobex, alice)).toBe(aliceKeyInGlobex);
  });

  it("lets tenant admins revoke the tenant's service-account keys", () => {
    expect(authorizeKeyDeletion(aliceAdmin, acmeAgentKey, acmeAgent)).toBe(acmeAgentKey);
    expect(authorizeKeyDeletion(agentCaller, otherAcmeAgentKey, otherAcmeAgent)).toBe(otherAcmeAgentKey);
  });

  it('lets a service account without admin rights revoke only its own keys', () => {
    expect(authorizeKeyDeletion(agentWithUserRole, acmeAgentKey, acmeAgent)).toBe(acmeAgentKey);
    expect(thrown(() => authorizeKeyDeletion(agentWithUserRole, otherAcmeAgentKey, otherAcmeAgent)).code).toBe('NOT_FOUND');
  });

  it('answers a key the caller may not see exactly like a missing one', () => {
    const missing = thrown(() => authorizeKeyDeletion(bobUser, undefined, undefined));
    expect(missing.code).toBe('NOT_FOUND');
    for (const [who, key, owner] of [
      [bobUser, acmeAgentKey, acmeAgent],
      [aliceAdmin, bobKey, bob],
      [aliceAdmin, globexAgentKey, globexAgent],
    ] as const) {
      const hidden = thrown(() => authorizeKeyDeletion(who, key, owner));
      expect(hidden.code).toBe(missing.code);
      expect(hidden.message).toBe(missing.message);
      expect(hidden.field).toBe(missing.field);
    }
  });
});

describe('requireTenantAdmin', () => {
  it('lets a tenant admin act in the tenant they are using', () => {
    expect(() => requireTenantAdmin(aliceAdmin, acme, Permission.createServiceAccount)).not.toThrow();
  });

  it('refuses non-admins', () => {
    expect(thrown(() => requireTenantAdmin(bobUser, acme, Permission.createServiceAccount)).code).toBe('FORBIDDEN');
    expect(thrown(() => requireTenantAdmin(caller(bob, acme, 'READ_ONLY_USER'), acme, Permission.updateMembership)).code).toBe('FORBIDDEN');
  });

  it('refuses an admin acting on another tenant', () => {
    expect(thrown(() => requireTenantAdmin(aliceAdmin, globex, Permission.createServiceAccount)).code).toBe('FORBIDDEN');
    expect(thrown(() => requireTenantAdmin(aliceInGlobex, acme, Permission.createServiceAccount)).code).toBe('FORBIDDEN');
  });
});

describe('guardLastAdmin', () => {
  const adminMembership = membership('m1', alice.id, acme, 'TENANT_ADMIN');
  const ADMIN = builtInRoleId('TENANT_ADMIN');
  const USER = builtInRoleId('USER');

  it('refuses demoting or removing the last human admin', () => {
    expect(thrown(() => guardLastAdmin(adminMembership, USER, 1, alice)).code).toBe('FORBIDDEN');
    expect(thrown(() => guardLastAdmin(adminMembership, null, 1, alice)).code).toBe('FORBIDDEN');
  });

  it('allows it when another human admin remains', () => {
    expect(() => guardLastAdmin(adminMembership, USER, 2, alice)).not.toThrow();
    expect(() => guardLastAdmin(adminMembership, null, 2, alice)).not.toThrow();
  });

  it('allows keeping the last admin an admin', () => {
    expect(() => guardLastAdmin(adminMembership, ADMIN, 1, alice)).not.toThrow();
  });

  it('does not count service accounts as the last admin', () => {
    expect(() => guardLastAdmin(membership('m2', acmeAgent.id, acme, 'TENANT_ADMIN'), USER, 1, acmeAgent)).not.toThrow();
  });

  it('lets non-admins be changed freely', () => {
    expect(() => guardLastAdmin(membership('m3', bob.id, acme, 'USER'), null, 1, bob)).not.toThrow();
  });
});

describe('requireAssignableRole', () => {
  const custom = (tenantId: string): Role => ({
    id: 'c0570000-0000-4000-8000-000000000001', name: 'CUSTOM', permissions: [], tenantId, created: T0, updated: T0,
  });

  it('accepts built-in roles in any tenant', () => {
    expect(requireAssignableRole(role('READ_ONLY_USER'), acme, 'input.role_id').name).toBe('READ_ONLY_USER');
    expect(requireAssignableRole(role('TENANT_ADMIN'), globex, 'input.role_id').name).toBe('TENANT_ADMIN');
  });

  it("accepts the tenant's own custom roles", () => {
    expect(requireAssignableRole(custom(acme), acme, 'input.role_id').name).toBe('CUSTOM');
  });

  it("refuses unknown roles and other tenants' custom roles, naming the field", () => {
    for (const r of [undefined, custom(globex)]) {
      const error = thrown(() => requireAssignableRole(r, acme, 'input.role_id'));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.field).toBe('input.role_id');
    }
  });
});
