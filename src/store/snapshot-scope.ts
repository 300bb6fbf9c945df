import { StateFormatError, type StateDocument } from './snapshot.js';
import type { TableName } from './state.js';

/**
 * Tables a snapshot never carries. Secret values are the user's own local state: the data file
 * keeps them (as Cloud's database did), but a snapshot is something to share, diff and attach to
 * a bug report, so it holds neither their values nor their names. Restoring a snapshot leaves the
 * tenant with no secrets, like a reset (fixtures hold none).
 */
export const NOT_IN_SNAPSHOTS = ['secrets'] as const satisfies readonly TableName[];

/** What a snapshot export gives: a state document without the tables above. */
export type SnapshotDocument = Omit<StateDocument, 'tables'> & { tables: Omit<StateDocument['tables'], (typeof NOT_IN_SNAPSHOTS)[number]> };

/** `doc` as a snapshot exports it: the tables above left out. */
export const toSnapshot = (doc: StateDocument): SnapshotDocument => {
  const tables: Partial<StateDocument['tables']> = { ...doc.tables };
  for (const name of NOT_IN_SNAPSHOTS) delete tables[name];
  return { ...doc, tables: tables as SnapshotDocument['tables'] };
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A snapshot to import, with the tables above empty, ready for the state document's check. A
 * snapshot that holds rows of them is refused (without echoing a row): an import cannot plant
 * secrets, and a data file is not a snapshot.
 */
export const fromSnapshot = (input: unknown): unknown => {
  if (!isObject(input) || !isObject(input.tables)) return input;
  const tables = { ...input.tables };
  for (const name of NOT_IN_SNAPSHOTS) {
    const rows = tables[name];
    // Empty as a table of rows or as a column-wise one (a data file's, ./columns.ts).
    const empty = Array.isArray(rows) ? rows.length === 0 : isObject(rows) && rows.rows === 0;
    if (rows !== undefined && !empty) {
      throw new StateFormatError(`snapshot: tables.${name} must be absent: snapshots do not carry ${name}`);
    }
    tables[name] = [];
  }
  return { ...input, tables };
};
