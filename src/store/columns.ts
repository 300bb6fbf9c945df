import { encodeCodes } from './codes.js';
import { RECORDS, specOf, type FieldSpec, type FieldType } from './records.js';
import { TABLE_NAMES, type TableData, type TableName } from './state.js';

/**
 * The data file's column-wise encoding of a table (state format version 7, see ./upgrade.ts):
 *
 *     {"rows": 3, "columns": {"id": ["a", "b", "c"], "userId": {"dictionary": ["u1", "u2"], "codes": "ABA"}, ...}}
 *
 * Each field of the table (./records.ts, in that order) is one column holding one value per row:
 * - plain: an array of the values, row by row;
 * - dictionary-encoded (string fields whose values repeat: user and tenant ids, timestamps):
 *   `{"dictionary": [distinct values], "codes": "…"}`, each row's index into the dictionary
 *   written in base-64 digits, the same number for every row (./codes.ts); or, as version 6
 *   wrote it, `"indexes": [one index per row]`; either left out when every row has the same
 *   value (`{"dictionary": [value]}`);
 * - lines (string fields whose every value is a string without a line break: ids, key hashes,
 *   names): `{"lines": "first\nsecond\n…"}`, the values joined by line breaks;
 * - either of the first two may add `"absent": [row indexes]` for an optional field
 *   (`…|absent`) that those rows lack; their value is null.
 *
 * Field names are written once per table, and a repeated value once per column: the file is a
 * third of the size of the row-wise form, JSON.parse allocates a string per distinct value
 * rather than per row, and rows that share a value share its string in memory. A column of
 * lines parses as one string, from which each value is cut when first read (./line-column.ts):
 * at 100,000 rows that takes half the time of parsing as many separate strings, the values sit
 * side by side in memory, which makes indexing them faster too, and a column the start does not
 * read (key names) costs nothing then.
 */
export interface ColumnTable {
  rows: number;
  columns: Record<string, Column>;
}

export type Column =
  | unknown[]
  | { values: unknown[]; absent?: number[] }
  | { dictionary: unknown[]; codes?: string; indexes?: number[]; absent?: number[] }
  | { lines: string };

/** One field of a table as the columns see it: its name, long description, and how it may be encoded. */
export interface ColumnField extends Omit<FieldSpec<unknown>, 'type'> {
  name: string;
  type: FieldType;
  /** String values: a column that may be dictionary-encoded. */
  dictionary: boolean;
  /** Rows may lack the field (written before it existed). */
  absentable: boolean;
  /** The type of the values present (an absent field's value is otherwise null). */
  present: FieldType;
  /** Values are objects or arrays, whose nesting must be bounded. */
  nested: boolean;
}

const DICTIONARY_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['string', 'string?', 'string|null|absent', 'account']);
const NESTED_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['object', 'object?', 'objects', 'any', 'object|absent', 'strings', 'strings?']);
const PRESENT: Partial<Record<FieldType, FieldType>> = { 'string|null|absent': 'string?', 'object|absent': 'object' };

const fieldsOfTable = (name: TableName): readonly ColumnField[] =>
  Object.entries(RECORDS[name]).map(([field, description]) => {
    const spec = specOf(description);
    return {
      ...spec,
      name: field,
      dictionary: DICTIONARY_TYPES.has(spec.type),
      absentable: spec.type in PRESENT,
      present: PRESENT[spec.type] ?? spec.type,
      nested: NESTED_TYPES.has(spec.type),
    };
  });

const columnsByTable = new Map<TableName, readonly ColumnField[]>();

/**
 * A table's columns, worked out from ./records.ts (the one description of every field) when the
 * table is first written or read column-wise, then kept: an emulator that has no data file never
 * needs them, and working out every table's at start-up cost about 2 ms of it.
 */
export const columnsOf = (name: TableName): readonly ColumnField[] => {
  let fields = columnsByTable.get(name);
  if (!fields) columnsByTable.set(name, (fields = fieldsOfTable(name)));
  return fields;
};

/**
 * A column is dictionary-encoded when its distinct values are at most this share of its rows:
 * below it, the dictionary saves more than the indexes cost.
 */
const DICTIONARY_SHARE = 0.5;

const encodeColumn = (rows: readonly Record<string, unknown>[], field: ColumnField): Column => {
  const values = new Array<unknown>(rows.length);
  const absent: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]![field.name];
    if (value === undefined && field.absentable) absent.push(i);
    values[i] = value ?? null;
  }
  const withAbsent = <C extends object>(column: C): C | (C & { absent: number[] }) => (absent.length > 0 ? { ...column, absent } : column);
  if (field.dictionary && rows.length > 1) {
    const index = new Map<unknown, number>();
    const indexes = new Array<number>(rows.length);
    for (let i = 0; i < values.length; i++) {
      let at = index.get(values[i]);
      if (at === undefined) index.set(values[i], (at = index.size));
      indexes[i] = at;
    }
    if (index.size === 1) return withAbsent({ dictionary: [values[0]] });
    if (index.size <= rows.length * DICTIONARY_SHARE) return withAbsent({ dictionary: [...index.keys()], codes: encodeCodes(indexes, index.size) });
  }
  if (absent.length > 0) return { values, absent };
  return field.dictionary && values.length > 0 && values.every((v) => typeof v === 'string' && !v.includes(LINE)) ? { lines: values.join(LINE) } : values;
};

/** What separates the values of a column of lines. */
export const LINE = '\n';

/** A table of rows in the column-wise encoding. */
export const encodeTable = (name: TableName, rows: readonly object[]): ColumnTable => {
  const columns: Record<string, Column> = {};
  for (const field of columnsOf(name)) columns[field.name] = encodeColumn(rows as readonly Record<string, unknown>[], field);
  return { rows: rows.length, columns };
};

/**
 * A state document as the data file holds it: version 7, every table column-wise, one column a
 * line (so a diff or a pager shows where a file differs, and a reader finds a table by name).
 */
export const encodeStateText = (doc: { format: string; version: number; seq: number; clock?: unknown; tables: TableData }): string => {
  const head = JSON.stringify({ format: doc.format, version: doc.version, seq: doc.seq, clock: doc.clock ?? null });
  const parts: string[] = [`${head.slice(0, -1)},"tables":{\n`];
  TABLE_NAMES.forEach((name, t) => {
    const table = encodeTable(name, doc.tables[name]);
    parts.push(`${JSON.stringify(name)}:{"rows":${table.rows},"columns":{\n`);
    const entries = Object.entries(table.columns);
    entries.forEach(([field, column], c) => parts.push(`${JSON.stringify(field)}:${JSON.stringify(column)}${c < entries.length - 1 ? ',' : ''}\n`));
    parts.push(`}}${t < TABLE_NAMES.length - 1 ? ',' : ''}\n`);
  });
  parts.push('}}\n');
  return parts.join('');
};
