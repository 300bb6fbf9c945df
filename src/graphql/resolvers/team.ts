import { applyListArgs, type ListArgs } from '../../domain/where.js';
import { deleteCustomRole, createCustomRole, permissionsInfo, updateCustomRolePermissions } from '../../service/custom-roles.js';
import { acceptInvitation, createInvitation, deleteInvitation, findVisibleInvitation, visibleInvitations } from '../../service/invitations.js';
import { licenseUsers, listMemberships } from '../../service/membership-list.js';
import type { GraphQLContext } from '../context.js';
import { successPayload } from '../payloads.js';
import { roleAndTenantFields } from '../related.js';
import { wireMembership } from '../wire.js';
import { teamColumns, wireInvitation } from '../wire-team.js';

type Input = { input: Record<string, unknown> };
type WireInvitation = ReturnType<typeof wireInvitation>;

/** Team > Members, Invitations and Roles, and the licence's users. */
export const teamResolvers = {
  Query: {
    membership: (_: unknown, args: ListArgs, ctx: GraphQLContext) =>
      applyListArgs(listMemberships(ctx.useCase).map(wireMembership), args, teamColumns.membership),
    membership_invitation: (_: unknown, args: ListArgs, ctx: GraphQLContext) =>
      applyListArgs(visibleInvitations(ctx.useCase).map(wireInvitation), args, teamColumns.invitation),
    membership_invitation_by_pk: (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const invitation = findVisibleInvitation(ctx.useCase, args.id.toLowerCase());
      return invitation ? wireInvitation(invitation) : null;
    },
    permissions_info: (_: unknown, __: unknown, ctx: GraphQLContext) => permissionsInfo(ctx.useCase),
    license_users: (_: unknown, __: unknown, ctx: GraphQLContext) =>
      licenseUsers(ctx.useCase).map(({ user, memberships }) => ({
        id: user.id, username: user.username, email: user.email, first_name: user.firstName, last_name: user.lastName,
        memberships: memberships.map((m) => ({ tenant_id: m.tenantId, membership_id: m.id, role_id: m.roleId })),
      })),
  },
  Mutation: {
    create_membership_invitation: (_: unknown, { input }: Input, ctx: GraphQLContext) => createInvitation(ctx.useCase, input),
    accept_membership_invitation: (_: unknown, { input }: Input, ctx: GraphQLContext) => acceptInvitation(ctx.useCase, input),
    delete_membership_invitation: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteInvitation(ctx.useCase, input)),
    create_custom_role: (_: unknown, { input }: Input, ctx: GraphQLContext) => createCustomRole(ctx.useCase, input),
    update_custom_role_permissions: (_: unknown, { input }: Input, ctx: GraphQLContext) =>
      successPayload(() => updateCustomRolePermissions(ctx.useCase, input)),
    delete_custom_role: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteCustomRole(ctx.useCase, input)),
  },
  types: {
    membership_invitation: {
      ...roleAndTenantFields,
      // The invitee's account, when a person has the email.
      user: (i: WireInvitation, _: unknown, ctx: GraphQLContext) => {
        const u = ctx.instance.store.state.users.allBy('email', i.email).find((x) => x.accountType === 'USER');
        return u ? { id: u.id, username: u.username, email: u.email } : null;
      },
    },
  },
};
