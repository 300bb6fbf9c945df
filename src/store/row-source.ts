import type { KeyColumn } from './column-index.js';

/**
 * Rows still in the columns they were read in (a data file's, ./column-rows.ts): row `i` is
 * made into an object when first read, and is the same object at every read after that.
 */
export interface RowSource<T> {
  readonly length: number;
  row(i: number): T;
  /** The values of one field, by row (undefined where a row lacks the field), without making the rows. */
  column(field: string): (i: number) => unknown;
  /** The values of one field as an index reads them (./column-index.ts), without making the rows. */
  keys(field: string): KeyColumn;
  /** Every row, in order. */
  toArray(): T[];
}

/** Rows as a table is filled with: objects, or columns. */
export type RowsIn<T> = readonly T[] | RowSource<T>;

export const isRowSource = <T>(rows: RowsIn<T>): rows is RowSource<T> => !Array.isArray(rows);

export const rowArray = <T>(rows: RowsIn<T>): readonly T[] => (isRowSource(rows) ? rows.toArray() : rows);

/** Row i's `field`, in either form, without making a row of columns. */
export const columnOf = <T>(rows: RowsIn<T>, field: string): ((i: number) => unknown) =>
  isRowSource(rows) ? rows.column(field) : (i) => (rows[i] as Record<string, unknown>)[field];
