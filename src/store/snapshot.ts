import type { ClockState } from '../clock/clock.js';
import { DomainError } from '../domain/errors.js';
import { jsonDepthProblem } from '../domain/json-input.js';
import { builtInRoles } from '../domain/roles.js';
import { isRepresentableTime } from '../domain/time.js';
import { decodeColumnTable, type Dictionary } from './column-decode.js';
import { columnsOf } from './columns.js';
import { checkField } from './field-check.js';
import { State, TABLE_NAMES, type LoadData, type TableData, type TableName } from './state.js';
import { columnOf, rowArray, type RowsIn } from './row-source.js';
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

/** A checked document, with the state it describes (indexes built): what loading it gives. */
export interface CheckedDocument extends StateDocument {
  state: State;
}

export class StateFormatError extends DomainError {
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
    this.name = 'StateFormatError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first version whose tables may be written column-wise (./columns.ts). */
const COLUMNS_SINCE = 6;

/**
 * The first problem of one row of `table`, or null: `at` is where (`.userId`, or '' for the row
 * itself). The journal's rows are checked with it too.
 */
export const rowProblem = (table: TableName, row: unknown): { at: string; problem: string } | null => {
  if (!isObject(row)) return { at: '', problem: 'must be an object' };
  for (const { name, type } of columnsOf(table)) {
    if (!checkField(row[name], type)) return { at: `.${name}`, problem: `must be of type ${type}` };
  }
  return null;
};

/**
 * Checks a parsed document completely before anything is replaced, so a bad import leaves the
 * running state untouched. Errors name the exact path (`tables.apiKeys[3].userId`).
 */
export const validateStateDocument = (input: unknown, source: string): CheckedDocument => {
  const fail = (path: string, problem: string): never => {
    throw new StateFormatError(`${source}: ${path} ${problem}`);
  };
  if (!isObject(input)) return fail('(root)', 'must be a JSON object');
  let doc = input;
  if (doc.format !== STATE_FORMAT) return fail('format', `must be "${STATE_FORMAT}"`);
  if (typeof doc.version !== 'number') return fail('version', 'must be a number');
  if (doc.version > STATE_VERSION) {
    return fail('version', `is ${doc.version}, newer than this emulator understands (${STATE_VERSION}); upgrade prefect-cloud-emulator`);
  }
  if (!Number.isInteger(doc.version) || doc.version < 1) return fail('version', `must be a whole number from 1 to ${STATE_VERSION}`);
  const written = doc.version;
  // Column-wise tables bound their values' nesting themselves (./column-decode.ts): the walk
  // over the rest is what keeps a 100,000-row data file from being walked twice.
  const walked = written >= COLUMNS_SINCE && isObject(doc.tables)
    ? { ...doc, tables: Object.fromEntries(Object.entries(doc.tables).filter(([, t]) => !isObject(t))) }
    : doc;
  const deep = jsonDepthProblem(walked);
  if (deep) return fail('(root)', deep);
  if (written < STATE_VERSION) {
    // Upgraded on a copy: the caller's document (a snapshot a test holds) stays as it was.
    doc = structuredClone(doc);
    upgradeDocument(doc, written);
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
  const decoded = {} as Record<TableName, RowsIn<Record<string, unknown>>>;
  const dictionaries = {} as Record<TableName, Map<string, Dictionary> | undefined>;
  const cells = {} as Record<TableName, Map<string, string> | undefined>;
  /** Where row `i`'s `field` is, in the form its table takes. */
  const at = (name: TableName, i: number, field: string): string => {
    const column = cells[name]?.get(field);
    return column === undefined ? `tables.${name}[${i}].${field}` : `${column}[${i}]`;
  };
  for (const name of TABLE_NAMES) {
    const input = tables[name];
    if (Array.isArray(input)) {
      // Paths are written only for a problem: a data file can hold 100,000 rows.
      for (let i = 0; i < input.length; i++) {
        const bad = rowProblem(name, input[i]);
        if (bad) fail(`tables.${name}[${i}]${bad.at}`, bad.problem);
      }
      decoded[name] = input as Record<string, unknown>[];
    } else if (written >= COLUMNS_SINCE && input !== undefined) {
      const table = decodeColumnTable(name, input, `tables.${name}`, fail);
      decoded[name] = table.rows;
      dictionaries[name] = table.dictionaries;
      cells[name] = table.cells;
    } else {
      return fail(`tables.${name}`, 'must be an array');
    }
  }
  // The state is built now, and its indexes answer the rest: a duplicate id or unique value
  // leaves a table or index smaller than its rows, and only then are the rows searched for it.
  const state = new State();
  state.load(decoded as unknown as LoadData);
  const firstRepeat = (name: TableName, field: string): number => {
    const seen = new Set<unknown>();
    const rows = decoded[name];
    const valueAt = columnOf(decoded[name], field);
    for (let i = 0; i < rows.length; i++) {
      const value = valueAt(i);
      if (value !== null && seen.has(value)) return i;
      seen.add(value);
    }
    return -1;
  };
  for (const name of TABLE_NAMES) {
    // The built-in roles are in every state; a row may replace one (same id), which is no duplicate.
    if (state.table(name).size >= decoded[name].length + (name === 'roles' ? builtInRoles.length : 0)) continue;
    const i = firstRepeat(name, 'id');
    if (i >= 0) fail(at(name, i, 'id'), `duplicates id ${columnOf(decoded[name], 'id')(i) as string}`);
  }
  // References and unique values, once every table is known to be well-formed.
  for (const name of TABLE_NAMES) {
    const rows = decoded[name];
    for (const { name: field, ref, builtIn, unique } of columnsOf(name)) {
      if (ref) {
        const known = state.table(ref);
        const refers = (value: unknown): boolean => typeof value !== 'string' || known.has(value) || builtIn?.(value) === true;
        const dictionary = dictionaries[name]?.get(field);
        if (dictionary) {
          // Once per distinct value a row uses, not once per row.
          dictionary.values.forEach((value, k) => {
            if (dictionary.used[k] && !refers(value)) fail(`tables.${name}.columns.${field}.dictionary[${k}]`, `refers to unknown ${ref} id ${value as string}`);
          });
        } else {
          const valueAt = columnOf(decoded[name], field);
          for (let i = 0; i < rows.length; i++) if (!refers(valueAt(i))) fail(at(name, i, field), `refers to unknown ${ref} id ${valueAt(i) as string}`);
        }
      }
      if (unique && state.table(name).uniqueCount(field) !== rows.length) {
        const i = firstRepeat(name, field);
        if (i >= 0) fail(at(name, i, field), `duplicates another ${unique}`);
      }
    }
  }
  let asArrays: TableData | undefined;
  return {
    format: STATE_FORMAT, version: STATE_VERSION, seq: doc.seq, clock: (doc.clock as ClockState | null | undefined) ?? null, state,
    // As arrays only when asked for (an import replaces the state with them): a data file's
    // state is built from its columns, and its rows are made when first read.
    get tables(): TableData {
      return (asArrays ??= Object.fromEntries(TABLE_NAMES.map((name) => [name, rowArray(decoded[name])])) as unknown as TableData);
    },
  };
};
