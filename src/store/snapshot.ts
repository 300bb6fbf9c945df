import type { ClockState } from '../clock/clock.js';
import { DomainError } from '../domain/errors.js';
import { jsonDepthProblem } from '../domain/json-input.js';
import { LEGACY_PERSON } from '../domain/legacy-data.js';
import { isRepresentableTime } from '../domain/time.js';
import { RECORDS, specOf, type FieldType } from './records.js';
import { TABLE_NAMES, type TableData, type TableName } from './state.js';
import { STATE_VERSION, upgradeDocument } from './upgrade.js';

export { STATE_VERSION };

/**
 * The state document: the data file's format and what snapshot export/import exchange. Keys
 * appear only as hashes. Documented in docs/control-api.md (Snapshots); the records are
 * described in ./records.ts, and `version` with its upgrades in ./upgrade.ts.
 */
export const STATE_FORMAT = 'prefect-cloud-emulator/state';

export interface StateDocument {
  format: typeof STATE_FORMAT;
  version: number;
  /** The last journal sequence number included; the journal replays entries after it. */
  seq: number;
  /** Present in exported snapshots; a data file leaves the clock to the command line. */
  clock?: ClockState | null;
  tables: TableData;
}

export class StateFormatError extends DomainError {
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
    this.name = 'StateFormatError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const checkField = (value: unknown, type: FieldType): boolean => {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'string?': return value === null || typeof value === 'string';
    case 'object': return isObject(value);
    case 'object?': return value === null || isObject(value);
    case 'strings': return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'account': return value === 'USER' || value === 'SERVICE' || value === LEGACY_PERSON;
    case 'strings?': return value === null || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    case 'objects': return Array.isArray(value) && value.every(isObject);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'any': return value !== undefined;
    case 'string|null|absent': return value === undefined || value === null || typeof value === 'string';
    case 'object|absent': return value === undefined || isObject(value);
  }
};

/** Each table's fields in their long form, worked out once: a data file can hold 100,000 rows. */
const FIELD_SPECS = new Map(TABLE_NAMES.map((name) => [name, Object.entries(RECORDS[name]).map(([field, d]) => [field, specOf(d)] as const)]));
const fieldsOf = (name: TableName) => FIELD_SPECS.get(name)!;

/**
 * The first problem of one row of `table`, or null: `at` is where (`.userId`, or '' for the row
 * itself). The journal's rows are checked with it too.
 */
export const rowProblem = (table: TableName, row: unknown): { at: string; problem: string } | null => {
  if (!isObject(row)) return { at: '', problem: 'must be an object' };
  for (const [field, { type }] of fieldsOf(table)) {
    if (!checkField(row[field], type)) return { at: `.${field}`, problem: `must be of type ${type}` };
  }
  return null;
};

/**
 * Checks a parsed document completely before anything is replaced, so a bad import leaves the
 * running state untouched. Errors name the exact path (`tables.apiKeys[3].userId`).
 */
export const validateStateDocument = (input: unknown, source: string): StateDocument => {
  const fail = (path: string, problem: string): never => {
    throw new StateFormatError(`${source}: ${path} ${problem}`);
  };
  if (!isObject(input)) return fail('(root)', 'must be a JSON object');
  const deep = jsonDepthProblem(input);
  if (deep) return fail('(root)', deep);
  let doc = input;
  if (doc.format !== STATE_FORMAT) return fail('format', `must be "${STATE_FORMAT}"`);
  if (typeof doc.version !== 'number') return fail('version', 'must be a number');
  if (doc.version > STATE_VERSION) {
    return fail('version', `is ${doc.version}, newer than this emulator understands (${STATE_VERSION}); upgrade prefect-cloud-emulator`);
  }
  if (!Number.isInteger(doc.version) || doc.version < 1) return fail('version', `must be a whole number from 1 to ${STATE_VERSION}`);
  if (doc.version < STATE_VERSION) {
    // Upgraded on a copy: the caller's document (a snapshot a test holds) stays as it was.
    const from = doc.version;
    doc = structuredClone(doc);
    upgradeDocument(doc, from);
  }
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
    const rows = tables[name];
    if (!Array.isArray(rows)) return fail(`tables.${name}`, 'must be an array');
    const seen = new Set<string>();
    // Paths are written only for a problem: a data file can hold 100,000 rows.
    rows.forEach((row: unknown, i) => {
      const bad = rowProblem(name, row);
      if (bad) fail(`tables.${name}[${i}]${bad.at}`, bad.problem);
      const id = (row as Record<string, unknown>).id as string;
      if (seen.has(id)) fail(`tables.${name}[${i}].id`, `duplicates id ${id}`);
      seen.add(id);
    });
    ids[name] = seen;
  }
  // References and unique values, once every table is known to be well-formed.
  for (const name of TABLE_NAMES) {
    const rows = tables[name] as Record<string, unknown>[];
    for (const [field, { ref, builtIn, unique }] of fieldsOf(name)) {
      if (!ref && !unique) continue;
      const values = new Set<unknown>();
      rows.forEach((row, i) => {
        const value = row[field];
        if (ref && typeof value === 'string' && !ids[ref]!.has(value) && !builtIn?.(value)) {
          fail(`tables.${name}[${i}].${field}`, `refers to unknown ${ref} id ${value}`);
        }
        if (unique) {
          if (values.has(value)) fail(`tables.${name}[${i}].${field}`, `duplicates another ${unique}`);
          values.add(value);
        }
      });
    }
  }
  const full = {} as Record<string, unknown>;
  for (const name of TABLE_NAMES) full[name] = tables[name];
  return { format: STATE_FORMAT, version: STATE_VERSION, seq: doc.seq, clock: (doc.clock as ClockState | null | undefined) ?? null, tables: full as TableData };
};
