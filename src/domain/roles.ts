import { BUILT_IN_PERMISSIONS } from './permissions.js';
import type { Role } from './types.js';

export { Permission, type Resource } from './permissions.js';

export const BUILT_IN_ROLE_NAMES = ['TENANT_ADMIN', 'USER', 'READ_ONLY_USER', 'ENTERPRISE_LICENSE_ADMIN', 'RUNNER'] as const;
export type BuiltInRoleName = (typeof BUILT_IN_ROLE_NAMES)[number];

/** Cloud 1.0's permission names per built-in role (see ./permissions.ts). */
const PERMISSIONS: Record<BuiltInRoleName, readonly string[]> = BUILT_IN_PERMISSIONS;

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

export const isBuiltInRoleName = (name: string): name is BuiltInRoleName =>
  (BUILT_IN_ROLE_NAMES as readonly string[]).includes(name);

export const TENANT_ADMIN_ROLE_ID = BUILT_IN_IDS.TENANT_ADMIN;

export const hasPermission = (role: Pick<Role, 'permissions'>, permission: string): boolean =>
  role.permissions.includes(permission);
