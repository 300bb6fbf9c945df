import type { ClockState } from '../clock/clock.js';
import { jsonDepthProblem } from '../domain/json-input.js';
import { isRepresentableTime } from '../domain/time.js';
import { LEGACY_PERSON } from '../domain/legacy-data.js';
import { checkFlowField, checkFlowReferences, FLOW_FIELDS, type FlowFieldType } from './flow-fields.js';
import { TABLE_NAMES, type TableData, type TableName } from './state.js';

/**
 * The state document: the data file's format and what snapshot export/import exchange. Keys
 * appear only as hashes. Documented in docs/data-format.md; `version` changes when it does.
 */
export const STATE_FORMAT = 'prefect-cloud-emulator/state';
export const STATE_VERSION = 1;

export interface StateDocument {
  format: typeof STATE_FORMAT;
  version: number;
  /** The last journal sequence number included; the journal replays entries after it. */
  seq: number;
  /** Present in exported snapshots; a data file leaves the clock to the command line. */
  clock?: ClockState | null;
  tables: TableData;
}

export class StateFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFormatError';
  }
}

type FieldType = 'string' | 'string?' | 'object' | 'object?' | 'strings' | 'account' | FlowFieldType;

const FIELDS: Record<TableName, Record<string, FieldType>> = {
  tenants: { id: 'string', name: 'string', slug: 'string', created: 'string', updated: 'string', info: 'object?', settings: 'object' },
  users: {
    id: 'string', username: 'string', email: 'string?', firstName: 'string?', lastName: 'string?',
    accountType: 'account', defaultMembershipId: 'string?', created: 'string', updated: 'string',
  },
  memberships: { id: 'string', tenantId: 'string', userId: 'string', roleId: 'string', created: 'string', updated: 'string' },
  roles: { id: 'string', name: 'string', permissions: 'strings', tenantId: 'string', created: 'string', updated: 'string' },
  apiKeys: {
    id: 'string', name: 'string', userId: 'string', tenantId: 'string', keyHash: 'string', expiresAt: 'string?',
    createdById: 'string?', created: 'string', updated: 'string',
  },
  revokedKeys: { id: 'string', keyHash: 'string', reason: 'string', revokedAt: 'string' },
  apiTokens: { id: 'string', name: 'string', userId: 'string', tenantId: 'string?', tokenHash: 'string', scope: 'string', created: 'string' },
  agents: {
    id: 'string', tenantId: 'string', name: 'string?', type: 'string?', labels: 'strings', agentConfigId: 'string?',
    registeredById: 'string', lastQueried: 'string', created: 'string',
  },
  agentConfigs: { id: 'string', tenantId: 'string', name: 'string?', settings: 'object', created: 'string' },
  invitations: { id: 'string', tenantId: 'string', email: 'string', roleId: 'string', invitedById: 'string?', created: 'string' },
  ...FLOW_FIELDS,
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const checkField = (value: unknown, type: FieldType): boolean => {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'string?': return value === null || typeof value === 'string';
    case 'object': return isObject(value);
    case 'object?': return value === null || isObject(value);
    case 'strings': return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'account': return value === 'USER' || value === 'SERVICE' || value === LEGACY_PERSON;
    default: return checkFlowField(value, type) ?? false;
  }
};

/**
 * The first problem of one row of `table`, or null: `at` is where (`.userId`, or '' for the row
 * itself). The journal's rows are checked with it too.
 */
export const rowProblem = (table: TableName, row: unknown): { at: string; problem: string } | null => {
  if (!isObject(row)) return { at: '', problem: 'must be an object' };
  for (const [field, type] of Object.entries(FIELDS[table])) {
    if (!checkField(row[field], type)) return { at: `.${field}`, problem: `must be of type ${type}` };
  }
  return null;
};

/**
 * Checks a parsed document completely before anything is replaced, so a bad import leaves the
 * running state untouched. Errors name the exact path (`tables.apiKeys[3].userId`).
 */
