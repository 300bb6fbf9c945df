import { requireCaller } from '../domain/auth.js';
import { notFound } from '../domain/errors.js';
import { serviceAccountUsername } from '../domain/naming.js';
import { isServiceAccount, requireAssignableRole, requireTenantAdmin } from '../domain/policies.js';
import { Permission, TENANT_ADMIN_ROLE_ID } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Membership, User } from '../domain/types.js';
import { optionalUuid, requireName, requireUuid } from '../domain/validation.js';
import { revocationOps } from './api-keys.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

export const createServiceAccount = async (
  ctx: UseCaseContext,
  input: { tenant_id?: unknown; name?: unknown; role_id?: unknown },
): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  const tenantId = requireUuid(input.tenant_id, 'input.tenant_id');
  requireTenantAdmin(caller, tenantId, Permission.createServiceAccount);
  const name = requireName(input.name, 'input.name');
  const roleId = optionalUuid(input.role_id, 'input.role_id') ?? TENANT_ADMIN_ROLE_ID;
  requireAssignableRole(ctx.store.state.role(roleId), tenantId, 'input.role_id');
  const now = toIso(ctx.clock.now());
  const id = newId();
  const membership: Membership = { id: newId(), tenantId, userId: id, roleId, created: now, updated: now };
  const user: User = {
    id, username: serviceAccountUsername(name, id), email: null, firstName: name, lastName: null,
    accountType: 'SERVICE', defaultMembershipId: membership.id, created: now, updated: now,
  };
  await ctx.store.commit([['put', 'users', user], ['put', 'memberships', membership]]);
  return { id };
};

/**
 * Deletes a service account of the caller's tenant with its membership and every key, so all
 * agents and flows using those keys fail on their next request.
 */
export const deleteServiceAccount = async (ctx: UseCaseContext, input: { user_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const userId = requireUuid(input.user_id, 'input.user_id');
  // Permission first: a non-admin learns nothing about which accounts exist.
  requireTenantAdmin(caller, caller.tenant.id, Permission.deleteServiceAccount);
  const { state } = ctx.store;
  const account = state.user(userId);
  const membership = account && isServiceAccount(account) ? state.membershipOf(account.id, caller.tenant.id) : undefined;
  if (!account || !membership) throw notFound('Service account not found');
  requireTenantAdmin(caller, membership.tenantId, Permission.deleteServiceAccount);
  const keys = state.apiKeys.allBy('user', account.id);
  await ctx.store.commit([
    ...revocationOps(keys, 'service_account_deleted', ctx.clock.now()),
    ['del', 'memberships', membership.id],
    ['del', 'users', account.id],
  ]);
};
