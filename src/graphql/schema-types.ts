// Generated from schema.graphql by scripts/schema-types.mjs: do not edit, run `npm run generate`.
// The typecheck and the test suite fail when this file is not what the schema gives.

export type order_by = 'asc' | 'asc_nulls_first' | 'asc_nulls_last' | 'desc' | 'desc_nulls_first' | 'desc_nulls_last';

export type uuid_comparison_exp = {
  _eq?: string | null;
  _neq?: string | null;
  _in?: string[] | null;
  _nin?: string[] | null;
  _is_null?: boolean | null;
};

export type String_comparison_exp = {
  _eq?: string | null;
  _neq?: string | null;
  _in?: string[] | null;
  _nin?: string[] | null;
  _is_null?: boolean | null;
  _gt?: string | null;
  _gte?: string | null;
  _lt?: string | null;
  _lte?: string | null;
  _like?: string | null;
  _ilike?: string | null;
};

export type timestamptz_comparison_exp = {
  _eq?: string | null;
  _neq?: string | null;
  _in?: string[] | null;
  _nin?: string[] | null;
  _is_null?: boolean | null;
  _gt?: string | null;
  _gte?: string | null;
  _lt?: string | null;
  _lte?: string | null;
};

/** The arguments of every Query field, by field name. */
export interface QueryArgs {
  hello: Record<string, never>;
  auth_info: Record<string, never>;
  tenant: { where?: tenant_bool_exp | null; order_by?: tenant_order_by[] | null; limit?: number | null; offset?: number | null };
  tenant_by_pk: { id: string };
  user: { where?: user_bool_exp | null; order_by?: user_order_by[] | null; limit?: number | null; offset?: number | null };
  user_view_same_tenant: { where?: user_bool_exp | null; order_by?: user_order_by[] | null; limit?: number | null; offset?: number | null };
  auth_role: { where?: auth_role_bool_exp | null; order_by?: auth_role_order_by[] | null; limit?: number | null; offset?: number | null };
  auth_api_key: { where?: auth_api_key_bool_exp | null; order_by?: auth_api_key_order_by[] | null; limit?: number | null; offset?: number | null };
  auth_api_key_by_pk: { id: string };
  agent_config: { where?: agent_config_bool_exp | null; order_by?: agent_config_order_by[] | null; limit?: number | null; offset?: number | null };
  agent: { where?: agent_bool_exp | null; order_by?: agent_order_by[] | null; limit?: number | null; offset?: number | null };
  api: Record<string, never>;
  membership: { where?: membership_bool_exp | null; order_by?: membership_order_by[] | null; limit?: number | null; offset?: number | null };
  membership_invitation: { where?: membership_invitation_bool_exp | null; order_by?: membership_invitation_order_by[] | null; limit?: number | null; offset?: number | null };
  membership_invitation_by_pk: { id: string };
  permissions_info: Record<string, never>;
  api_token: { where?: api_token_bool_exp | null; order_by?: api_token_order_by[] | null; limit?: number | null; offset?: number | null };
  agent_config_by_pk: { id: string };
  license_users: Record<string, never>;
  project: { where?: project_bool_exp | null; order_by?: project_order_by[] | null; limit?: number | null; offset?: number | null; distinct_on?: project_select_column[] | null };
  project_by_pk: { id: string };
  flow: { where?: flow_bool_exp | null; order_by?: flow_order_by[] | null; limit?: number | null; offset?: number | null; distinct_on?: flow_select_column[] | null };
  flow_by_pk: { id: string };
  flow_group: { where?: flow_group_bool_exp | null; order_by?: flow_group_order_by[] | null; limit?: number | null; offset?: number | null };
  flow_group_by_pk: { id: string };
  flow_run: { where?: flow_run_bool_exp | null; order_by?: flow_run_order_by[] | null; limit?: number | null; offset?: number | null; distinct_on?: flow_run_select_column[] | null };
  flow_run_by_pk: { id: string };
  task_run: { where?: task_run_bool_exp | null; order_by?: task_run_order_by[] | null; limit?: number | null; offset?: number | null };
  task_run_by_pk: { id: string };
  task: { where?: task_bool_exp | null; order_by?: task_order_by[] | null; limit?: number | null; offset?: number | null };
  task_by_pk: { id: string };
  get_task_run_info: { task_run_id: string };
  log: { where?: log_bool_exp | null; order_by?: log_order_by[] | null; limit?: number | null; offset?: number | null };
  secret_names: Record<string, never>;
  secret_value: { name: string };
  key_value: { where?: key_value_bool_exp | null; order_by?: key_value_order_by[] | null; limit?: number | null; offset?: number | null };
}

