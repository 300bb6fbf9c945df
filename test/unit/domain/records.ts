import type { Caller } from '../../../src/domain/auth.js';
import { DomainError } from '../../../src/domain/errors.js';
import { hashSecret } from '../../../src/domain/keys.js';
import { builtInRoleId, builtInRoles, type BuiltInRoleName } from '../../../src/domain/roles.js';
import type { ApiKey, Membership, Role, Tenant, User } from '../../../src/domain/types.js';

/** Plain records for the rules' tests: data, not stand-ins for any of our code. */
export const T0 = '2026-01-01T00:00:00.000Z';

export const tenantIds = { acme: 'aaaaaaaa-0000-4000-8000-000000000001', globex: 'bbbbbbbb-0000-4000-8000-000000000002' } as const;

export const tenant = (id: string, slug: string): Tenant => ({
  id, name: slug.toUpperCase(), slug, created: T0, updated: T0, info: null, settings: {},
});

export const user = (id: string, accountType: User['accountType'] = 'USER'): User => ({
  id, username: `${id}@test`, email: null, firstName: null, lastName: null, accountType, defaultMembershipId: null, created: T0, updated: T0,
});

export const role = (name: BuiltInRoleName): Role => {
  const found = builtInRoles.find((r) => r.name === name);
  if (!found) throw new Error(`no built-in role ${name}`);
  return found;
};

export const membership = (id: string, userId: string, tenantId: string, roleName: BuiltInRoleName): Membership => ({
  id, userId, tenantId, roleId: builtInRoleId(roleName), created: T0, updated: T0,
});

export const apiKey = (id: string, userId: string, tenantId: string, secret: string, expiresAt: string | null = null): ApiKey => ({
  id, name: `key ${id}`, userId, tenantId, keyHash: hashSecret(secret), expiresAt, createdById: userId, created: T0, updated: T0,
});

/** A caller as authenticate() would build it. */
export const caller = (who: User, tenantId: string, roleName: BuiltInRoleName): Caller => ({
  user: who,
  tenant: tenant(tenantId, tenantId === tenantIds.acme ? 'acme' : 'globex'),
  membership: membership(`m-${who.id}-${tenantId}`, who.id, tenantId, roleName),
  role: role(roleName),
  key: apiKey(`k-${who.id}`, who.id, tenantId, `secret-${who.id}`),
});

/** The BAD_USER_INPUT error `fn` throws; anything else (or nothing) fails the test. */
export const badInput = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') return error;
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT');
};

/** The DomainError `fn` throws; anything else (or nothing) fails the test. */
export const thrown = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};
