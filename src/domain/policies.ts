import type { Caller } from './auth.js';
import { badInput, forbidden, notFound } from './errors.js';
import { hasPermission, Permission, TENANT_ADMIN_ROLE_ID } from './roles.js';
import type { ApiKey, Membership, Role, User } from './types.js';

/**
 * Who may do what. Each function takes the caller and the records involved, and either returns
 * or throws a DomainError; none reads the store, so each rule is testable on plain data.
 */

export const requirePermission = (caller: Caller, permission: string): void => {
  if (!hasPermission(caller.role, permission)) throw forbidden();
};

export const isServiceAccount = (user: Pick<User, 'accountType'>): boolean => user.accountType === 'SERVICE';

/**
 * The Administrator role sees every service-account key of its tenant (product docs: "If the
 * User has an Administrator role…"). Service accounts see them because they are administrators
 * by default; one created with a lesser role sees only its own keys.
 */
const seesTenantServiceAccountKeys = (caller: Caller): boolean =>
  hasPermission(caller.role, Permission.readServiceAccountKeys);

/**
 * A key's metadata is visible to its owner (in any tenant: the User > API Keys screen lists
 * a tenant column), and service-account keys of the caller's tenant to its administrators
 * (people and service accounts alike). Never another human's key, never another tenant's
 * service-account key.
 */
export const canSeeKey = (caller: Caller, key: ApiKey, owner: User | undefined): boolean => {
  if (key.userId === caller.user.id) return true;
  return owner !== undefined && isServiceAccount(owner) && key.tenantId === caller.tenant.id && seesTenantServiceAccountKeys(caller);
};

/**
 * Whom a new key is for, and which tenant it is bound to. Anyone may make keys for themselves
 * (bound to the tenant they are using); a tenant admin for the service accounts of that
 * tenant; nobody for another human. An unknown user is refused the same way as another
 * human, so the answer tells nothing about which ids exist.
 */
export const authorizeKeyCreation = (
  caller: Caller,
  target: User | undefined,
  targetMembership: Membership | undefined,
  requestedTenantId: string | null,
): { tenantId: string } => {
  if (target && target.id === caller.user.id) {
    if (requestedTenantId !== null && requestedTenantId !== caller.tenant.id) {
      throw forbidden('Unauthorized: this API key may only create keys for its own tenant');
    }
    requirePermission(caller, Permission.createOwnApiKey);
    return { tenantId: caller.tenant.id };
  }
  if (!target || !isServiceAccount(target) || !targetMembership || targetMembership.tenantId !== caller.tenant.id) {
    throw forbidden('Unauthorized: keys may be created for yourself, or by a tenant admin for a service account of the tenant');
  }
  requirePermission(caller, Permission.createServiceAccountKey);
  if (requestedTenantId !== null && requestedTenantId !== targetMembership.tenantId) {
    throw badInput('input.default_tenant_id', "a service account's keys are bound to its own tenant");
  }
  return { tenantId: targetMembership.tenantId };
};

/**
 * Owners revoke their own keys; tenant admins revoke the service-account keys of their tenant.
 * A key the caller may not see is reported exactly as a key that does not exist.
 */
export const authorizeKeyDeletion = (caller: Caller, key: ApiKey | undefined, owner: User | undefined): ApiKey => {
  if (!key || !canSeeKey(caller, key, owner)) throw notFound('API key not found');
  if (key.userId === caller.user.id) {
    requirePermission(caller, Permission.deleteOwnApiKey);
    return key;
  }
  requirePermission(caller, Permission.deleteServiceAccountKey);
  return key;
};

/** Service accounts, memberships and roles are managed by admins of the caller's tenant only. */
export const requireTenantAdmin = (caller: Caller, tenantId: string, permission: string): void => {
  if (tenantId !== caller.tenant.id) throw forbidden();
  requirePermission(caller, permission);
};

/** A role may be given in a tenant when it is built in or belongs to that tenant. */
export const requireAssignableRole = (role: Role | undefined, tenantId: string, field: string): Role => {
  if (!role || (role.tenantId !== null && role.tenantId !== tenantId)) throw badInput(field, 'is not a role of this tenant');
  return role;
};

/**
 * The last human admin of a tenant can be neither demoted nor removed: a tenant nobody
 * can administer could never get an admin back.
 */
export const guardLastAdmin = (
  membership: Membership,
  nextRoleId: string | null,
  humanAdminCount: number,
  member: User | undefined,
): void => {
  const isHumanAdmin = membership.roleId === TENANT_ADMIN_ROLE_ID && member !== undefined && !isServiceAccount(member);
  if (isHumanAdmin && nextRoleId !== TENANT_ADMIN_ROLE_ID && humanAdminCount <= 1) {
    throw forbidden('Unauthorized: the last administrator of a tenant cannot be demoted or removed');
  }
};