/** The arguments of every Mutation field, by field name. */
export interface MutationArgs {
  create_api_key: { input: create_api_key_input };
  delete_api_key: { input: delete_api_key_input };
  create_service_account: { input: create_service_account_input };
  delete_service_account: { input: delete_service_account_input };
  set_membership_role: { input: set_membership_role_input };
  create_tenant: { input: create_tenant_input };
  delete_membership: { input: delete_membership_input };
  register_agent: { input: register_agent_input };
  update_agent_heartbeat: { input: update_agent_heartbeat_input };
  get_runs_in_queue: { input: get_runs_in_queue_input };
  update_user_settings: { input: update_user_settings_input };
  update_user_details: { input: update_user_details_input };
  update_tenant_name: { input: update_tenant_name_input };
  update_tenant_slug: { input: update_tenant_slug_input };
  update_tenant_settings: { input: update_tenant_settings_input };
  delete_tenant: { input: delete_tenant_input };
  create_enterprise_tenant: { input: create_enterprise_tenant_input };
  delete_enterprise_tenant: { input: delete_enterprise_tenant_input };
  create_membership_invitation: { input: create_membership_invitation_input };
  accept_membership_invitation: { input: accept_membership_invitation_input };
  delete_membership_invitation: { input: delete_membership_invitation_input };
  create_custom_role: { input: create_custom_role_input };
  update_custom_role_permissions: { input: update_custom_role_permissions_input };
  delete_custom_role: { input: delete_custom_role_input };
  create_api_token: { input: create_api_token_input };
  delete_api_token: { input: delete_api_token_input };
  delete_agent: { input: delete_agent_input };
  create_agent_config: { input: create_agent_config_input };
  delete_agent_config: { input: delete_agent_config_input };
  log_in: { input: log_in_input };
  refresh_token: { input: refresh_token_input };
  switch_tenant: { input: switch_tenant_input };
  log_out: { input: log_out_input };
  create_project: { input: create_project_input };
  delete_project: { input: delete_project_input };
  create_flow_from_compressed_string: { input: create_flow_from_compressed_string_input };
  create_flow: { input: create_flow_input };
  register_tasks: { input: register_tasks_input };
  register_edges: { input: register_edges_input };
  set_schedule_active: { input: set_schedule_active_input };
  set_schedule_inactive: { input: set_schedule_inactive_input };
  archive_flow: { input: archive_flow_input };
  unarchive_flow: { input: unarchive_flow_input };
  delete_flow: { input: delete_flow_input };
  set_flow_group_labels: { input: set_flow_group_labels_input };
  create_flow_run: { input: create_flow_run_input };
  set_flow_run_states: { input: set_flow_run_states_input };
  set_task_run_states: { input: set_task_run_states_input };
  get_or_create_task_run_info: { input: get_or_create_task_run_info_input };
  update_flow_run_heartbeat: { input: update_flow_run_heartbeat_input };
  cancel_flow_run: { input: cancel_flow_run_input };
  set_flow_run_name: { input: set_flow_run_name_input };
  set_task_run_name: { input: set_task_run_name_input };
  delete_flow_run: { input: delete_flow_run_input };
  write_run_logs: { input: write_run_logs_input };
  set_secret: { input: set_secret_input };
  delete_secret: { input: delete_secret_input };
  set_key_value: { input: set_key_value_input };
  delete_key_value: { input: delete_key_value_input };
}

export interface auth_info {
  user_id: string | null;
  tenant_id: string | null;
  membership_id: string | null;
  role: string | null;
  role_id: string | null;
  /** The role's permissions as Cloud named them (create:service-account…), and the licence's features (feature:basic-rbac…). */
  permissions: readonly string[] | null;
  api_token_scope: string | null;
  /** The tenant's emulated licence: { id, account_name, terms }. Nothing is billed. */
  license: unknown;
}

export interface tenant {
  id: string;
  name: string;
  slug: string;
  created: string;
  updated: string;
  info: unknown;
  settings: unknown;
  /** Cloud staff's settings for the tenant: always {} here. */
  prefect_admin_settings: unknown;
  /** The emulator bills nobody: always null. */
  stripe_customer: unknown;
  /** The tenant's licence (auth_info.license.id). */
  license_id: string | null;
}

export type tenant_bool_exp = {
  _and?: tenant_bool_exp[] | null;
  _or?: tenant_bool_exp[] | null;
  _not?: tenant_bool_exp | null;
  id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  slug?: String_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
};

export type tenant_order_by = {
  id?: order_by | null;
  name?: order_by | null;
  slug?: order_by | null;
  created?: order_by | null;
  updated?: order_by | null;
};

export interface membership {
  id: string;
  tenant_id: string;
  user_id: string;
  role_id: string;
  /** The role's name. */
  role: string;
  role_detail: auth_role;
  tenant: tenant;
  created: string;
  updated: string;
}

