import { requireCaller } from '../domain/auth.js';
import { hasPermission, Permission } from '../domain/roles.js';
import type { Membership, User } from '../domain/types.js';
import type { UseCaseContext } from './context.js';

/**
 * `membership`: the caller's own memberships (the UI's shell reads its current one with the
 * tenant's settings), and with read:membership every membership of the caller's tenant (the
 * Roles page checks which roles are in use).
 */
export const listMemberships = ({ store, auth }: UseCaseContext): Membership[] => {
  const caller = requireCaller(auth);
  const { state } = store;
  const own = state.memberships.allBy('user', caller.user.id);
  if (!hasPermission(caller.role, Permission.readMembership)) return own;
  const tenant = state.memberships.allBy('tenant', caller.tenant.id);
  return [...new Map([...own, ...tenant].map((m) => [m.id, m])).values()];
};

/**
 * `license_users`: the people the licence counts, i.e. the people of the caller's tenant (one
 * licence per tenant), each with the memberships of that tenant. Licence administrators read it.
 */
export const licenseUsers = ({ store, auth }: UseCaseContext): { user: User; memberships: Membership[] }[] => {
  const caller = requireCaller(auth);
  const { state } = store;
  if (!hasPermission(caller.role, Permission.readUser)) return [];
  return state.memberships.allBy('tenant', caller.tenant.id).flatMap((m) => {
    const user = state.user(m.userId);
    return user && user.accountType === 'USER' ? [{ user, memberships: [m] }] : [];
  });
};
