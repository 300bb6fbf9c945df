/**
 * Permissions as Cloud 1.0 named them: `<operation>:<resource>`, resources hyphenated
 * (`create:service-account`, `delete:service-api-key`). The Cloud 1.0 UI checks exactly these
 * strings (`permissions.includes(op + ':' + ref)`) to show or hide what a caller may do, and its
 * role editor builds custom roles from the same catalogue, so the emulator enforces these names.
 */

export const OPERATIONS = ['create', 'read', 'update', 'delete'] as const;

/** The resources of the UI's role editor, in its groups (Auth, Flows, Agents, Secrets, Features, Admin). */
export const RESOURCES = [
  'api-key', 'service-account', 'service-api-key',
  'run', 'project', 'log', 'flow',
  'agent',
  'secret', 'secret-value',
  'cloud-hook', 'hook', 'flow-sla', 'key-value', 'concurrency-limit', 'audit-trail',
  'usage', 'user', 'tenant', 'license', 'role', 'membership', 'membership-invitation', 'message',
] as const;
export type Resource = (typeof RESOURCES)[number];

const perm = (operation: (typeof OPERATIONS)[number], resource: Resource): string => `${operation}:${resource}`;

/** Every `<operation>:<resource>` a role may hold, in catalogue order. */
export const ALL_ROLE_PERMISSIONS: readonly string[] = RESOURCES.flatMap((r) => OPERATIONS.map((o) => perm(o, r)));

/** Held by the licence administrator only: the UI shows license-wide pages with it. */
export const LICENSE_ADMIN = 'license:admin';

/**
 * The licence features every emulated tenant has. The UI reads them from
 * `auth_info.permissions` (`feature:basic-rbac` offers USER and READ_ONLY_USER in its role
 * pickers, `feature:custom-role` enables the role editor), so they are added to every caller's
 * permissions; they are the licence's, not the role's, and a custom role cannot hold them.
 */
export const LICENSE_FEATURES: readonly string[] = [
  'feature:basic-rbac', 'feature:custom-role', 'feature:agent-sla', 'feature:flow-sla', 'feature:api-action',
  'feature:version-locking', 'feature:concurrency-limit',
];

const KNOWN = new Set<string>([...ALL_ROLE_PERMISSIONS, LICENSE_ADMIN]);

/** Whether a custom role may hold this permission (`create_custom_role` refuses anything else). */
export const isRolePermission = (value: string): boolean => KNOWN.has(value);

/** The permissions the rules check, by what they guard. */
export const Permission = {
  readTenant: 'read:tenant',
  updateTenant: 'update:tenant',
  deleteTenant: 'delete:tenant',
  readUser: 'read:user',
  readRole: 'read:role',
  createRole: 'create:role',
  updateRole: 'update:role',
  deleteRole: 'delete:role',
  readApiKey: 'read:api-key',
  createOwnApiKey: 'create:api-key',
  deleteOwnApiKey: 'delete:api-key',
  createServiceAccount: 'create:service-account',
  updateServiceAccount: 'update:service-account',
  deleteServiceAccount: 'delete:service-account',
  readServiceAccountKeys: 'read:service-api-key',
  createServiceAccountKey: 'create:service-api-key',
  deleteServiceAccountKey: 'delete:service-api-key',
  readMembership: 'read:membership',
  createMembership: 'create:membership',
  updateMembership: 'update:membership',
  deleteMembership: 'delete:membership',
  readInvitation: 'read:membership-invitation',
  createInvitation: 'create:membership-invitation',
  deleteInvitation: 'delete:membership-invitation',
  readAgent: 'read:agent',
  createAgent: 'create:agent',
  updateAgent: 'update:agent',
  deleteAgent: 'delete:agent',
  readRun: 'read:run',
  readLicense: 'read:license',
  updateLicense: 'update:license',
  licenseAdmin: LICENSE_ADMIN,
} as const;

const P = Permission;
/**
 * What every person reads: everything but the tenant's service-account keys (product docs:
 * administrators only) and secret values (Cloud kept `secret-value` apart from `secret` so that
 * read-only users see a secret's name, never its value; users get it with their work).
 */
const reads = RESOURCES.filter((r) => r !== 'service-api-key' && r !== 'secret-value').map((r) => perm('read', r));
const crud = (...resources: Resource[]): string[] => resources.flatMap((r) => OPERATIONS.map((o) => perm(o, r)));
/** Work in the tenant: flows, runs, agents, secrets and the features around them. */
const WORK = crud('run', 'project', 'log', 'flow', 'agent', 'secret', 'secret-value', 'cloud-hook', 'hook', 'flow-sla', 'key-value', 'concurrency-limit');
const unique = (list: string[]): readonly string[] => [...new Set(list)];

/**
 * Each built-in role's permissions. A tenant admin holds everything but the licence's own
 * operations; a user works in the tenant and manages their own keys; a read-only user reads
 * (and keeps their own keys, which act read-only like them); the runner role is what agents need.
 */
export const BUILT_IN_PERMISSIONS = {
  TENANT_ADMIN: unique([...ALL_ROLE_PERMISSIONS.filter((p) => !p.endsWith(':license') && p !== 'create:tenant'), P.readLicense]),
  USER: unique([...reads, ...WORK, P.createOwnApiKey, P.deleteOwnApiKey, 'create:message', 'update:message', 'delete:message']),
  READ_ONLY_USER: unique([...reads, P.createOwnApiKey, P.deleteOwnApiKey]),
  ENTERPRISE_LICENSE_ADMIN: unique([...reads, P.createOwnApiKey, P.deleteOwnApiKey, ...crud('license'), 'create:tenant', P.deleteTenant, LICENSE_ADMIN]),
  RUNNER: unique(['read:tenant', 'read:agent', 'create:agent', 'update:agent', 'read:run', 'update:run', 'read:flow', 'read:project', 'create:log', 'read:secret-value']),
} as const;