export interface user {
  id: string;
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  /** USER for people, SERVICE for service accounts (as Cloud 1.0 named them). */
  account_type: string;
  default_membership_id: string | null;
  created: string;
  updated: string;
  memberships: readonly membership[];
  /** The UI's preferences (update_user_settings); {} until set. */
  settings: unknown;
}

export interface user_view_same_tenant {
  id: string;
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  account_type: string;
  default_membership_id: string | null;
  created: string;
  updated: string;
  /** Only the membership in the caller's current tenant. */
  memberships: readonly membership[];
}

export type user_bool_exp = {
  _and?: user_bool_exp[] | null;
  _or?: user_bool_exp[] | null;
  _not?: user_bool_exp | null;
  id?: uuid_comparison_exp | null;
  username?: String_comparison_exp | null;
  email?: String_comparison_exp | null;
  first_name?: String_comparison_exp | null;
  last_name?: String_comparison_exp | null;
  account_type?: String_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
};

export type user_order_by = {
  id?: order_by | null;
  username?: order_by | null;
  email?: order_by | null;
  first_name?: order_by | null;
  last_name?: order_by | null;
  account_type?: order_by | null;
  created?: order_by | null;
  updated?: order_by | null;
};

export interface auth_role {
  id: string;
  name: string;
  permissions: readonly string[];
  /** null for the built-in roles. */
  tenant_id: string | null;
  created: string;
  updated: string;
}

export type auth_role_bool_exp = {
  _and?: auth_role_bool_exp[] | null;
  _or?: auth_role_bool_exp[] | null;
  _not?: auth_role_bool_exp | null;
  id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
};

export type auth_role_order_by = {
  id?: order_by | null;
  name?: order_by | null;
  tenant_id?: order_by | null;
  created?: order_by | null;
};

/** Who created a key: only the id and username, whoever asks. */

export interface auth_api_key_creator {
  id: string;
  username: string;
}

export interface auth_api_key {
  id: string;
  name: string;
  user_id: string;
  /** The one tenant the key may be used with. */
  default_tenant_id: string;
  /** null: the key never expires. */
  expires_at: string | null;
  created: string;
  updated: string;
  created_by: auth_api_key_creator | null;
}

export type auth_api_key_bool_exp = {
  _and?: auth_api_key_bool_exp[] | null;
  _or?: auth_api_key_bool_exp[] | null;
  _not?: auth_api_key_bool_exp | null;
  id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  user_id?: uuid_comparison_exp | null;
  default_tenant_id?: uuid_comparison_exp | null;
  expires_at?: timestamptz_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
};

export type auth_api_key_order_by = {
  id?: order_by | null;
  name?: order_by | null;
  user_id?: order_by | null;
  default_tenant_id?: order_by | null;
  expires_at?: order_by | null;
  created?: order_by | null;
  updated?: order_by | null;
};

export interface agent_config {
  id: string;
  tenant_id: string;
  name: string | null;
  settings: unknown;
  created: string;
  /** The tenant's agents that use this config. */
  agents: readonly agent[];
}

export type agent_config_bool_exp = {
  _and?: agent_config_bool_exp[] | null;
  _or?: agent_config_bool_exp[] | null;
  _not?: agent_config_bool_exp | null;
  id?: uuid_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
};

export type agent_config_order_by = {
  id?: order_by | null;
  name?: order_by | null;
  created?: order_by | null;
};

export interface agent {
  id: string;
  tenant_id: string;
  name: string | null;
  type: string | null;
  labels: readonly string[];
  agent_config_id: string | null;
  last_queried: string;
  created: string;
  /** The X-Prefect-Core-Version its client sent when it registered. */
  core_version: string | null;
  /** The API key it registered with (null once that key is gone). */
  token_id: string | null;
  token_name: string | null;
}

export type agent_bool_exp = {
  _and?: agent_bool_exp[] | null;
  _or?: agent_bool_exp[] | null;
  _not?: agent_bool_exp | null;
  id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  type?: String_comparison_exp | null;
  last_queried?: timestamptz_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
};

export type agent_order_by = {
  id?: order_by | null;
  name?: order_by | null;
  last_queried?: order_by | null;
  created?: order_by | null;
};

export type create_api_key_input = {
  /** A user (yourself) or a service account of your tenant. */
  user_id: string;
  /** 1 to 255 characters. */
  name: string;
  /** Optional; null or absent: never expires. Must state its timezone and lie in the future. */
  expires_at?: string | null;
  /** Optional; defaults to the tenant the caller's key is bound to. */
  default_tenant_id?: string | null;
};

export interface create_api_key_payload {
  id: string | null;
  /** The key itself. Returned only here, only once. */
  key: string | null;
  /** The same key, under the name Cloud 1.0's documentation used. */
  token: string | null;
}

