import { normalizeUser } from '../domain/accounts.js';
import type { User } from '../domain/types.js';
import type { Rows, State, TableName } from './state.js';

/** One change to one row: what a transaction is made of and what the journal records. */
export type Op =
  | { [K in TableName]: ['put', K, Rows[K]] }[TableName]
  | ['del', TableName, string];

export const applyOps = (state: State, ops: readonly Op[]): void => {
  for (const op of ops) {
    // Journals written before people were `USER` still replay (domain/accounts.ts).
    if (op[0] === 'put') state.table(op[1]).put((op[1] === 'users' ? normalizeUser(op[2] as User) : op[2]) as never);
    else state.table(op[1]).delete(op[2]);
  }
};
