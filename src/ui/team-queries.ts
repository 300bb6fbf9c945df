/** The Team > Members and Team > Roles operations, as the Cloud 1.0 UI sends them, and their result shapes. */
import type { SameTenantUser } from './queries';

export interface RoleRow {
  id: string;
  name: string;
  permissions: string[];
  /** null: a built-in role. */
  tenant_id: string | null;
}

export interface InvitationRow {
  id: string;
  email: string;
  created: string;
  role_detail: { id: string; name: string } | null;
  tenant: { id: string } | null;
}

export type Member = SameTenantUser;

export const AUTH_ROLES = 'query AuthRoles { auth_role { id name permissions tenant_id } }';

export const TENANT_USERS =
  'query TenantUsers { tenantUsers: user_view_same_tenant { id username email first_name last_name account_type memberships { id tenant_id role_detail { id name } } } }';

export const PENDING_INVITATIONS =
  'query PendingInvitations { pendingInvitations: membership_invitation { id created email role_detail { id name } tenant { id } } }';

export const CREATE_INVITATION =
  'mutation CreateMembershipInvitation($input: create_membership_invitation_input!) { create_membership_invitation(input: $input) { id } }';

export const DELETE_INVITATION =
  'mutation DeleteMembershipInvitation($membershipInvitationId: UUID!) { delete_membership_invitation(input: {invitation_id: $membershipInvitationId}) { success error } }';

export const SET_MEMBERSHIP_ROLE =
  'mutation SetMembershipRole($input: set_membership_role_input!) { set_membership_role(input: $input) { id } }';

export const DELETE_MEMBERSHIP =
  'mutation DeleteMembership($membershipId: UUID!) { delete_membership(input: {membership_id: $membershipId}) { success error } }';

export const PERMISSIONS_INFO =
  'query Permissions { permissions_info { user_permissions_filtered_by_license_features all_permissions_filtered_by_license_features } }';

export const CREATE_CUSTOM_ROLE =
  'mutation CreateCustomRole($input: create_custom_role_input!) { create_custom_role(input: $input) { id } }';

export const DELETE_CUSTOM_ROLE =
  'mutation DeleteCustomRole($input: delete_custom_role_input!) { delete_custom_role(input: $input) { success error } }';

/** What the caller's permissions allow, as the Cloud UI checks them (`permissions.includes(op + ':' + ref)`). */
export function can(permissions: string[] | null, operation: string, resource: string): boolean {
  return permissions?.includes(`${operation}:${resource}`) ?? false;
}

/** The roles a member may be given: the built-in people's roles, then the tenant's own. */
export function assignableRoles(roles: RoleRow[], tenantId: string): RoleRow[] {
  const builtIn = ['TENANT_ADMIN', 'USER', 'READ_ONLY_USER'].map((n) => roles.find((r) => r.tenant_id === null && r.name === n));
  return [...builtIn.filter((r): r is RoleRow => !!r), ...roles.filter((r) => r.tenant_id === tenantId)];
}