export type delete_api_key_input = {
  key_id: string;
};

export interface success_payload {
  success: boolean | null;
  error: string | null;
}

export type create_service_account_input = {
  tenant_id: string;
  name: string;
  /** Default: TENANT_ADMIN. */
  role_id?: string | null;
};

export interface create_service_account_payload {
  id: string | null;
}

export type delete_service_account_input = {
  user_id: string;
};

export type set_membership_role_input = {
  membership_id: string;
  role_id: string;
};

export interface set_membership_role_payload {
  id: string | null;
}

export type create_tenant_input = {
  name: string;
  /** Default: derived from the name. */
  slug?: string | null;
};

export interface create_tenant_payload {
  id: string | null;
}

export type delete_membership_input = {
  membership_id: string;
};

export type register_agent_input = {
  tenant_id?: string | null;
  type?: string | null;
  name?: string | null;
  labels?: (string | null)[] | null;
  agent_config_id?: string | null;
};

export interface register_agent_payload {
  id: string | null;
}

export type update_agent_heartbeat_input = {
  agent_id: string;
};

export type get_runs_in_queue_input = {
  tenant_id?: string | null;
  before?: string | null;
  labels?: (string | null)[] | null;
  agent_id?: string | null;
};

export interface get_runs_in_queue_payload {
  flow_run_ids: readonly string[];
}

export type log_in_input = {
  id_token: string;
};

export type refresh_token_input = {
  access_token: string;
};

export type switch_tenant_input = {
  tenant_id: string;
};

export type log_out_input = {
  access_token?: string | null;
};

/** A session's tokens: JWTs. The access token authenticates like an API key for one user and tenant. */

export interface auth_tokens {
  access_token: string;
  /** When the access token expires (real time, ISO-8601). */
  expires_at: string;
  refresh_token: string;
}

export interface api {
  /** CLOUD, as Prefect Cloud answered. */
  backend: string;
  /** normal: the emulator has no maintenance mode. */
  mode: string;
  /** The emulator's version. */
  version: string;
  /** The Prefect core version the emulated API speaks. */
  core_version: string;
  release_timestamp: string | null;
}

export interface id_payload {
  id: string | null;
}

export type membership_bool_exp = {
  _and?: membership_bool_exp[] | null;
  _or?: membership_bool_exp[] | null;
  _not?: membership_bool_exp | null;
  id?: uuid_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  user_id?: uuid_comparison_exp | null;
  role_id?: uuid_comparison_exp | null;
};

export type membership_order_by = {
  id?: order_by | null;
  tenant_id?: order_by | null;
  user_id?: order_by | null;
  created?: order_by | null;
};

/** The invitee's user, when someone with the invited email exists. */

export interface membership_invitation_user {
  id: string;
  username: string;
  email: string | null;
}

export interface membership_invitation {
  id: string;
  email: string;
  tenant_id: string;
  role_id: string;
  /** The role's name. */
  role: string;
  role_detail: auth_role;
  tenant: tenant;
  user: membership_invitation_user | null;
  created: string;
}

export type membership_invitation_bool_exp = {
  _and?: membership_invitation_bool_exp[] | null;
  _or?: membership_invitation_bool_exp[] | null;
  _not?: membership_invitation_bool_exp | null;
  id?: uuid_comparison_exp | null;
  email?: String_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  role_id?: uuid_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
};

export type membership_invitation_order_by = {
  id?: order_by | null;
  email?: order_by | null;
  created?: order_by | null;
};

export interface permissions_info {
  user_permissions_filtered_by_license_features: readonly string[];
  all_permissions_filtered_by_license_features: readonly string[];
}

export type api_token_scope = 'USER' | 'TENANT' | 'RUNNER';

export interface api_token {
  id: string;
  name: string;
  scope: string;
  user_id: string;
  /** null for USER tokens. */
  tenant_id: string | null;
  created: string;
  expires_at: string | null;
  /** Not tracked: always null. */
  last_used: string | null;
  created_by: auth_api_key_creator | null;
}

export type api_token_bool_exp = {
  _and?: api_token_bool_exp[] | null;
  _or?: api_token_bool_exp[] | null;
  _not?: api_token_bool_exp | null;
  id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  scope?: String_comparison_exp | null;
  user_id?: uuid_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
};

export type api_token_order_by = {
  id?: order_by | null;
  name?: order_by | null;
  scope?: order_by | null;
  created?: order_by | null;
};

export interface license_user_membership {
  tenant_id: string;
  membership_id: string;
  role_id: string;
}

export interface license_user {
  id: string;
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  memberships: readonly license_user_membership[];
}

export type update_user_settings_input = {
  settings?: unknown;
};

export type update_user_details_input = {
  first_name?: string | null;
  last_name?: string | null;
};

