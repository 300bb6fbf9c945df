/**
 * The snapshot field types of the flow tables (projects, flows, runs, logs), checked on import
 * like every other table (store/snapshot.ts).
 */
export type FlowFieldType = 'string' | 'string?' | 'object' | 'object?' | 'strings' | 'strings?' | 'number' | 'boolean' | 'objects' | 'any';

export const FLOW_FIELDS = {
  projects: { id: 'string', tenantId: 'string', name: 'string', description: 'string?', created: 'string', updated: 'string' },
  flowGroups: {
    id: 'string', tenantId: 'string', projectId: 'string', name: 'string', labels: 'strings?', settings: 'object', runConfig: 'object?',
    defaultParameters: 'object', schedule: 'object?', created: 'string', updated: 'string',
  },
  flows: {
    id: 'string', tenantId: 'string', projectId: 'string', flowGroupId: 'string', name: 'string', description: 'string?', version: 'number',
    archived: 'boolean', coreVersion: 'string?', storage: 'object?', runConfig: 'object?', environment: 'object?', parameters: 'objects',
    schedule: 'object?', isScheduleActive: 'boolean', serializedFlow: 'object', tasks: 'objects', edges: 'objects', idempotencyKey: 'string?',
    createdById: 'string', created: 'string', updated: 'string',
  },
  flowRuns: {
    id: 'string', tenantId: 'string', flowId: 'string', flowGroupId: 'string', name: 'string', labels: 'strings', parameters: 'object',
    context: 'object', runConfig: 'object?', idempotencyKey: 'string?', scheduledStartTime: 'string', startTime: 'string?', endTime: 'string?',
    heartbeat: 'string?', states: 'objects', submittedBy: 'object?', createdById: 'string', created: 'string', updated: 'string',
  },
  taskRuns: {
    id: 'string', tenantId: 'string', flowRunId: 'string', taskId: 'string', mapIndex: 'number', name: 'string?', states: 'objects',
    created: 'string', updated: 'string',
  },
  runLogs: {
    id: 'string', tenantId: 'string', flowRunId: 'string', taskRunId: 'string?', timestamp: 'string', name: 'string?', level: 'string',
    message: 'string', info: 'object?', created: 'string',
  },
  keyValues: { id: 'string', tenantId: 'string', key: 'string', value: 'any', created: 'string', updated: 'string' },
} satisfies Record<string, Record<string, FlowFieldType>>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the types only the flow tables use; undefined for the shared ones. */
export const checkFlowField = (value: unknown, type: string): boolean | undefined => {
  switch (type) {
    case 'strings?': return value === null || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'objects': return Array.isArray(value) && value.every(isObject);
    case 'any': return value !== undefined;
    default: return undefined;
  }
};

type Refer = (path: string, table: 'tenants' | 'projects' | 'flowGroups' | 'flows' | 'flowRuns', id: string | null) => void;
type Rows = Partial<Record<keyof typeof FLOW_FIELDS, Record<string, unknown>[]>>;

/** Every flow record refers to rows that exist (a run to its flow, a log to its run…). */
export const checkFlowReferences = (t: Rows, refer: Refer): void => {
  const each = (name: keyof Rows, field: string, table: Parameters<Refer>[1]): void =>
    (t[name] ?? []).forEach((row, i) => refer(`tables.${name}[${i}].${field}`, table, row[field] as string | null));
  each('projects', 'tenantId', 'tenants');
  each('flowGroups', 'projectId', 'projects');
  each('flows', 'projectId', 'projects');
  each('flows', 'flowGroupId', 'flowGroups');
  each('flowRuns', 'flowId', 'flows');
  each('taskRuns', 'flowRunId', 'flowRuns');
  each('runLogs', 'flowRunId', 'flowRuns');
  each('keyValues', 'tenantId', 'tenants');
};
