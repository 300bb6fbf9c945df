import type { Caller } from './auth.js';
import { badInput, forbidden, notFound } from './errors.js';
import { isRolePermission } from './permissions.js';
import { requirePermission } from './policies.js';
import { isBuiltInRoleName, Permission } from './roles.js';
import type { Role } from './types.js';
import { requireName } from './validation.js';

/**
 * Custom roles: a tenant's own role with a chosen set of permissions, assignable like a
 * built-in one and enforced by the same checks (a role is only a permission list). Built-in
 * roles are shared by every tenant and never change.
 */

/**
 * A role's permission list: known names only, no duplicates, and nothing the caller does not
 * hold itself, so creating a role can never grant more than its creator has.
 */
export const requireRolePermissions = (caller: Caller, value: unknown, field: string): string[] => {
  if (!Array.isArray(value)) throw badInput(field, 'must be a list of permission names');
  const result: string[] = [];
  value.forEach((p: unknown, i) => {
    if (typeof p !== 'string' || !isRolePermission(p)) {
      throw badInput(`${field}[${i}]`, `${JSON.stringify(p)?.slice(0, 60) ?? String(p)} is not a permission (e.g. read:run, create:service-account)`);
    }
    if (!caller.role.permissions.includes(p)) throw badInput(`${field}[${i}]`, `${p} is not a permission you hold`);
    if (!result.includes(p)) result.push(p);
  });
  return result;
};

/** A new role's name: a name, not a built-in one, not already a role of the tenant. */
export const requireRoleName = (value: unknown, field: string, tenantRoles: readonly Role[]): string => {
  const name = requireName(value, field);
  if (isBuiltInRoleName(name.toUpperCase())) throw badInput(field, `${name} is the name of a built-in role`);
  if (tenantRoles.some((r) => r.name.toLowerCase() === name.toLowerCase())) throw badInput(field, `the tenant already has a role named ${name}`);
  return name;
};

/**
 * The custom role the caller may change or delete: its tenant's, by someone with the
 * permission. A built-in role is refused by name; another tenant's is "not found".
 */
export const authorizeRoleChange = (caller: Caller, role: Role | undefined, permission: string, field: string): Role => {
  requirePermission(caller, permission);
  if (role && role.tenantId === null) throw badInput(field, `${role.name} is a built-in role and cannot be changed or deleted`);
  if (!role || role.tenantId !== caller.tenant.id) throw notFound('Role not found');
  return role;
};

/** A role held by a member or offered by a pending invitation cannot be deleted. */
export const guardRoleUnused = (role: Role, memberships: number, invitations: number): void => {
  if (memberships > 0 || invitations > 0) {
    throw forbidden(`Unauthorized: the role ${role.name} is in use (${memberships} member(s), ${invitations} pending invitation(s)); give them another role first`);
  }
};

export const requireRoleCreation = (caller: Caller): void => requirePermission(caller, Permission.createRole);
