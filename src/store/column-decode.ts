import { jsonDepthProblem, MAX_JSON_DEPTH } from '../domain/json-input.js';
import { codeWidth, decodeCodes } from './codes.js';
import { columnsOf, LINE, type ColumnField } from './columns.js';
import { ColumnRows } from './column-rows.js';
import { checkField } from './field-check.js';
import { LineColumn, type Cells } from './line-column.js';
import type { TableName } from './state.js';

/** Reports a problem at a path of the document; never returns. */
export type Fail = (path: string, problem: string) => never;

/** A dictionary-encoded column's distinct values, and which of them some row uses. */
export interface Dictionary {
  values: readonly unknown[];
  used: Uint8Array;
}

export interface DecodedTable {
  rows: ColumnRows;
  /** By field: the dictionaries, so references are checked once per distinct value. */
  dictionaries: Map<string, Dictionary>;
  /** By field: where its row values are (`tables.apiKeys.columns.userId.indexes`), for messages. */
  cells: Map<string, string>;
}

/** Types every string satisfies. */
const STRING_TYPES: ReadonlySet<string> = new Set(['string', 'string?', 'string|null|absent']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown, length: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < length;

/**
 * In a table of rows a value sits 4 levels down (document, tables, table, row); a column's values
 * are allowed exactly the nesting they would have there, whatever form the column takes.
 */
const VALUE_DEPTH = MAX_JSON_DEPTH - 4;

type RowMaker = (values: readonly Cells[], dictionaries: readonly (readonly unknown[] | undefined)[]) => (i: number) => Record<string, unknown>;
const makers = new Map<string, RowMaker>();

/**
 * A function that builds row `i` from the columns as one object literal: every row of a table
 * gets the same shape at once (fields in ./records.ts order), where assigning field by field
 * costs five times as much at 100,000 rows. Generated from the field list (names are ours,
 * never the file's), once per table and set of column forms: `d` dictionary-encoded, `l` lines,
 * `v` an array of values.
 */
const rowMaker = (table: TableName, fields: readonly ColumnField[], forms: readonly ('d' | 'l' | 'v')[]): RowMaker => {
  const key = `${table}:${forms.join('')}`;
  let maker = makers.get(key);
  if (!maker) {
    const setup = fields.map((_, j) => (forms[j] === 'd' ? `const d${j} = d[${j}], x${j} = v[${j}];` : `const v${j} = v[${j}];`)).join('\n');
    const cell = (j: number): string => (forms[j] === 'd' ? `d${j}[x${j}[i]]` : forms[j] === 'l' ? `v${j}.at(i)` : `v${j}[i]`);
    const literal = fields.map((f, j) => `${JSON.stringify(f.name)}: ${cell(j)}`).join(', ');
    maker = new Function('v', 'd', `${setup}\nreturn (i) => ({ ${literal} });`) as RowMaker;
    makers.set(key, maker);
  }
  return maker;
};

/**
 * A column of lines: cut into values when first read, unless the field's type is narrower than
 * a string (an account type), whose every value is checked now.
 */
const linesOf = (column: Record<string, unknown>, field: ColumnField, rows: number, at: string, fail: Fail): { values: Cells; lines: string } => {
  if (!field.dictionary) return fail(`${at}.lines`, `is not allowed: ${field.name} values are not strings`);
  if (column.absent !== undefined) return fail(`${at}.absent`, 'is not allowed with lines: every row has a string');
  const lines = column.lines as string;
  return { values: STRING_TYPES.has(field.type) ? new LineColumn(lines, LINE, rows) : lines.split(LINE), lines };
};

/** A dictionary of one value without indexes: every row has that value. */
const sameFor = (column: Record<string, unknown>, rows: number, at: string, fail: Fail): Record<string, unknown> => {
  const dictionary = column.dictionary as unknown[];
  if (dictionary.length !== 1) return fail(`${at}.indexes`, `may be left out only when the dictionary holds one value (it holds ${dictionary.length})`);
  // Zeros, every row's index into the dictionary: a typed array is made zeroed, where an array
  // of 100,000 would be filled one element at a time.
  return { ...column, indexes: new Uint8Array(rows), same: true };
};

/** A dictionary's indexes written as codes (./codes.ts), decoded; a code that is none is refused with its row. */
const codesOf = (column: Record<string, unknown>, rows: number, at: string, fail: Fail): Record<string, unknown> => {
  if (column.indexes !== undefined) return fail(`${at}.indexes`, 'is not allowed with codes: the codes are the indexes');
  const size = (column.dictionary as unknown[]).length;
  const codes = column.codes as string;
  const width = codeWidth(size);
  if (codes.length !== rows * width) fail(`${at}.codes`, `holds ${codes.length} characters for ${rows} rows of ${width} (a dictionary of ${size})`);
  const decoded = decodeCodes(codes, rows, size);
  if ('badRow' in decoded) {
    const code = JSON.stringify(codes.slice(decoded.badRow * width, (decoded.badRow + 1) * width));
    return fail(`${at}.codes`, `holds ${code} for row ${decoded.badRow}, which is not an index into the dictionary (0 to ${size - 1}) in ${width} digit(s) of ${CODE_DIGITS_NAME}`);
  }
  return { ...column, indexes: decoded.indexes, coded: true };
};

const CODE_DIGITS_NAME = 'base 64 (A-Z, a-z, 0-9, -, _)';

/** The row indexes a column lists as absent, checked (ascending, in range, and allowed for the field). */
const absentRows = (input: unknown, field: ColumnField, rows: number, path: string, fail: Fail): Uint8Array | null => {
  if (input === undefined) return null;
  if (!field.absentable) return fail(`${path}.absent`, `is not allowed: every ${field.name} has a value`);
  if (!Array.isArray(input)) return fail(`${path}.absent`, 'must be an array of row indexes');
  const marks = new Uint8Array(rows);
  let previous = -1;
  input.forEach((i: unknown, at) => {
    if (!isIndex(i, rows) || i <= previous) fail(`${path}.absent[${at}]`, `must be a row index (0 to ${rows - 1}), in ascending order`);
    marks[i as number] = 1;
    previous = i as number;
  });
  return marks;
};

/**
 * Checks a dictionary-encoded column's indexes (each an index into the dictionary, null's for a
 * row that lacks the field) and marks the values used. One loop per case, the check written out
 * (`v >>> 0 === v` holds for exactly the whole numbers from 0 to 2³² - 1): at 100,000 rows a
 * column, this runs before the code is optimised, where every call and branch costs.
 */
const checkIndexes = (indexes: ArrayLike<unknown>, dictionary: readonly unknown[], used: Uint8Array, absent: Uint8Array | null, where: (i: number) => string, fail: Fail): void => {
  const size = dictionary.length;
  const bad = (i: number): never => fail(where(i), `must be an index into the dictionary (0 to ${size - 1})`);
  if (!absent) {
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i] as number;
      if (index >>> 0 !== index || index >= size) bad(i);
      used[index] = 1;
    }
    return;
  }
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i] as number;
    if (index >>> 0 !== index || index >= size) bad(i);
    used[index] = 1;
    if (absent[i] && dictionary[index] !== null) fail(where(i), 'must pick null: the row lacks the field');
  }
};

