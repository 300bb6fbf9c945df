import { isRolePermission } from './permissions.js';
import type { Role, User } from './types.js';

/**
 * Names earlier versions of the emulator wrote, read as Cloud 1.0's. Data files, snapshots,
 * journals and fixtures written then still load.
 */

/** People were `STANDARD`; Cloud said `USER` (the UI's Members table keeps `account_type === 'USER'`). */
export const LEGACY_PERSON = 'STANDARD';

/** Permission names before the emulator used Cloud's, and what each guarded under Cloud's names. */
const LEGACY_PERMISSIONS: Record<string, readonly string[]> = {
  'read:api_key': ['read:api-key'],
  'create:api_key': ['create:api-key'],
  'delete:api_key': ['delete:api-key'],
  'create:service_account': ['create:service-account', 'update:service-account'],
  'delete:service_account': ['delete:service-account'],
  'create:service_account_api_key': ['read:service-api-key', 'create:service-api-key', 'delete:service-api-key'],
  'read:flow_run': ['read:run'],
  'read:agent_config': ['read:agent'],
};

/** A user row as stored now, whatever version wrote it. */
export const normalizeUser = (user: User): User =>
  (user.accountType as string) === LEGACY_PERSON ? { ...user, accountType: 'USER' } : user;

/** A permission list with earlier names replaced by Cloud's (unknown names are kept, to be refused where input is checked). */
export const normalizePermissions = (permissions: readonly string[]): string[] => {
  const out: string[] = [];
  for (const p of permissions) for (const name of LEGACY_PERMISSIONS[p] ?? [p]) if (!out.includes(name)) out.push(name);
  return out;
};

export const normalizeRole = (role: Role): Role =>
  role.permissions.some((p) => p in LEGACY_PERMISSIONS) ? { ...role, permissions: normalizePermissions(role.permissions) } : role;

/** Whether a fixture may name this permission: Cloud's names, or an earlier name of one. */
export const isKnownPermission = (name: string): boolean => isRolePermission(name) || name in LEGACY_PERMISSIONS;
