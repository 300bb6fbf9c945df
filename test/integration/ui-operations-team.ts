/** Team > Service Accounts, Members, Invitations and Roles. */
import { builtInRoleId } from '../../src/domain/roles.js';
import { ids } from '../helpers/app.js';
import {
  acmeInvitation, ADMINS, ALL, customRole, every, expectEq, expectThat, globexInvitation, gql, list, type UiOperation,
} from './ui-operations-support.js';

const MEMBER_FIELDS = 'id username email first_name last_name account_type memberships { id tenant_id role_detail { id name } }';

const membershipOfRita = async (s: Parameters<NonNullable<UiOperation['variables']>>[0]): Promise<string> => {
  const data = await gql(s, 'query { user_view_same_tenant { id memberships { id } } }');
  return (data.user_view_same_tenant as { id: string; memberships: { id: string }[] }[]).find((u) => u.id === ids.rita)!.memberships[0]!.id;
};

export const teamOperations = (): UiOperation[] => [
  {
    name: 'TenantUsers', page: 'Members, Service Accounts', outcomes: ALL, returns: 'people (`account_type` USER) and service accounts (SERVICE) of the tenant',
    query: `query TenantUsers { tenantUsers: user_view_same_tenant { ${MEMBER_FIELDS} } }`,
    check: (d) => {
      const types = Object.fromEntries(list(d, 'tenantUsers').map((u) => [u.id, u.account_type]));
      expectEq([types[ids.alice], types[ids.acmeAgent]], ['USER', 'SERVICE'], 'account types');
    },
  },
  {
    name: 'CreateServiceAccount', page: 'Service Accounts', outcomes: ADMINS, returns: '`{ id }`',
    query: 'mutation CreateServiceAccount($input: create_service_account_input!) { create_service_account(input: $input) { id } }',
    variables: () => ({ input: { tenant_id: ids.acme, name: 'ui-bot', role_id: builtInRoleId('USER') } }),
  },
  {
    name: 'DeleteServiceAccount', page: 'Service Accounts', outcomes: ADMINS, returns: '`{ success }`; its keys are revoked',
    query: 'mutation DeleteServiceAccount($id: UUID!) { delete_service_account(input: {user_id: $id}) { success } }',
    variables: async (s) => ({ id: (await gql(s, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "doomed"}) { id } }`)).create_service_account.id }),
    check: (d) => expectEq(d.delete_service_account, { success: true }, 'deleted'),
  },
  {
    name: 'SetMembershipRole', page: 'Members, Service Accounts', outcomes: ADMINS, returns: '`{ id }` of the membership',
    query: 'mutation SetMembershipRole($input: set_membership_role_input!) { set_membership_role(input: $input) { id } }',
    variables: async (s) => ({ input: { membership_id: await membershipOfRita(s), role_id: builtInRoleId('USER') } }),
  },
  {
    // rita may leave; bob may not remove her.
    name: 'DeleteMembership', page: 'Members', outcomes: { ...ADMINS, readOnly: 'ok' }, returns: '`{ success }`; the member\'s keys for the tenant stop working',
    query: 'mutation DeleteMembership($membershipId: UUID!) { delete_membership(input: {membership_id: $membershipId}) { success } }',
    variables: async (s) => ({ membershipId: await membershipOfRita(s) }),
    check: (d) => expectEq(d.delete_membership, { success: true }, 'removed'),
  },
  {
    name: 'CreateMembershipInvitation', page: 'Members', outcomes: ADMINS, returns: '`{ id }` of the invitation',
    query: 'mutation CreateMembershipInvitation($input: create_membership_invitation_input!) { create_membership_invitation(input: $input) { id } }',
    variables: () => ({ input: { email: 'invitee@example.test', role_id: builtInRoleId('USER') } }),
  },
  {
    name: 'PendingInvitations', page: 'Members > Pending', outcomes: ALL, returns: 'the tenant\'s pending invitations',
    query: 'query PendingInvitations { pendingInvitations: membership_invitation { id created email role_detail { id name } tenant { id } } }',
    variables: async (s) => {
      await acmeInvitation(s);
      return {};
    },
    check: (d) => expectEq(list(d, 'pendingInvitations').map((i) => [i.email, (i.role_detail as { name: string }).name]), [['newcomer@example.test', 'READ_ONLY_USER']], 'pending'),
  },
  {
    name: 'DeleteMembershipInvitation', page: 'Members > Pending, notifications', outcomes: ADMINS, returns: '`{ success }`',
    query: 'mutation DeleteMembershipInvitation($membershipInvitationId: UUID!) { delete_membership_invitation(input: {invitation_id: $membershipInvitationId}) { success } }',
    variables: async (s) => ({ membershipInvitationId: await acmeInvitation(s) }),
    check: (d) => expectEq(d.delete_membership_invitation, { success: true }, 'revoked'),
  },
  {
    name: 'AcceptMembershipInvitation', page: 'notifications, shell',
    // alice tries an acme invitation meant for someone else; a service account has no email, so no invitation is its.
    outcomes: { admin: 'FORBIDDEN', user: 'ok', readOnly: 'ok', serviceAccount: 'NOT_FOUND' },
    returns: '`{ id }` of the new membership, for the invitee (here alice tries one meant for someone else; a service account has no email)',
    query: 'mutation AcceptMembershipInvitation($membershipInvitationId: UUID!) { accept_membership_invitation(input: {invitation_id: $membershipInvitationId}) { id } }',
    variables: async (s) => {
      if (s.kind === 'admin') return { membershipInvitationId: await acmeInvitation(s) };
      const email = { user: 'bob@acme.test', readOnly: 'rita@acme.test', serviceAccount: 'nobody@example.test' }[s.kind];
      return { membershipInvitationId: await globexInvitation(s, email) };
    },
    check: async (d, s) => {
      const me = await gql(s, 'query { user { memberships { id tenant { slug } role_detail { name } } } }', undefined, s.key);
      const joined = (me.user[0].memberships as { id: string; tenant: { slug: string }; role_detail: { name: string } }[]).find((m) => m.tenant.slug === 'globex');
      expectEq([joined?.id, joined?.role_detail.name], [(d.accept_membership_invitation as { id: string }).id, 'USER'], 'joined globex');
    },
  },
  {
    name: 'MembershipInvitation (notification)', page: 'notifications', outcomes: ALL, returns: 'the invitation, or null when it is not the caller\'s',
    query: 'query MembershipInvitation($id: uuid!) { membership_invitation_by_pk(id: $id) { id role_detail { id name } email created tenant { id name } } }',
    variables: async (s) => ({ id: await globexInvitation(s, 'bob@acme.test') }),
    check: (d, s) => expectEq((d.membership_invitation_by_pk as { email?: string } | null)?.email ?? null, s.kind === 'user' ? 'bob@acme.test' : null, 'visible to the invitee only'),
  },
  {
    name: 'Memberships (invitation by id)', page: 'accept invitation page', outcomes: ALL, returns: 'the invitation with its tenant and invitee',
    query: `query Memberships($id: uuid!) { membership_invitation_by_pk(id: $id) { id created email role_detail { id name }
      tenant { id name slug } user { id username email } tenant_id } }`,
    variables: async (s) => ({ id: await globexInvitation(s, 'bob@acme.test') }),
    check: (d, s) => {
      const hit = d.membership_invitation_by_pk as { user: { id: string }; tenant_id: string } | null;
      expectEq(hit && [hit.user.id, hit.tenant_id], s.kind === 'user' ? [ids.bob, ids.globex] : null, 'invitation with its invitee');
    },
  },
  {
    name: 'AccountMembershipInvitations', page: 'Account > Users', outcomes: ALL, returns: 'pending invitations with the role\'s name',
    query: 'query AccountMembershipInvitations { membership_invitation { id created email role } }',
    variables: async (s) => {
      await acmeInvitation(s);
      return {};
    },
    check: (d) => expectEq(list(d, 'membership_invitation').map((i) => i.role), ['READ_ONLY_USER'], 'role name'),
  },
  {
    name: 'LicenseUsers', page: 'Account > Users, Teams', outcomes: ALL, returns: 'the people of the tenant with their memberships',
    query: 'query LicenseUsers { license_users { id first_name last_name username email memberships { tenant_id membership_id role_id } } }',
    check: (d) => expectEq(list(d, 'license_users').map((u) => u.id).sort(), [ids.alice, ids.bob, ids.rita].sort(), 'people of acme'),
  },
  {
    name: 'Memberships', page: 'Account > Users', outcomes: ALL, returns: 'members and invitation ids, under the UI\'s aliases',
    query: 'query Memberships { memberships: user_view_same_tenant { id account_type memberships { id } } membershipInvitations: membership_invitation { id } }',
    check: (d) => expectEq(list(d, 'memberships').length, 4, 'four members'),
  },
  {
    name: 'AuthRoles', page: 'Roles, Members', outcomes: ALL, returns: 'built-in roles and the tenant\'s custom roles',
    query: 'query AuthRoles { auth_role { name permissions created updated tenant_id id } }',
    variables: async (s) => {
      await customRole(s);
      return {};
    },
    check: (d) => {
      const custom = list(d, 'auth_role').find((r) => r.name === 'Auditor');
      expectEq([custom?.tenant_id, custom?.permissions], [ids.acme, ['read:run', 'read:flow']], 'custom role listed');
    },
  },
  {
    name: 'RolesInUse', page: 'Roles', outcomes: ALL, returns: 'the tenant\'s memberships and their roles',
    query: 'query RolesInUse { membership { id role_id } }',
    check: (d) => expectThat(list(d, 'membership').length >= 4, 'every membership of acme'),
  },
  {
    name: 'MembershipInvitationRoles', page: 'Roles', outcomes: ALL, returns: 'the roles pending invitations offer',
    query: 'query MembershipInvitationRoles { membership_invitation { role_id } }',
  },
  {
    name: 'Permissions', page: 'Roles (editor)', outcomes: ALL, returns: 'every permission a role may hold, and the caller\'s',
    query: 'query Permissions { permissions_info { user_permissions_filtered_by_license_features all_permissions_filtered_by_license_features } }',
    check: (d) => {
      const info = d.permissions_info as Record<string, string[]>;
      expectThat(info.all_permissions_filtered_by_license_features!.includes('create:service-account'), 'the catalogue');
    },
  },
  {
    name: 'CreateCustomRole', page: 'Roles', outcomes: ADMINS, returns: '`{ id }` of the role',
    query: 'mutation CreateCustomRole($input: create_custom_role_input!) { create_custom_role(input: $input) { id } }',
    variables: () => ({ input: { name: 'Flow runner', permissions: ['read:run', 'create:run', 'update:run'] } }),
  },
  {
    name: 'UpdateCustomRole', page: 'Roles', outcomes: ADMINS, returns: '`{ success }`',
    query: 'mutation UpdateCustomRole($input: update_custom_role_permissions_input!) { update_custom_role_permissions(input: $input) { success } }',
    variables: async (s) => ({ input: { role_id: await customRole(s), permissions: ['read:run'] } }),
    check: (d) => expectEq(d.update_custom_role_permissions, { success: true }, 'updated'),
  },
  {
    name: 'DeleteCustomRole', page: 'Roles', outcomes: ADMINS, returns: '`{ success }`',
    query: 'mutation DeleteCustomRole($input: delete_custom_role_input!) { delete_custom_role(input: $input) { success } }',
    variables: async (s) => ({ input: { role_id: await customRole(s) } }),
    check: (d) => expectEq(d.delete_custom_role, { success: true }, 'deleted'),
  },
  {
    name: 'DeleteCustomRole (a built-in role)', page: 'Roles', outcomes: { ...every('BAD_USER_INPUT'), user: 'FORBIDDEN', readOnly: 'FORBIDDEN' },
    returns: 'BAD_USER_INPUT naming `input.role_id`',
    query: 'mutation DeleteCustomRole($input: delete_custom_role_input!) { delete_custom_role(input: $input) { success } }',
    variables: () => ({ input: { role_id: builtInRoleId('USER') } }),
  },
];