export type update_tenant_name_input = {
  name: string;
};

export type update_tenant_slug_input = {
  slug: string;
};

export type update_tenant_settings_input = {
  settings: unknown;
};

export type delete_tenant_input = {
  /** Must be true. */
  confirm: boolean;
  /** Optional; must be the caller's tenant. */
  tenant_id?: string | null;
};

export type create_enterprise_tenant_input = {
  name: string;
  slug?: string | null;
};

export type delete_enterprise_tenant_input = {
  tenant_id: string;
  /** Must be true. */
  confirm: boolean;
};

export type create_membership_invitation_input = {
  email: string;
  /** Default: USER. */
  role_id?: string | null;
  /** Optional; must be the caller's tenant. */
  tenant_id?: string | null;
};

export type accept_membership_invitation_input = {
  invitation_id: string;
};

export type delete_membership_invitation_input = {
  invitation_id: string;
};

export type create_custom_role_input = {
  name: string;
  permissions: string[];
  /** Optional; must be the caller's tenant. */
  tenant_id?: string | null;
};

export type update_custom_role_permissions_input = {
  role_id: string;
  permissions: string[];
};

export type delete_custom_role_input = {
  role_id: string;
};

export type create_api_token_input = {
  name: string;
  /** Default: USER. */
  scope?: api_token_scope | null;
  expires_at?: string | null;
};

export interface create_api_token_payload {
  id: string | null;
  /** The token itself. Returned only here, only once. */
  token: string | null;
}

export type delete_api_token_input = {
  token_id: string;
};

export type delete_agent_input = {
  agent_id: string;
};

export type create_agent_config_input = {
  name?: string | null;
  settings?: unknown;
};

export type delete_agent_config_input = {
  agent_config_id: string;
};

export type Int_comparison_exp = {
  _eq?: number | null;
  _neq?: number | null;
  _in?: number[] | null;
  _nin?: number[] | null;
  _is_null?: boolean | null;
  _gt?: number | null;
  _gte?: number | null;
  _lt?: number | null;
  _lte?: number | null;
};

export type Boolean_comparison_exp = {
  _eq?: boolean | null;
  _neq?: boolean | null;
  _is_null?: boolean | null;
};

export interface project {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  created: string;
  updated: string;
  flows: readonly flow[];
  /** Hasura's aggregate of the project's flows: `prefect get projects` counts them with `distinct_on: name`. */
  flows_aggregate: flow_aggregate;
}

/** Hasura's `<table>_aggregate` shape: the aggregate over the selected rows, and the rows. */

export interface flow_aggregate {
  aggregate: flow_aggregate_fields | null;
  nodes: readonly flow[];
}

export interface flow_aggregate_fields {
  /** The selected rows; with `columns`, those where every column is set; with `distinct: true`, their distinct values. */
  count: number;
}

export type project_bool_exp = {
  _and?: project_bool_exp[] | null;
  _or?: project_bool_exp[] | null;
  _not?: project_bool_exp | null;
  id?: uuid_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
};

export type project_order_by = {
  name?: order_by | null;
  created?: order_by | null;
  updated?: order_by | null;
  id?: order_by | null;
};

export type project_select_column = 'id' | 'name';

export interface flow {
  id: string;
  tenant_id: string;
  project_id: string;
  flow_group_id: string;
  /** The flow group id, under the name `create_flow_run` takes it. */
  version_group_id: string;
  name: string;
  description: string | null;
  version: number;
  archived: boolean;
  core_version: string | null;
  storage: unknown;
  run_config: unknown;
  environment: unknown;
  parameters: unknown;
  schedule: unknown;
  is_schedule_active: boolean;
  serialized_flow: unknown;
  /** The flow group's settings (heartbeat_enabled, lazarus_enabled, version_locking_enabled). */
  settings: unknown;
  created: string;
  updated: string;
  project: project;
  flow_group: flow_group;
  tasks: readonly task[];
  flow_runs: readonly flow_run[];
}

export type flow_bool_exp = {
  _and?: flow_bool_exp[] | null;
  _or?: flow_bool_exp[] | null;
  _not?: flow_bool_exp | null;
  id?: uuid_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  project_id?: uuid_comparison_exp | null;
  flow_group_id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  version?: Int_comparison_exp | null;
  archived?: Boolean_comparison_exp | null;
  core_version?: String_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
  project?: project_bool_exp | null;
  flow_group?: flow_group_bool_exp | null;
};

export type flow_order_by = {
  name?: order_by | null;
  version?: order_by | null;
  created?: order_by | null;
  updated?: order_by | null;
  id?: order_by | null;
};

export type flow_select_column = 'id' | 'name' | 'version' | 'flow_group_id' | 'project_id';

