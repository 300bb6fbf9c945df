/** The GraphQL operations the Cloud 1.0 web UI sends (see the wire contract), and their result shapes. */

export interface AuthInfo {
  user_id: string | null;
  tenant_id: string | null;
  role_id: string | null;
  permissions: string[] | null;
}

export interface TenantRef {
  id: string;
  name: string;
  slug: string;
}

export interface Me {
  id: string;
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  memberships: { id: string; tenant: TenantRef | null; role_detail: { id: string; name: string } | null }[];
}

export interface ApiKeyRow {
  id: string;
  name: string;
  created: string;
  expires_at: string | null;
  default_tenant_id: string | null;
  user_id: string;
  updated: string | null;
  created_by: { id: string; username: string } | null;
}

export interface Role {
  id: string;
  name: string;
}

export interface SameTenantUser {
  id: string;
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  account_type: string;
  memberships: { id: string; tenant_id: string; role_detail: { id: string; name: string } | null }[];
}

export const AUTH_INFO = 'query AuthInfo { auth_info { user_id tenant_id role_id permissions } }';

export const USER =
  'query User { user { id username email first_name last_name memberships { id tenant { id name slug } role_detail { id name } } } }';

export const TENANTS = 'query Tenants { tenant { id name slug } }';

export const API_KEYS =
  'query ApiKeys { auth_api_key(order_by: {created: desc}) { id name created expires_at default_tenant_id user_id updated created_by { id username } } }';

export const CREATE_API_KEY =
  'mutation CreateApiKey($input: create_api_key_input!) { create_api_key(input: $input) { id key } }';

export const DELETE_API_KEY =
  'mutation DeleteApiKey($input: delete_api_key_input!) { delete_api_key(input: $input) { success error } }';

export const ROLES = 'query Roles { auth_role { id name } }';

export const SAME_TENANT_USERS =
  'query SameTenantUsers { user_view_same_tenant { id username email first_name last_name account_type memberships { id tenant_id role_detail { id name } } } }';

export const CREATE_SERVICE_ACCOUNT =
  'mutation CreateServiceAccount($input: create_service_account_input!) { create_service_account(input: $input) { id } }';

export const DELETE_SERVICE_ACCOUNT =
  'mutation DeleteServiceAccount($input: delete_service_account_input!) { delete_service_account(input: $input) { success error } }';

export interface DeletePayload {
  success: boolean | null;
  error: string | null;
}

export interface FlowRunRow {
  id: string;
  name: string;
  state: string;
  state_message: string | null;
  state_timestamp: string;
  scheduled_start_time: string;
  start_time: string | null;
  end_time: string | null;
  labels: string[];
  flow: { name: string; version: number; project: { name: string } | null } | null;
  agent: { id: string; name: string | null } | null;
  submitted_by: { agent_name: string | null; key_name: string | null } | null;
  task_runs: { id: string; state: string }[];
}

/** The tenant's flow runs with their state and who ran them (submitted_by is the emulator's extension). */
export const FLOW_RUNS =
  'query FlowRuns { flow_run(order_by: {created: desc}, limit: 100) { id name state state_message state_timestamp scheduled_start_time start_time end_time labels flow { name version project { name } } agent { id name } submitted_by { agent_name key_name } task_runs { id state } } }';
