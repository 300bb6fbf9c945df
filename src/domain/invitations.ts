import type { Caller } from './auth.js';
import { badInput, forbidden, notFound } from './errors.js';
import { hasPermission, Permission } from './roles.js';
import type { Invitation, Membership, User } from './types.js';

/**
 * Invitations: a tenant admin invites an email with a role; whoever's user has that email sees
 * the invitation, accepts it with their own key and becomes a member with that role. Admins
 * list and revoke the pending ones; the invitee may decline (delete) theirs.
 */

const sameEmail = (user: Pick<User, 'email'>, invitation: Pick<Invitation, 'email'>): boolean =>
  user.email !== null && user.email.toLowerCase() === invitation.email;

/** The invitee: the caller's user has the invited email. */
export const isInvitee = (caller: Caller, invitation: Invitation): boolean => sameEmail(caller.user, invitation);

/** Admins of the invitation's tenant (read:membership-invitation) and the invitee see it. */
export const canSeeInvitation = (caller: Caller, invitation: Invitation): boolean =>
  isInvitee(caller, invitation) ||
  (invitation.tenantId === caller.tenant.id && hasPermission(caller.role, Permission.readInvitation));

/**
 * Inviting needs create:membership-invitation in the caller's tenant; an email that already
 * belongs to a member, or already has a pending invitation, is refused.
 */
export const authorizeInvite = (
  caller: Caller,
  email: string,
  existingMember: boolean,
  pending: readonly Invitation[],
): void => {
  if (!hasPermission(caller.role, Permission.createInvitation)) throw forbidden();
  if (existingMember) throw badInput('input.email', `${email} is already a member of this tenant`);
  if (pending.some((i) => i.tenantId === caller.tenant.id && i.email === email)) {
    throw badInput('input.email', `${email} already has a pending invitation to this tenant`);
  }
};

/**
 * Only the invitee accepts, with a person's account. An admin of the tenant who can see the
 * invitation is told it is meant for someone else; anyone else learns nothing ("not found").
 */
export const authorizeAccept = (caller: Caller, invitation: Invitation | undefined, membership: Membership | undefined): Invitation => {
  if (!invitation || !canSeeInvitation(caller, invitation)) throw notFound('Invitation not found');
  if (caller.user.accountType === 'SERVICE') throw forbidden('Unauthorized: service accounts cannot accept invitations');
  if (!isInvitee(caller, invitation)) throw forbidden('Unauthorized: this invitation was sent to another email address');
  if (membership) throw badInput('input.invitation_id', 'you are already a member of this tenant');
  return invitation;
};

/** Admins (delete:membership-invitation) revoke; the invitee declines. Anyone else: not found. */
export const authorizeRevoke = (caller: Caller, invitation: Invitation | undefined): Invitation => {
  if (!invitation || !canSeeInvitation(caller, invitation)) throw notFound('Invitation not found');
  if (isInvitee(caller, invitation)) return invitation;
  if (!hasPermission(caller.role, Permission.deleteInvitation)) throw forbidden();
  return invitation;
};
