/**
 * How the authorization matrix asks each operation (matrix.test.ts runs them): a query or
 * mutation naming the target's records, and how to read its answer in the table's terms.
 */
import { TENANT_ADMIN_ROLE_ID as TENANT_ADMIN_ROLE } from '../../src/domain/roles.js';
import type { Operation } from './matrix-table.js';
import type { TargetBundle } from './world.js';

const TENANT = 'id name slug created updated info settings';
const USER = 'id username email first_name last_name account_type default_membership_id memberships { id tenant_id user_id role_id role role_detail { id name tenant_id } tenant { id name slug } }';
const ROLE = 'id name permissions tenant_id';
const KEY = 'id name user_id default_tenant_id expires_at created updated created_by { id username }';
const CONFIG = 'id tenant_id name settings';
const AGENT = 'id tenant_id name type labels agent_config_id last_queried';
const AUTH_INFO = 'user_id tenant_id membership_id role role_id permissions api_token_scope license';
const MEMBERSHIP = 'id tenant_id user_id role_id role role_detail { id name tenant_id } tenant { id name slug settings prefect_admin_settings stripe_customer license_id }';
const INVITATION = 'id email tenant_id role_id role role_detail { id name } tenant { id name slug } user { id username email } created';
const TOKEN = 'id name scope user_id tenant_id created expires_at last_used created_by { id username }';

export type Classified = 'data' | 'not-found' | 'unexpected';

export interface Probe {
  query: string;
  variables: (b: TargetBundle, n: number, now: string) => Record<string, unknown> | null;
  /** How the `hit` field reads when no error was raised. */
  classify: (hit: unknown) => Classified;
}

const nonEmpty = (hit: unknown): Classified => (Array.isArray(hit) ? (hit.length > 0 ? 'data' : 'not-found') : 'unexpected');
const present = (hit: unknown): Classified => (hit === null ? 'not-found' : typeof hit === 'object' ? 'data' : 'unexpected');
const success = (hit: unknown): Classified => {
  const s = (hit as { success?: unknown } | null)?.success;
  return s === true ? 'data' : s === false ? 'not-found' : 'unexpected';
};
const withId = (hit: unknown): Classified => (typeof (hit as { id?: unknown } | null)?.id === 'string' ? 'data' : 'unexpected');

/** The list query, once unfiltered (so the leak scan sees everything visible) and once filtered to the target. */
const list = (field: string, fields: string, pick: (b: TargetBundle) => string): Probe => ({
  query: `query($t: uuid!) { all: ${field} { ${fields} } hit: ${field}(where: {id: {_eq: $t}}) { ${fields} } }`,
  variables: (b) => ({ t: pick(b) }),
  classify: nonEmpty,
});
const mutation = (field: string, inputType: string, payload: string, input: Probe['variables'], classify: Probe['classify']): Probe => ({
  query: `mutation($input: ${inputType}!) { hit: ${field}(input: $input) { ${payload} } }`,
  variables: (b, n, now) => ({ input: input(b, n, now) }),
  classify,
});

