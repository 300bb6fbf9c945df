import { jsonDepthProblem } from '../domain/json-input.js';
import type { JournalEntry } from './journal.js';
import { rowProblem } from './snapshot.js';
import { TABLE_NAMES, type TableName } from './state.js';

const isTable = (name: unknown): name is TableName => typeof name === 'string' && (TABLE_NAMES as readonly string[]).includes(name);

/**
 * Parses and checks one journal line as strictly as the data file's rows are checked: an entry
 * is `{seq, ops}`, each op `["put", table, row]` with a complete row or `["del", table, id]`.
 * Throws a message naming what is wrong (the caller adds the file and line).
 */
export const parseJournalEntry = (line: string): JournalEntry => {
  const entry = JSON.parse(line) as unknown;
  const deep = jsonDepthProblem(entry);
  if (deep) throw new Error(`the entry ${deep}`);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error('not a journal entry: must be an object');
  const { seq, ops } = entry as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) throw new Error('seq must be a whole number ≥ 1');
  if (!Array.isArray(ops)) throw new Error('ops must be an array');
  ops.forEach((op: unknown, i) => {
    const at = `ops[${i}]`;
    if (!Array.isArray(op) || op.length !== 3) throw new Error(`${at} must be ["put", table, row] or ["del", table, id]`);
    const [kind, table, value] = op as unknown[];
    if (kind !== 'put' && kind !== 'del') throw new Error(`${at} has unknown kind ${JSON.stringify(kind)}; expected "put" or "del"`);
    if (!isTable(table)) throw new Error(`${at} names unknown table ${JSON.stringify(table)}`);
    if (kind === 'del') {
      if (typeof value !== 'string') throw new Error(`${at} must give the id to delete as a string`);
      return;
    }
    const bad = rowProblem(table, value);
    if (bad) throw new Error(`${at}: the ${table} row${bad.at} ${bad.problem}`);
  });
  return entry as JournalEntry;
};
