import { requireCaller } from '../domain/auth.js';
import { authorizeRoleChange, guardRoleUnused, requireRoleCreation, requireRoleName, requireRolePermissions } from '../domain/custom-roles.js';
import { notFound } from '../domain/errors.js';
import { ALL_ROLE_PERMISSIONS } from '../domain/permissions.js';
import { Permission } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Role } from '../domain/types.js';
import { optionalUuid, requireUuid } from '../domain/validation.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

export const createCustomRole = async (
  ctx: UseCaseContext,
  input: { name?: unknown; permissions?: unknown; tenant_id?: unknown },
): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  requireRoleCreation(caller);
  const tenantId = optionalUuid(input.tenant_id, 'input.tenant_id') ?? caller.tenant.id;
  if (tenantId !== caller.tenant.id) throw notFound('Tenant not found');
  const { state } = ctx.store;
  const name = requireRoleName(input.name, 'input.name', state.roles.allBy('tenant', tenantId));
  const permissions = requireRolePermissions(caller, input.permissions, 'input.permissions');
  const now = toIso(ctx.clock.now());
  const role: Role = { id: newId(), name, permissions, tenantId, created: now, updated: now };
  await ctx.store.commit([['put', 'roles', role]]);
  return { id: role.id };
};

/** Takes effect on the next request of every member holding the role (roles are re-read then). */
export const updateCustomRolePermissions = async (ctx: UseCaseContext, input: { role_id?: unknown; permissions?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const roleId = requireUuid(input.role_id, 'input.role_id');
  const role = authorizeRoleChange(caller, ctx.store.state.role(roleId), Permission.updateRole, 'input.role_id');
  const permissions = requireRolePermissions(caller, input.permissions, 'input.permissions');
  await ctx.store.commit([['put', 'roles', { ...role, permissions, updated: toIso(ctx.clock.now()) }]]);
};

export const deleteCustomRole = async (ctx: UseCaseContext, input: { role_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const roleId = requireUuid(input.role_id, 'input.role_id');
  const { state } = ctx.store;
  const role = authorizeRoleChange(caller, state.role(roleId), Permission.deleteRole, 'input.role_id');
  const members = state.memberships.allBy('tenant', role.tenantId!).filter((m) => m.roleId === role.id).length;
  const invited = state.invitations.allBy('tenant', role.tenantId!).filter((i) => i.roleId === role.id).length;
  guardRoleUnused(role, members, invited);
  await ctx.store.commit([['del', 'roles', role.id]]);
};

/**
 * What the UI's role editor offers: every permission a role may hold, and those the caller
 * holds (a role cannot be given more than its creator has). The licence filters nothing out:
 * the emulated licence has every feature.
 */
export const permissionsInfo = ({ auth }: UseCaseContext): {
  user_permissions_filtered_by_license_features: string[];
  all_permissions_filtered_by_license_features: string[];
} => {
  const caller = requireCaller(auth);
  return {
    user_permissions_filtered_by_license_features: ALL_ROLE_PERMISSIONS.filter((p) => caller.role.permissions.includes(p)),
    all_permissions_filtered_by_license_features: [...ALL_ROLE_PERMISSIONS],
  };
};
