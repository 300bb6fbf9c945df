import type { Rows, State, TableName } from './state.js';

/** One change to one row: what a transaction is made of and what the journal records. */
export type Op =
  | { [K in TableName]: ['put', K, Rows[K]] }[TableName]
  | ['del', TableName, string];

export const applyOps = (state: State, ops: readonly Op[]): void => {
  for (const op of ops) {
    if (op[0] === 'put') state.table(op[1]).put(op[2] as never);
    else state.table(op[1]).delete(op[2]);
  }
};