export const validateStateDocument = (doc: unknown, source: string): StateDocument => {
  const fail = (path: string, problem: string): never => {
    throw new StateFormatError(`${source}: ${path} ${problem}`);
  };
  if (!isObject(doc)) return fail('(root)', 'must be a JSON object');
  const deep = jsonDepthProblem(doc);
  if (deep) return fail('(root)', deep);
  if (doc.format !== STATE_FORMAT) return fail('format', `must be "${STATE_FORMAT}"`);
  if (typeof doc.version !== 'number') return fail('version', 'must be a number');
  if (doc.version > STATE_VERSION) {
    return fail('version', `is ${doc.version}, newer than this emulator understands (${STATE_VERSION}); upgrade prefect-cloud-emulator`);
  }
  if (doc.version !== STATE_VERSION) return fail('version', `must be ${STATE_VERSION}`);
  if (typeof doc.seq !== 'number' || !Number.isInteger(doc.seq) || doc.seq < 0) return fail('seq', 'must be a whole number ≥ 0');
  if (doc.clock !== undefined && doc.clock !== null) {
    const c = doc.clock;
    if (!isObject(c) || !(c.frozenAt === null || typeof c.frozenAt === 'number') || typeof c.offsetMs !== 'number') {
      return fail('clock', 'must be {"frozenAt": number|null, "offsetMs": number}');
    }
    // Both must leave the clock a date: half the range for the offset leaves room for the machine's time.
    if (c.frozenAt !== null && !isRepresentableTime(c.frozenAt as number)) return fail('clock.frozenAt', 'is outside the range of dates');
    if (!isRepresentableTime((c.offsetMs as number) * 2)) return fail('clock.offsetMs', 'is outside the range of dates');
  }
  if (!isObject(doc.tables)) return fail('tables', 'must be an object');
  const tables = doc.tables;
  const ids: Record<string, Set<string>> = {};
  for (const name of TABLE_NAMES) {
    const rows = tables[name] ?? [];
    if (!Array.isArray(rows)) return fail(`tables.${name}`, 'must be an array');
    const seen = new Set<string>();
    rows.forEach((row: unknown, i) => {
      const at = `tables.${name}[${i}]`;
      const bad = rowProblem(name, row);
      if (bad) fail(`${at}${bad.at}`, bad.problem);
      const id = (row as Record<string, unknown>).id as string;
      if (seen.has(id)) fail(`${at}.id`, `duplicates id ${id}`);
      seen.add(id);
    });
    ids[name] = seen;
  }
  const t = tables as unknown as TableData;
  const refer = (path: string, table: TableName, id: string | null, builtIn = false): void => {
    if (id === null || ids[table]!.has(id) || builtIn) return;
    fail(path, `refers to unknown ${table} id ${id}`);
  };
  checkFlowReferences(t as unknown as Parameters<typeof checkFlowReferences>[0], refer);
  t.memberships.forEach((m, i) => {
    refer(`tables.memberships[${i}].tenantId`, 'tenants', m.tenantId);
    refer(`tables.memberships[${i}].userId`, 'users', m.userId);
    refer(`tables.memberships[${i}].roleId`, 'roles', m.roleId, m.roleId.startsWith('00000000-0000-4000-8000-'));
  });
  t.apiKeys.forEach((k, i) => {
    refer(`tables.apiKeys[${i}].userId`, 'users', k.userId);
    refer(`tables.apiKeys[${i}].tenantId`, 'tenants', k.tenantId);
  });
  t.roles.forEach((r, i) => refer(`tables.roles[${i}].tenantId`, 'tenants', r.tenantId));
  t.apiTokens.forEach((k, i) => refer(`tables.apiTokens[${i}].userId`, 'users', k.userId));
  t.agents.forEach((a, i) => refer(`tables.agents[${i}].tenantId`, 'tenants', a.tenantId));
  t.agentConfigs.forEach((c, i) => refer(`tables.agentConfigs[${i}].tenantId`, 'tenants', c.tenantId));
  (t.invitations ?? []).forEach((v, i) => {
    refer(`tables.invitations[${i}].tenantId`, 'tenants', v.tenantId);
    refer(`tables.invitations[${i}].roleId`, 'roles', v.roleId, v.roleId.startsWith('00000000-0000-4000-8000-'));
  });
  const hashes = new Set<string>();
  t.apiKeys.forEach((k, i) => {
    if (hashes.has(k.keyHash)) fail(`tables.apiKeys[${i}].keyHash`, 'duplicates another key hash');
    hashes.add(k.keyHash);
  });
  const slugs = new Set<string>();
  t.tenants.forEach((x, i) => {
    if (slugs.has(x.slug)) fail(`tables.tenants[${i}].slug`, `duplicates slug ${x.slug}`);
    slugs.add(x.slug);
  });
  const full = {} as TableData;
  for (const name of TABLE_NAMES) (full as Record<string, unknown>)[name] = (tables[name] as unknown[] | undefined) ?? [];
  return { format: STATE_FORMAT, version: STATE_VERSION, seq: doc.seq, clock: (doc.clock as ClockState | null | undefined) ?? null, tables: full };
};
