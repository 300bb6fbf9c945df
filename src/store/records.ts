import { isBuiltInRoleId } from '../domain/roles.js';
import type { AccountType } from '../domain/types.js';
import type { Rows, TableName } from './state.js';

/**
 * How each record kind looks in the state document: every field's JSON type, the references
 * the document must resolve, and what must be unique. One description per record kind, typed
 * from the record types themselves, so a field added to a record in `domain/types.ts` does not
 * compile until it is described here.
 */
export type FieldType =
  | 'string' | 'string?' | 'object' | 'object?' | 'strings' | 'strings?' | 'objects' | 'number' | 'boolean' | 'any' | 'account'
  | 'string|null|absent' | 'object|absent';

/**
 * The descriptions a value of type `V` may have. A nullable field may be described without
 * `?` when the document must not hold null there (custom roles always have a tenant). A field
 * of a type with no description here (a number, say) fails to compile: add a FieldType.
 */
export type FieldTypeOf<V> =
  // Any JSON value (a key-value store's value).
  unknown extends V ? 'any'
  // An optional field (`x?: T`): rows written before it existed lack it.
  : [undefined] extends [V] ? ([V] extends [string | null | undefined] ? 'string|null|absent' : [V] extends [object | undefined] ? 'object|absent' : never)
  : [V] extends [readonly string[]] ? 'strings'
  : [V] extends [readonly string[] | null] ? 'strings?'
  : [V] extends [readonly object[]] ? 'objects'
  : [V] extends [AccountType] ? 'account'
  : [V] extends [string] ? 'string'
  : [V] extends [string | null] ? 'string?' | 'string'
  : [V] extends [number] ? 'number'
  : [V] extends [boolean] ? 'boolean'
  : [V] extends [object] ? 'object'
  : [V] extends [object | null] ? 'object?' | 'object'
  : never;

export interface FieldSpec<V> {
  type: FieldTypeOf<V>;
  /** The field holds the id of a row of this table (null refers to nothing). */
  ref?: TableName;
  /** Ids that need no row because every emulator has them (the built-in roles). */
  builtIn?: (id: string) => boolean;
  /** No two rows hold the same value; what the value is called in the error that says so. */
  unique?: string;
  /**
   * The state-document version that added the field, and the value rows of older documents
   * get (see ./upgrade.ts). Absent: the field is as old as the format.
   */
  since?: { version: number; value: V };
}

/** A field is described by its type alone, or by a FieldSpec when it says more. */
export type FieldDescription<V> = FieldTypeOf<V> | FieldSpec<V>;

export type RecordDescriptions = {
  [K in TableName]: { [F in keyof Rows[K]]-?: FieldDescription<Rows[K][F]> };
};

const tenantRef = { type: 'string', ref: 'tenants' } as const;
const userRef = { type: 'string', ref: 'users' } as const;

export const RECORDS: RecordDescriptions = {
  tenants: { id: 'string', name: 'string', slug: { type: 'string', unique: 'slug' }, created: 'string', updated: 'string', info: 'object?', settings: 'object' },
  users: {
    id: 'string', username: 'string', email: 'string?', firstName: 'string?', lastName: 'string?',
    accountType: 'account', defaultMembershipId: 'string?', created: 'string', updated: 'string', settings: 'object|absent',
  },
  memberships: {
    id: 'string', tenantId: tenantRef, userId: userRef, roleId: { type: 'string', ref: 'roles', builtIn: isBuiltInRoleId },
    created: 'string', updated: 'string',
  },
  // Only custom roles are stored, and every custom role belongs to a tenant.
  roles: { id: 'string', name: 'string', permissions: 'strings', tenantId: tenantRef, created: 'string', updated: 'string' },
  apiKeys: {
    id: 'string', name: 'string', userId: userRef, tenantId: tenantRef, keyHash: { type: 'string', unique: 'key hash' },
    expiresAt: 'string?', createdById: 'string?', created: 'string', updated: 'string',
  },
  revokedKeys: { id: 'string', keyHash: 'string', reason: 'string', revokedAt: 'string' },
  apiTokens: {
    id: 'string', name: 'string', userId: userRef, tenantId: 'string?', tokenHash: 'string', scope: 'string', created: 'string',
    expiresAt: 'string|null|absent', createdById: 'string|null|absent',
  },
  agents: {
    id: 'string', tenantId: tenantRef, name: 'string?', type: 'string?', labels: 'strings', agentConfigId: 'string?',
    registeredById: 'string', lastQueried: 'string', created: 'string', keyId: 'string|null|absent', coreVersion: 'string|null|absent',
  },
  agentConfigs: { id: 'string', tenantId: tenantRef, name: 'string?', settings: 'object', created: 'string' },
  invitations: {
    id: 'string', tenantId: tenantRef, email: 'string', roleId: { type: 'string', ref: 'roles', builtIn: isBuiltInRoleId },
    invitedById: 'string?', created: 'string',
  },
  projects: { id: 'string', tenantId: tenantRef, name: 'string', description: 'string?', created: 'string', updated: 'string' },
  flowGroups: {
    id: 'string', tenantId: 'string', projectId: { type: 'string', ref: 'projects' }, name: 'string', labels: 'strings?', settings: 'object',
    runConfig: 'object?', defaultParameters: 'object', schedule: 'object?', created: 'string', updated: 'string',
  },
  flows: {
    id: 'string', tenantId: 'string', projectId: { type: 'string', ref: 'projects' }, flowGroupId: { type: 'string', ref: 'flowGroups' },
    name: 'string', description: 'string?', version: 'number', archived: 'boolean', coreVersion: 'string?', storage: 'object?',
    runConfig: 'object?', environment: 'object?', parameters: 'objects', schedule: 'object?', isScheduleActive: 'boolean',
    serializedFlow: 'object', tasks: 'objects', edges: 'objects', idempotencyKey: 'string?', createdById: 'string', created: 'string',
    updated: 'string',
  },
  flowRuns: {
    id: 'string', tenantId: 'string', flowId: { type: 'string', ref: 'flows' }, flowGroupId: 'string', name: 'string', labels: 'strings',
    parameters: 'object', context: 'object', runConfig: 'object?', idempotencyKey: 'string?', scheduledStartTime: 'string',
    startTime: 'string?', endTime: 'string?', heartbeat: 'string?', states: 'objects', submittedBy: 'object?', createdById: 'string',
    created: 'string', updated: 'string',
  },
  taskRuns: {
    id: 'string', tenantId: 'string', flowRunId: { type: 'string', ref: 'flowRuns' }, taskId: 'string', mapIndex: 'number', name: 'string?',
    states: 'objects', created: 'string', updated: 'string',
  },
  runLogs: {
    id: 'string', tenantId: 'string', flowRunId: { type: 'string', ref: 'flowRuns' }, taskRunId: 'string?', timestamp: 'string', name: 'string?',
    level: 'string', message: 'string', info: 'object?', created: 'string',
  },
  keyValues: { id: 'string', tenantId: tenantRef, key: 'string', value: 'any', created: 'string', updated: 'string' },
  secrets: { id: 'string', tenantId: tenantRef, name: 'string', value: 'any', created: 'string', updated: 'string' },
};

/** A field's description in its long form. */
export const specOf = (description: FieldDescription<unknown> | FieldSpec<never>): FieldSpec<unknown> & { type: FieldType } =>
  (typeof description === 'string' ? { type: description } : description) as FieldSpec<unknown> & { type: FieldType };

