import { requireCaller } from '../domain/auth.js';
import { badInput, notFound } from '../domain/errors.js';
import { guardLastAdmin, isServiceAccount, requireAssignableRole, requirePermission } from '../domain/policies.js';
import { hasPermission, Permission, TENANT_ADMIN_ROLE_ID } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Membership } from '../domain/types.js';
import { requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { State } from '../store/state.js';
import type { UseCaseContext } from './context.js';

const humanAdminCount = (state: State, tenantId: string): number =>
  state.memberships.allBy('tenant', tenantId).filter((m) => m.roleId === TENANT_ADMIN_ROLE_ID && !isServiceAccount(state.user(m.userId) ?? { accountType: 'SERVICE' })).length;

/** Memberships of other tenants answer as if they did not exist. */
const findMembership = (ctx: UseCaseContext, id: string): Membership => {
  const caller = requireCaller(ctx.auth);
  const membership = ctx.store.state.memberships.get(id);
  if (!membership || membership.tenantId !== caller.tenant.id) throw notFound('Membership not found');
  return membership;
};

export const setMembershipRole = async (
  ctx: UseCaseContext,
  input: { membership_id?: unknown; role_id?: unknown },
): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  const membershipId = requireUuid(input.membership_id, 'input.membership_id');
  const roleId = requireUuid(input.role_id, 'input.role_id');
  // Permission first: a non-admin learns nothing about which memberships exist. A person's role
  // is update:membership; a service account's is update:service-account (the UI's "Change
  // Service Account role"), as Cloud named them.
  if (!hasPermission(caller.role, Permission.updateMembership)) requirePermission(caller, Permission.updateServiceAccount);
  const membership = findMembership(ctx, membershipId);
  const { state } = ctx.store;
  const member = state.user(membership.userId);
  requirePermission(caller, member && isServiceAccount(member) ? Permission.updateServiceAccount : Permission.updateMembership);
  requireAssignableRole(state.role(roleId), membership.tenantId, 'input.role_id');
  guardLastAdmin(membership, roleId, humanAdminCount(state, membership.tenantId), state.user(membership.userId));
  const now = toIso(ctx.clock.now());
  await ctx.store.commit([['put', 'memberships', { ...membership, roleId, updated: now }]]);
  return { id: membership.id };
};

/**
 * A tenant admin removes a member, or a member leaves. The member's keys for that tenant stop
 * working at once (authentication re-reads the membership on every request).
 */
export const deleteMembership = async (ctx: UseCaseContext, input: { membership_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const membershipId = requireUuid(input.membership_id, 'input.membership_id');
  const membership = findMembership(ctx, membershipId);
  if (membership.userId !== caller.user.id) requirePermission(caller, Permission.deleteMembership);
  const { state } = ctx.store;
  const member = state.user(membership.userId);
  if (member && isServiceAccount(member)) {
    throw badInput('input.membership_id', 'is a service account\'s membership; use delete_service_account');
  }
  guardLastAdmin(membership, null, humanAdminCount(state, membership.tenantId), member);
  const ops: Op[] = [['del', 'memberships', membership.id]];
  if (member && member.defaultMembershipId === membership.id) {
    const next = state.memberships.allBy('user', member.id).find((m) => m.id !== membership.id);
    ops.push(['put', 'users', { ...member, defaultMembershipId: next?.id ?? null, updated: toIso(ctx.clock.now()) }]);
  }
  await ctx.store.commit(ops);
};