/** Checks the values of one plain column (or a dictionary) against the field's type, and their nesting. */
const checkValues = (values: readonly unknown[], field: ColumnField, absent: Uint8Array | null, path: string, fail: Fail): void => {
  const type = field.present;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (absent?.[i] ? value !== null : !checkField(value, type)) fail(`${path}[${i}]`, absent?.[i] ? 'must be null: the row lacks the field' : `must be of type ${field.type}`);
  }
  if (field.nested) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value === 'object' && value !== null && jsonDepthProblem(value, VALUE_DEPTH)) {
        fail(`${path}[${i}]`, `is nested more than ${MAX_JSON_DEPTH} levels deep, the limit (counted as in a table of rows)`);
      }
    }
  }
};

/**
 * Decodes and checks one column-wise table (./columns.ts): its shape, every column's length,
 * dictionary indexes, absent lists, and every value's type and nesting. Errors name the exact
 * path (`tables.apiKeys.columns.userId.indexes[3]`). References and unique values are left to
 * the caller, which knows every table.
 */
export const decodeColumnTable = (table: TableName, input: unknown, path: string, fail: Fail): DecodedTable => {
  if (!isObject(input)) return fail(path, 'must be an array of rows or a column-wise table {"rows": n, "columns": {...}}');
  const rows = input.rows;
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) return fail(`${path}.rows`, 'must be a whole number ≥ 0');
  const columns = input.columns;
  if (!isObject(columns)) return fail(`${path}.columns`, 'must be an object of columns by field name');
  const fields = columnsOf(table);
  for (const name of Object.keys(columns)) {
    if (!fields.some((f) => f.name === name)) fail(`${path}.columns.${name}`, `is not a field of ${table}`);
  }
  const values: Cells[] = [];
  const dictionaries: (unknown[] | undefined)[] = [];
  const byField = new Map<string, Dictionary>();
  const cellPaths = new Map<string, string>();
  const absentFields = new Map<string, Uint8Array>();
  for (const field of fields) {
    const at = `${path}.columns.${field.name}`;
    const column = columns[field.name];
    if (column === undefined) return fail(`${path}.columns`, `lacks the column ${field.name}`);
    const form = Array.isArray(column) ? { values: column }
      : isObject(column) && typeof column.lines === 'string' ? linesOf(column, field, rows, at, fail)
      : isObject(column) && Array.isArray(column.dictionary) && typeof column.codes === 'string' ? codesOf(column, rows, at, fail)
      : isObject(column) && Array.isArray(column.dictionary) && column.indexes === undefined && column.codes === undefined ? sameFor(column, rows, at, fail)
      : column;
    if (!isObject(form) || !(Array.isArray(form.values) || form.values instanceof LineColumn || (Array.isArray(form.dictionary) && (Array.isArray(form.indexes) || form.same === true || form.coded === true)))) {
      return fail(at, 'must be an array of values, {"values": [...]}, {"lines": "..."}, {"dictionary": [...], "codes": "..."} or {"dictionary": [...], "indexes": [...]}');
    }
    const cells = (form.values ?? form.indexes) as Cells;
    const cellsAt = Array.isArray(column) ? at : `${at}.${form.values ? (form.lines === undefined ? 'values' : 'lines') : form.coded ? 'codes' : 'indexes'}`;
    if (cells.length !== rows) fail(cellsAt, `holds ${cells.length} values for ${rows} rows`);
    cellPaths.set(field.name, cellsAt);
    const absent = absentRows(form.absent, field, rows, at, fail);
    if (absent) absentFields.set(field.name, absent);
    if (form.values) {
      // Lines are strings by construction: only a narrower type (an account type) needs a look
      // (and is cut into values for it, see linesOf).
      if (Array.isArray(cells)) checkValues(cells, field, absent, cellsAt, fail);
      values.push(cells);
      dictionaries.push(undefined);
      continue;
    }
    if (!field.dictionary) fail(`${at}.dictionary`, `is not allowed: ${field.name} values are not strings`);
    const dictionary = form.dictionary as unknown[];
    const indexes = cells as ArrayLike<unknown>;
    checkValues(dictionary, field, null, `${at}.dictionary`, fail);
    const used = new Uint8Array(dictionary.length);
    if (form.same) {
      used[0] = rows > 0 ? 1 : 0;
      if (absent?.includes(1) && dictionary[0] !== null) fail(`${at}.dictionary[0]`, 'must be null: some rows lack the field');
    }
    // A code's row is named as a row: codes[i] would be a character of the string.
    if (!form.same) checkIndexes(indexes, dictionary, used, absent, form.coded ? (i) => `${cellsAt} (row ${i})` : (i) => `${cellsAt}[${i}]`, fail);
    values.push(cells);
    dictionaries.push(dictionary);
    byField.set(field.name, { values: dictionary, used });
  }
  const forms = values.map((cells, j) => (dictionaries[j] ? 'd' : Array.isArray(cells) ? 'v' : 'l') as 'd' | 'l' | 'v');
  const make = rowMaker(table, fields, forms)(values, dictionaries);
  const out = new ColumnRows(rows, fields.map((f) => f.name), make, values, dictionaries, absentFields);
  return { rows: out, dictionaries: byField, cells: cellPaths };
};