export interface flow_group {
  id: string;
  tenant_id: string;
  project_id: string;
  name: string;
  /** null unless set: runs then take their run config's labels. */
  labels: readonly string[] | null;
  settings: unknown;
  run_config: unknown;
  default_parameters: unknown;
  schedule: unknown;
  created: string;
  updated: string;
  flows: readonly flow[];
}

export type flow_group_bool_exp = {
  _and?: flow_group_bool_exp[] | null;
  _or?: flow_group_bool_exp[] | null;
  _not?: flow_group_bool_exp | null;
  id?: uuid_comparison_exp | null;
  project_id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
};

export type flow_group_order_by = {
  name?: order_by | null;
  created?: order_by | null;
  updated?: order_by | null;
};

export interface task {
  id: string;
  tenant_id: string;
  flow_id: string;
  slug: string;
  name: string;
  description: string | null;
  type: string | null;
  mapped: boolean;
  max_retries: number;
  /** As Postgres prints an interval (`00:00:10`); null without retries. */
  retry_delay: string | null;
  tags: readonly string[];
  /** A task is registered with its flow version: its flow's creation time. */
  created: string;
  flow: flow;
}

export type task_bool_exp = {
  _and?: task_bool_exp[] | null;
  _or?: task_bool_exp[] | null;
  _not?: task_bool_exp | null;
  id?: uuid_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  flow_id?: uuid_comparison_exp | null;
  slug?: String_comparison_exp | null;
  name?: String_comparison_exp | null;
  type?: String_comparison_exp | null;
  mapped?: Boolean_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  flow?: flow_bool_exp | null;
};

export type task_order_by = {
  slug?: order_by | null;
  name?: order_by | null;
  created?: order_by | null;
};

export interface flow_run {
  id: string;
  tenant_id: string;
  flow_id: string;
  name: string;
  labels: readonly string[];
  parameters: unknown;
  context: unknown;
  run_config: unknown;
  idempotency_key: string | null;
  /** The current state's type (Scheduled, Submitted, Running, Success…). */
  state: string;
  state_message: string | null;
  state_start_time: string | null;
  state_timestamp: string;
  serialized_state: unknown;
  /** The number of the latest state: what version locking compares. */
  version: number;
  scheduled_start_time: string;
  /** When it first went Running. */
  start_time: string | null;
  end_time: string | null;
  heartbeat: string | null;
  /** The agent that submitted it. */
  agent_id: string | null;
  /** Whether the scheduler created it: the emulator has none, so every run was asked for. */
  auto_scheduled: boolean;
  created: string;
  updated: string;
  flow: flow;
  agent: agent | null;
  task_runs: readonly task_run[];
  states: readonly run_state[];
  logs: readonly log[];
  submitted_by: flow_run_submitter | null;
}

export type flow_run_bool_exp = {
  _and?: flow_run_bool_exp[] | null;
  _or?: flow_run_bool_exp[] | null;
  _not?: flow_run_bool_exp | null;
  id?: uuid_comparison_exp | null;
  tenant_id?: uuid_comparison_exp | null;
  flow_id?: uuid_comparison_exp | null;
  agent_id?: uuid_comparison_exp | null;
  name?: String_comparison_exp | null;
  state?: String_comparison_exp | null;
  state_message?: String_comparison_exp | null;
  idempotency_key?: String_comparison_exp | null;
  version?: Int_comparison_exp | null;
  state_start_time?: timestamptz_comparison_exp | null;
  state_timestamp?: timestamptz_comparison_exp | null;
  scheduled_start_time?: timestamptz_comparison_exp | null;
  start_time?: timestamptz_comparison_exp | null;
  end_time?: timestamptz_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
  flow?: flow_bool_exp | null;
  task_runs?: task_run_bool_exp | null;
};

export type flow_run_order_by = {
  created?: order_by | null;
  start_time?: order_by | null;
  scheduled_start_time?: order_by | null;
  end_time?: order_by | null;
  updated?: order_by | null;
  name?: order_by | null;
  state_timestamp?: order_by | null;
};

export type flow_run_select_column = 'id' | 'name' | 'flow_id';

export interface run_state {
  id: string;
  state: string;
  message: string | null;
  serialized_state: unknown;
  start_time: string | null;
  version: number;
  timestamp: string;
  created: string;
}

export type run_state_bool_exp = {
  _and?: run_state_bool_exp[] | null;
  _or?: run_state_bool_exp[] | null;
  _not?: run_state_bool_exp | null;
  state?: String_comparison_exp | null;
  version?: Int_comparison_exp | null;
  start_time?: timestamptz_comparison_exp | null;
  timestamp?: timestamptz_comparison_exp | null;
};

export type run_state_order_by = {
  timestamp?: order_by | null;
  version?: order_by | null;
};

