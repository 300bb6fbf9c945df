import type { Role } from './types.js';

/**
 * Permissions are what the rules check; role names only pick a permission list. Cloud 1.0's
 * own lists were longer (flows, runs, projects…); these are the ones this emulator enforces,
 * plus the read permissions clients look for in `auth_info.permissions`.
 */
export const Permission = {
  readTenant: 'read:tenant',
  updateTenant: 'update:tenant',
  readUser: 'read:user',
  readRole: 'read:role',
  readApiKey: 'read:api_key',
  createOwnApiKey: 'create:api_key',
  deleteOwnApiKey: 'delete:api_key',
  manageServiceAccounts: 'create:service_account',
  deleteServiceAccount: 'delete:service_account',
  manageServiceAccountKeys: 'create:service_account_api_key',
  updateMembership: 'update:membership',
  deleteMembership: 'delete:membership',
  readAgent: 'read:agent',
  createAgent: 'create:agent',
  updateAgent: 'update:agent',
  readFlowRun: 'read:flow_run',
  readAgentConfig: 'read:agent_config',
  manageLicense: 'update:license',
} as const;

export type PermissionName = (typeof Permission)[keyof typeof Permission];

export const BUILT_IN_ROLE_NAMES = ['TENANT_ADMIN', 'USER', 'READ_ONLY_USER', 'ENTERPRISE_LICENSE_ADMIN', 'RUNNER'] as const;
export type BuiltInRoleName = (typeof BUILT_IN_ROLE_NAMES)[number];

const P = Permission;
const READ = [P.readTenant, P.readUser, P.readRole, P.readApiKey, P.readAgent, P.readFlowRun, P.readAgentConfig];
const OWN_KEYS = [P.createOwnApiKey, P.deleteOwnApiKey];
const RUN_AGENTS = [P.createAgent, P.updateAgent];

const PERMISSIONS: Record<BuiltInRoleName, readonly string[]> = {
  TENANT_ADMIN: [
    ...READ, ...OWN_KEYS, ...RUN_AGENTS,
    P.updateTenant, P.manageServiceAccounts, P.deleteServiceAccount, P.manageServiceAccountKeys,
    P.updateMembership, P.deleteMembership,
  ],
  USER: [...READ, ...OWN_KEYS, ...RUN_AGENTS],
  // A read-only user may still manage their own keys; the keys are read-only like the user.
  READ_ONLY_USER: [...READ, ...OWN_KEYS],
  ENTERPRISE_LICENSE_ADMIN: [...READ, ...OWN_KEYS, P.manageLicense],
  RUNNER: [P.readTenant, P.readAgent, P.readFlowRun, P.readAgentConfig, ...RUN_AGENTS],
};

/**
 * Fixed ids, so the built-in roles are the same in every emulator, fixture and snapshot, as
 * they were the same in every Cloud 1.0 tenant.
 */
const BUILT_IN_IDS: Record<BuiltInRoleName, string> = {
  TENANT_ADMIN: '00000000-0000-4000-8000-000000000001',
  USER: '00000000-0000-4000-8000-000000000002',
  READ_ONLY_USER: '00000000-0000-4000-8000-000000000003',
  ENTERPRISE_LICENSE_ADMIN: '00000000-0000-4000-8000-000000000004',
  RUNNER: '00000000-0000-4000-8000-000000000005',
};

const BUILT_IN_TIME = '2021-01-01T00:00:00.000Z';

export const builtInRoles: readonly Role[] = BUILT_IN_ROLE_NAMES.map((name) => ({
  id: BUILT_IN_IDS[name],
  name,
  permissions: PERMISSIONS[name],
  tenantId: null,
  created: BUILT_IN_TIME,
  updated: BUILT_IN_TIME,
}));

export const builtInRoleId = (name: BuiltInRoleName): string => BUILT_IN_IDS[name];

const BUILT_IN_ID_SET: ReadonlySet<string> = new Set(Object.values(BUILT_IN_IDS));

/** Whether an id is one of the built-in roles', which every emulator has without storing them. */
export const isBuiltInRoleId = (id: string): boolean => BUILT_IN_ID_SET.has(id);

export const isBuiltInRoleName = (name: string): name is BuiltInRoleName =>
  (BUILT_IN_ROLE_NAMES as readonly string[]).includes(name);

export const TENANT_ADMIN_ROLE_ID = BUILT_IN_IDS.TENANT_ADMIN;

export const hasPermission = (role: Pick<Role, 'permissions'>, permission: string): boolean =>
  role.permissions.includes(permission);
