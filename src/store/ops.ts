import { normalizeRole, normalizeUser } from '../domain/legacy-data.js';
import type { Role, User } from '../domain/types.js';
import type { Rows, State, TableName } from './state.js';

/** One change to one row: what a transaction is made of and what the journal records. */
export type Op =
  | { [K in TableName]: ['put', K, Rows[K]] }[TableName]
  | ['del', TableName, string];

const normalizeRow = (table: TableName, row: unknown): unknown =>
  table === 'users' ? normalizeUser(row as User) : table === 'roles' ? normalizeRole(row as Role) : row;

export const applyOps = (state: State, ops: readonly Op[]): void => {
  for (const op of ops) {
    // Journals written with earlier names still replay (domain/legacy-data.ts).
    if (op[0] === 'put') state.table(op[1]).put(normalizeRow(op[1], op[2]) as never);
    else state.table(op[1]).delete(op[2]);
  }
};
