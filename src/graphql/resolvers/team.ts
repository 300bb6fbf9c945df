import { applyListArgs } from '../../domain/where.js';
import { deleteCustomRole, createCustomRole, permissionsInfo, updateCustomRolePermissions } from '../../service/custom-roles.js';
import { acceptInvitation, createInvitation, deleteInvitation, findVisibleInvitation, visibleInvitations } from '../../service/invitations.js';
import { inviteeOf } from '../../service/directory.js';
import { licenseUsers, listMemberships } from '../../service/membership-list.js';
import type { GraphQLContext } from '../context.js';
import { successPayload } from '../payloads.js';
import { roleAndTenantFields } from '../related.js';
import { wireMembership } from '../wire.js';
import { listColumns } from '../schema-types.js';
import { wireInvitation } from '../wire-team.js';
import type { MutationResolvers, QueryResolvers } from '../resolver-types.js';

type WireInvitation = ReturnType<typeof wireInvitation>;

/** Team > Members, Invitations and Roles, and the licence's users. */
export const teamResolvers = {
  Query: {
    membership: (_, args, ctx) =>
      applyListArgs(listMemberships(ctx.useCase).map(wireMembership), args, listColumns.membership),
    membership_invitation: (_, args, ctx) =>
      applyListArgs(visibleInvitations(ctx.useCase).map(wireInvitation), args, listColumns.membership_invitation),
    membership_invitation_by_pk: (_, args, ctx) => {
      const invitation = findVisibleInvitation(ctx.useCase, args.id.toLowerCase());
      return invitation ? wireInvitation(invitation) : null;
    },
    permissions_info: (_, __, ctx) => permissionsInfo(ctx.useCase),
    license_users: (_, __, ctx) =>
      licenseUsers(ctx.useCase).map(({ user, memberships }) => ({
        id: user.id, username: user.username, email: user.email, first_name: user.firstName, last_name: user.lastName,
        memberships: memberships.map((m) => ({ tenant_id: m.tenantId, membership_id: m.id, role_id: m.roleId })),
      })),
  } satisfies QueryResolvers,
  Mutation: {
    create_membership_invitation: (_, { input }, ctx) => createInvitation(ctx.useCase, input),
    accept_membership_invitation: (_, { input }, ctx) => acceptInvitation(ctx.useCase, input),
    delete_membership_invitation: (_, { input }, ctx) => successPayload(() => deleteInvitation(ctx.useCase, input)),
    create_custom_role: (_, { input }, ctx) => createCustomRole(ctx.useCase, input),
    update_custom_role_permissions: (_, { input }, ctx) =>
      successPayload(() => updateCustomRolePermissions(ctx.useCase, input)),
    delete_custom_role: (_, { input }, ctx) => successPayload(() => deleteCustomRole(ctx.useCase, input)),
  } satisfies MutationResolvers,
  types: {
    membership_invitation: {
      ...roleAndTenantFields,
      // The invitee's account, when a person has the email.
      user: (i: WireInvitation, _: unknown, ctx: GraphQLContext) => {
        return inviteeOf(ctx.useCase, i.email);
      },
    },
  },
};