export const PROBES: Record<Operation, Probe> = {
  hello: { query: 'query { hit: hello }', variables: () => null, classify: (hit) => (typeof hit === 'string' ? 'data' : 'unexpected') },
  auth_info: { query: `query { hit: auth_info { ${AUTH_INFO} } }`, variables: () => null, classify: present },
  tenant: list('tenant', TENANT, (b) => b.tenantId),
  tenant_by_pk: { query: `query($t: uuid!) { hit: tenant_by_pk(id: $t) { ${TENANT} } }`, variables: (b) => ({ t: b.tenantId }), classify: present },
  user: list('user', USER, (b) => b.userId),
  user_view_same_tenant: list('user_view_same_tenant', USER, (b) => b.userId),
  auth_role: list('auth_role', ROLE, (b) => b.roleId),
  auth_api_key: list('auth_api_key', KEY, (b) => b.keyId),
  auth_api_key_by_pk: { query: `query($t: uuid!) { hit: auth_api_key_by_pk(id: $t) { ${KEY} } }`, variables: (b) => ({ t: b.keyId }), classify: present },
  agent_config: list('agent_config', CONFIG, (b) => b.agentConfigId),
  agent: list('agent', AGENT, (b) => b.agentId),
  create_api_key: mutation('create_api_key', 'create_api_key_input', 'id key token', (b, n) => ({ user_id: b.userId, name: `matrix key ${n}` }),
    (hit) => (typeof (hit as { key?: unknown } | null)?.key === 'string' ? 'data' : 'unexpected')),
  delete_api_key: mutation('delete_api_key', 'delete_api_key_input', 'success error', (b) => ({ key_id: b.keyId }), success),
  create_service_account: mutation('create_service_account', 'create_service_account_input', 'id', (b, n) => ({ tenant_id: b.tenantId, name: `matrix sa ${n}` }), withId),
  delete_service_account: mutation('delete_service_account', 'delete_service_account_input', 'success error', (b) => ({ user_id: b.userId }), success),
  set_membership_role: mutation('set_membership_role', 'set_membership_role_input', 'id', (b) => ({ membership_id: b.membershipId, role_id: TENANT_ADMIN_ROLE }), withId),
  create_tenant: mutation('create_tenant', 'create_tenant_input', 'id', (_b, n) => ({ name: `Matrix Tenant ${n}`, slug: `matrix-tenant-${n}` }), withId),
  delete_membership: mutation('delete_membership', 'delete_membership_input', 'success error', (b) => ({ membership_id: b.membershipId }), success),
  register_agent: mutation('register_agent', 'register_agent_input', 'id', (b, n) => ({ tenant_id: b.tenantId, type: 'LocalAgent', name: `matrix agent ${n}`, labels: ['matrix'] }), withId),
  update_agent_heartbeat: mutation('update_agent_heartbeat', 'update_agent_heartbeat_input', 'success error', (b) => ({ agent_id: b.agentId }), success),
  get_runs_in_queue: mutation('get_runs_in_queue', 'get_runs_in_queue_input', 'flow_run_ids', (b, _n, now) => ({ tenant_id: b.tenantId, before: now, labels: [] }),
    (hit) => (Array.isArray((hit as { flow_run_ids?: unknown } | null)?.flow_run_ids) ? 'data' : 'unexpected')),

  api: { query: 'query { hit: api { backend mode version core_version release_timestamp } }', variables: () => null, classify: present },
  membership: list('membership', MEMBERSHIP, (b) => b.membershipId),
  membership_invitation: list('membership_invitation', INVITATION, (b) => b.invitationId),
  membership_invitation_by_pk: { query: `query($t: uuid!) { hit: membership_invitation_by_pk(id: $t) { ${INVITATION} } }`, variables: (b) => ({ t: b.invitationId }), classify: present },
  permissions_info: { query: 'query { hit: permissions_info { user_permissions_filtered_by_license_features all_permissions_filtered_by_license_features } }', variables: () => null, classify: present },
  api_token: list('api_token', TOKEN, (b) => b.tokenId),
  agent_config_by_pk: { query: `query($t: uuid!) { hit: agent_config_by_pk(id: $t) { ${CONFIG} agents { ${AGENT} } } }`, variables: (b) => ({ t: b.agentConfigId }), classify: present },
  license_users: { query: 'query { hit: license_users { id username email first_name last_name memberships { tenant_id membership_id role_id } } }', variables: () => null, classify: nonEmpty },
  update_user_settings: mutation('update_user_settings', 'update_user_settings_input', 'id', (_b, n) => ({ settings: { matrix: n } }), withId),
  update_user_details: mutation('update_user_details', 'update_user_details_input', 'id', (_b, n) => ({ first_name: `Matrix ${n}` }), withId),
  update_tenant_name: mutation('update_tenant_name', 'update_tenant_name_input', 'id', (_b, n) => ({ name: `Matrix ${n}` }), withId),
  update_tenant_slug: mutation('update_tenant_slug', 'update_tenant_slug_input', 'id', (_b, n) => ({ slug: `matrix-${n}` }), withId),
  update_tenant_settings: mutation('update_tenant_settings', 'update_tenant_settings_input', 'id', (_b, n) => ({ settings: { matrix: n } }), withId),
  delete_tenant: mutation('delete_tenant', 'delete_tenant_input', 'success error', (b) => ({ confirm: true, tenant_id: b.tenantId }), success),
  create_enterprise_tenant: mutation('create_enterprise_tenant', 'create_enterprise_tenant_input', 'id', (_b, n) => ({ name: `Matrix Team ${n}`, slug: `matrix-team-${n}` }), withId),
  delete_enterprise_tenant: mutation('delete_enterprise_tenant', 'delete_enterprise_tenant_input', 'success error', (b) => ({ tenant_id: b.tenantId, confirm: true }), success),
  create_membership_invitation: mutation('create_membership_invitation', 'create_membership_invitation_input', 'id',
    (b, n) => ({ email: `matrix-${n}@example.test`, tenant_id: b.tenantId }), withId),
  accept_membership_invitation: mutation('accept_membership_invitation', 'accept_membership_invitation_input', 'id', (b) => ({ invitation_id: b.invitationId }), withId),
  delete_membership_invitation: mutation('delete_membership_invitation', 'delete_membership_invitation_input', 'success error', (b) => ({ invitation_id: b.invitationId }), success),
  create_custom_role: mutation('create_custom_role', 'create_custom_role_input', 'id', (b, n) => ({ name: `matrix role ${n}`, permissions: ['read:run'], tenant_id: b.tenantId }), withId),
  update_custom_role_permissions: mutation('update_custom_role_permissions', 'update_custom_role_permissions_input', 'success error',
    (b) => ({ role_id: b.roleId, permissions: ['read:run'] }), success),
  delete_custom_role: mutation('delete_custom_role', 'delete_custom_role_input', 'success error', (b) => ({ role_id: b.roleId }), success),
  create_api_token: mutation('create_api_token', 'create_api_token_input', 'id', (_b, n) => ({ name: `matrix token ${n}`, scope: 'USER' }), withId),
  delete_api_token: mutation('delete_api_token', 'delete_api_token_input', 'success error', (b) => ({ token_id: b.tokenId }), success),
  delete_agent: mutation('delete_agent', 'delete_agent_input', 'success error', (b) => ({ agent_id: b.agentId }), success),
  create_agent_config: mutation('create_agent_config', 'create_agent_config_input', 'id', (_b, n) => ({ name: `matrix config ${n}` }), withId),
  delete_agent_config: mutation('delete_agent_config', 'delete_agent_config_input', 'success error', (b) => ({ agent_config_id: b.agentConfigId }), success),
};