export interface task_run {
  id: string;
  tenant_id: string;
  flow_run_id: string;
  task_id: string;
  map_index: number;
  name: string | null;
  state: string;
  state_message: string | null;
  state_start_time: string | null;
  state_timestamp: string;
  serialized_state: unknown;
  version: number;
  start_time: string | null;
  end_time: string | null;
  created: string;
  updated: string;
  task: task;
  flow_run: flow_run;
  states: readonly run_state[];
  logs: readonly log[];
}

export type task_run_bool_exp = {
  _and?: task_run_bool_exp[] | null;
  _or?: task_run_bool_exp[] | null;
  _not?: task_run_bool_exp | null;
  id?: uuid_comparison_exp | null;
  flow_run_id?: uuid_comparison_exp | null;
  task_id?: uuid_comparison_exp | null;
  map_index?: Int_comparison_exp | null;
  name?: String_comparison_exp | null;
  state?: String_comparison_exp | null;
  version?: Int_comparison_exp | null;
  state_start_time?: timestamptz_comparison_exp | null;
  state_timestamp?: timestamptz_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  flow_run?: flow_run_bool_exp | null;
  task?: task_bool_exp | null;
};

export type task_run_order_by = {
  state_timestamp?: order_by | null;
  created?: order_by | null;
  map_index?: order_by | null;
  name?: order_by | null;
};

export interface log {
  id: string;
  tenant_id: string;
  flow_run_id: string;
  task_run_id: string | null;
  timestamp: string;
  name: string | null;
  level: string;
  message: string;
  info: unknown;
  created: string;
}

export type log_bool_exp = {
  _and?: log_bool_exp[] | null;
  _or?: log_bool_exp[] | null;
  _not?: log_bool_exp | null;
  id?: uuid_comparison_exp | null;
  flow_run_id?: uuid_comparison_exp | null;
  task_run_id?: uuid_comparison_exp | null;
  timestamp?: timestamptz_comparison_exp | null;
  level?: String_comparison_exp | null;
  name?: String_comparison_exp | null;
  message?: String_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
};

export type log_order_by = {
  timestamp?: order_by | null;
  created?: order_by | null;
  level?: order_by | null;
};

export type create_project_input = {
  name: string;
  description?: string | null;
  tenant_id?: string | null;
};

export type delete_project_input = {
  project_id: string;
};

export type create_flow_from_compressed_string_input = {
  project_id: string;
  serialized_flow: string;
  set_schedule_active?: boolean | null;
  /** A flow group id: register as a new version of that group. */
  version_group_id?: string | null;
  idempotency_key?: string | null;
  description?: string | null;
};

export type create_flow_input = {
  project_id: string;
  serialized_flow: unknown;
  set_schedule_active?: boolean | null;
  version_group_id?: string | null;
  idempotency_key?: string | null;
  description?: string | null;
};

export type register_tasks_input = {
  flow_id: string;
  serialized_tasks: unknown[];
};

export type register_edges_input = {
  flow_id: string;
  serialized_edges: unknown[];
};

export type set_schedule_active_input = {
  flow_id: string;
};

export type set_schedule_inactive_input = {
  flow_id: string;
};

export type archive_flow_input = {
  flow_id: string;
};

export type unarchive_flow_input = {
  flow_id: string;
};

export type delete_flow_input = {
  flow_id: string;
};

export type set_flow_group_labels_input = {
  flow_group_id: string;
  labels?: string[] | null;
};

export type create_flow_run_input = {
  flow_id?: string | null;
  /** A flow group id: runs its latest unarchived version. */
  version_group_id?: string | null;
  parameters?: unknown;
  context?: unknown;
  run_config?: unknown;
  labels?: string[] | null;
  scheduled_start_time?: string | null;
  flow_run_name?: string | null;
  /** The same key for the same flow within 24 hours returns the same run. */
  idempotency_key?: string | null;
};

export type flow_run_state_input = {
  flow_run_id: string;
  version?: number | null;
  state: unknown;
};

export type set_flow_run_states_input = {
  states: flow_run_state_input[];
};

export type task_run_state_input = {
  task_run_id: string;
  version?: number | null;
  flow_run_version?: number | null;
  state: unknown;
};

export type set_task_run_states_input = {
  states: task_run_state_input[];
};

export interface set_state_payload {
  id: string | null;
  /** SUCCESS, or QUEUED (the client then waits and retries). */
  status: string | null;
  message: string | null;
}

export interface set_states_payload {
  states: readonly set_state_payload[];
}

export type get_or_create_task_run_info_input = {
  flow_run_id: string;
  task_id: string;
  map_index?: number | null;
};

export interface task_run_info_payload {
  id: string | null;
  version: number | null;
  serialized_state: unknown;
}

export type update_flow_run_heartbeat_input = {
  flow_run_id: string;
};

