/**
 * The authorization matrix of projects, flows, runs and logs: every flow operation of
 * schema.graphql × caller × target, and the outcome it must give. flow-matrix.test.ts runs it.
 *
 * Rules: reads need the read permissions every role has; writes need Cloud's permissions
 * (`create:project`, `create:flow`, `create:run`, `update:run`, `create:log`…) which a
 * READ_ONLY_USER lacks, as is `read:secret-value`; the permission is checked before anything is looked up. Records of
 * another tenant answer exactly like records that do not exist.
 */
export const FLOW_QUERIES = [
  'project', 'project_by_pk', 'flow', 'flow_by_pk', 'flow_group', 'flow_group_by_pk', 'flow_run', 'flow_run_by_pk',
  'task', 'task_by_pk', 'task_run', 'task_run_by_pk', 'get_task_run_info', 'log', 'secret_names', 'secret_value', 'key_value',
] as const;

export const FLOW_MUTATIONS = [
  'create_project', 'delete_project', 'create_flow_from_compressed_string', 'create_flow', 'register_tasks', 'register_edges',
  'set_schedule_active', 'set_schedule_inactive', 'archive_flow', 'unarchive_flow', 'delete_flow', 'set_flow_group_labels',
  'create_flow_run', 'set_flow_run_states', 'set_task_run_states', 'get_or_create_task_run_info', 'update_flow_run_heartbeat',
  'cancel_flow_run', 'set_flow_run_name', 'set_task_run_name', 'delete_flow_run', 'write_run_logs', 'set_secret', 'delete_secret',
  'set_key_value', 'delete_key_value',
] as const;

export const FLOW_OPERATIONS = [...FLOW_QUERIES, ...FLOW_MUTATIONS] as const;
export type FlowOperation = (typeof FLOW_OPERATIONS)[number];

/** home: the caller's tenant's records; other: the other tenant's; none: ids that exist nowhere. */
export const FLOW_TARGETS = ['home', 'other', 'none'] as const;
export type FlowTarget = (typeof FLOW_TARGETS)[number];

export type FlowOutcome = 'data' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'not-found' | 'BAD_USER_INPUT';

export const FLOW_CALLERS = {
  noKey: { ref: null, works: false, readOnly: false },
  revokedKey: { ref: 'acme-user', works: false, readOnly: false },
  readOnlyUser: { ref: 'acme-read-only-user', works: true, readOnly: true },
  user: { ref: 'acme-user', works: true, readOnly: false },
  tenantAdmin: { ref: 'acme-tenant-admin', works: true, readOnly: false },
  serviceAccount: { ref: 'acme-service-account', works: true, readOnly: false },
  otherTenantAdmin: { ref: 'globex-tenant-admin', works: true, readOnly: false },
} as const;
export type FlowCallerName = keyof typeof FLOW_CALLERS;
export const FLOW_CALLER_NAMES = Object.keys(FLOW_CALLERS) as FlowCallerName[];

/** Operations whose target is the tenant or a project, which answer a foreign or unknown one as bad input. */
const BY_PARENT = new Set<FlowOperation>(['create_project', 'create_flow_from_compressed_string', 'create_flow']);

/** set_secret and set_key_value name a secret or key, not a record: they work whatever the target. */
const TARGETLESS = new Set<FlowOperation>(['set_secret', 'set_key_value']);

export const flowExpected = (operation: FlowOperation, caller: FlowCallerName, target: FlowTarget): FlowOutcome => {
  const kind = FLOW_CALLERS[caller];
  if (!kind.works) return 'UNAUTHENTICATED';
  if (TARGETLESS.has(operation) && !kind.readOnly) return 'data';
  const isQuery = (FLOW_QUERIES as readonly string[]).includes(operation);
  // Reading a secret's value needs read:secret-value, which read-only users lack (names they see).
  if ((!isQuery || operation === 'secret_value') && kind.readOnly) return 'FORBIDDEN';
  if (target === 'home') return 'data';
  return BY_PARENT.has(operation) ? 'BAD_USER_INPUT' : 'not-found';
};
