import { requireCaller } from '../domain/auth.js';
import { notFound } from '../domain/errors.js';
import { authorizeAccept, authorizeInvite, authorizeRevoke, canSeeInvitation } from '../domain/invitations.js';
import { requireAssignableRole } from '../domain/policies.js';
import { builtInRoleId } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Invitation, Membership } from '../domain/types.js';
import { optionalUuid, requireEmail, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

/**
 * The invitations the caller may see: those of its tenant for its admins, and those sent to
 * its user's email in any tenant (the UI's shell looks up "pending invitations for me").
 */
export const visibleInvitations = ({ store, auth }: UseCaseContext): Invitation[] => {
  const caller = requireCaller(auth);
  const { state } = store;
  const mine = caller.user.email ? state.invitations.allBy('email', caller.user.email.toLowerCase()) : [];
  const tenant = state.invitations.allBy('tenant', caller.tenant.id).filter((i) => canSeeInvitation(caller, i));
  return [...new Map([...tenant, ...mine].map((i) => [i.id, i])).values()];
};

export const findVisibleInvitation = (ctx: UseCaseContext, id: string): Invitation | undefined =>
  visibleInvitations(ctx).find((i) => i.id === id);

export const createInvitation = async (
  ctx: UseCaseContext,
  input: { email?: unknown; role_id?: unknown; tenant_id?: unknown },
): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  const email = requireEmail(input.email, 'input.email');
  const tenantId = optionalUuid(input.tenant_id, 'input.tenant_id') ?? caller.tenant.id;
  const roleId = optionalUuid(input.role_id, 'input.role_id') ?? builtInRoleId('USER');
  if (tenantId !== caller.tenant.id) throw notFound('Tenant not found');
  const { state } = ctx.store;
  const member = state.users.allBy('email', email).some((u) => state.membershipOf(u.id, tenantId) !== undefined);
  authorizeInvite(caller, email, member, state.invitations.allBy('email', email));
  requireAssignableRole(state.role(roleId), tenantId, 'input.role_id');
  const invitation: Invitation = { id: newId(), tenantId, email, roleId, invitedById: caller.user.id, created: toIso(ctx.clock.now()) };
  await ctx.store.commit([['put', 'invitations', invitation]]);
  return { id: invitation.id };
};

/**
 * The invitee joins the tenant with the invited role; the invitation is gone in the same
 * commit. A user without a default tenant gets this one.
 */
export const acceptInvitation = async (ctx: UseCaseContext, input: { invitation_id?: unknown }): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  const id = requireUuid(input.invitation_id, 'input.invitation_id');
  const { state } = ctx.store;
  const found = state.invitations.get(id);
  const invitation = authorizeAccept(caller, found, found ? state.membershipOf(caller.user.id, found.tenantId) : undefined);
  // The role may have been deleted since (a custom role): fall back to USER rather than fail.
  const roleId = state.role(invitation.roleId) ? invitation.roleId : builtInRoleId('USER');
  const now = toIso(ctx.clock.now());
  const membership: Membership = { id: newId(), tenantId: invitation.tenantId, userId: caller.user.id, roleId, created: now, updated: now };
  const ops: Op[] = [['put', 'memberships', membership], ['del', 'invitations', invitation.id]];
  if (caller.user.defaultMembershipId === null) ops.push(['put', 'users', { ...caller.user, defaultMembershipId: membership.id, updated: now }]);
  await ctx.store.commit(ops);
  return { id: membership.id };
};

export const deleteInvitation = async (ctx: UseCaseContext, input: { invitation_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const id = requireUuid(input.invitation_id, 'input.invitation_id');
  const invitation = authorizeRevoke(caller, ctx.store.state.invitations.get(id));
  await ctx.store.commit([['del', 'invitations', invitation.id]]);
};