export type cancel_flow_run_input = {
  flow_run_id: string;
};

export type delete_flow_run_input = {
  flow_run_id: string;
};

export interface cancel_flow_run_payload {
  state: string | null;
}

export type set_flow_run_name_input = {
  flow_run_id: string;
  name: string;
};

export type set_task_run_name_input = {
  task_run_id: string;
  name: string;
};

export type run_log_input = {
  flow_run_id: string;
  task_run_id?: string | null;
  /** Default: now. */
  timestamp?: string | null;
  name?: string | null;
  level?: string | null;
  message?: string | null;
  info?: unknown;
};

export type write_run_logs_input = {
  /** A list; a single record (which the flow runner sends after a failure) counts as a list of one. */
  logs: run_log_input[];
};

export type set_secret_input = {
  name: string;
  value: unknown;
};

export type delete_secret_input = {
  name: string;
};

/** Emulator extension: the agent that submitted a run and the API key it used, by id and name, never the key. The key's id and name are shown to its owner and to tenant admins only. */

export interface flow_run_submitter {
  agent_id: string | null;
  agent_name: string | null;
  key_id: string | null;
  key_name: string | null;
}

export interface key_value {
  id: string;
  tenant_id: string;
  key: string;
  value: unknown;
  created: string;
  updated: string;
}

export type key_value_bool_exp = {
  _and?: key_value_bool_exp[] | null;
  _or?: key_value_bool_exp[] | null;
  _not?: key_value_bool_exp | null;
  id?: uuid_comparison_exp | null;
  key?: String_comparison_exp | null;
  created?: timestamptz_comparison_exp | null;
  updated?: timestamptz_comparison_exp | null;
};

export type key_value_order_by = {
  key?: order_by | null;
  created?: order_by | null;
  updated?: order_by | null;
};

export type set_key_value_input = {
  key: string;
  value: unknown;
};

export type delete_key_value_input = {
  key_value_id: string;
};

/** The columns each list query filters and orders by, by row type: how `where` and `order_by` compare them. */
export const listColumns = {
  tenant: { id: 'string', name: 'string', slug: 'string', created: 'time', updated: 'time' },
  user: { id: 'string', username: 'string', email: 'string', first_name: 'string', last_name: 'string', account_type: 'string', created: 'time', updated: 'time' },
  auth_role: { id: 'string', name: 'string', tenant_id: 'string', created: 'time' },
  auth_api_key: { id: 'string', name: 'string', user_id: 'string', default_tenant_id: 'string', expires_at: 'time', created: 'time', updated: 'time' },
  agent_config: { id: 'string', tenant_id: 'string', name: 'string', created: 'time' },
  agent: { id: 'string', name: 'string', type: 'string', last_queried: 'time', created: 'time' },
  membership: { id: 'string', tenant_id: 'string', user_id: 'string', role_id: 'string', created: 'time' },
  membership_invitation: { id: 'string', email: 'string', tenant_id: 'string', role_id: 'string', created: 'time' },
  api_token: { id: 'string', name: 'string', scope: 'string', user_id: 'string', tenant_id: 'string', created: 'time' },
  project: { id: 'string', tenant_id: 'string', name: 'string', created: 'time', updated: 'time' },
  flow: { id: 'string', tenant_id: 'string', project_id: 'string', flow_group_id: 'string', name: 'string', version: 'string', archived: 'string', core_version: 'string', created: 'time', updated: 'time', project: 'string', flow_group: 'string' },
  flow_group: { id: 'string', project_id: 'string', name: 'string', created: 'time', updated: 'time' },
  task: { id: 'string', tenant_id: 'string', flow_id: 'string', slug: 'string', name: 'string', type: 'string', mapped: 'string', created: 'time', flow: 'string' },
  flow_run: { id: 'string', tenant_id: 'string', flow_id: 'string', agent_id: 'string', name: 'string', state: 'string', state_message: 'string', idempotency_key: 'string', version: 'string', state_start_time: 'time', state_timestamp: 'time', scheduled_start_time: 'time', start_time: 'time', end_time: 'time', created: 'time', updated: 'time', flow: 'string', task_runs: 'string' },
  run_state: { state: 'string', version: 'string', start_time: 'time', timestamp: 'time' },
  task_run: { id: 'string', flow_run_id: 'string', task_id: 'string', map_index: 'string', name: 'string', state: 'string', version: 'string', state_start_time: 'time', state_timestamp: 'time', created: 'time', flow_run: 'string', task: 'string' },
  log: { id: 'string', flow_run_id: 'string', task_run_id: 'string', timestamp: 'time', level: 'string', name: 'string', message: 'string', created: 'time' },
  key_value: { id: 'string', key: 'string', created: 'time', updated: 'time' },
} as const;
