/**
 * The column-wise encoding of the data file (src/store/columns.ts): every table of
 * src/store/records.ts round-trips through it, whatever its rows hold, and the data file a
 * store writes reads back as the same state.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeColumnTable } from '../../src/store/column-decode.js';
import { columnsOf, encodeStateText, encodeTable, type ColumnField } from '../../src/store/columns.js';
import { STATE_FORMAT, STATE_VERSION, validateStateDocument } from '../../src/store/snapshot.js';
import { TABLE_NAMES, type TableData, type TableName } from '../../src/store/state.js';
import { Store } from '../../src/store/store.js';
import { baseTables, dataFileIn, tempDir } from './helpers.js';

const ABSENT = Symbol('absent');
// A few values that repeat (so columns get dictionaries), and any string at all.
const text = fc.oneof(fc.constantFrom('a', 'b', '2026-06-01T00:00:00.000Z'), fc.string({ unit: 'grapheme', maxLength: 12 }));
const json = fc.jsonValue({ maxDepth: 3 });
const object = fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 4 });

/** Any value of a field's type; ABSENT for a field the row lacks. */
const valueOf = (field: ColumnField): fc.Arbitrary<unknown> => {
  switch (field.type) {
    case 'string': return text;
    case 'string?': return fc.option(text, { nil: null });
    case 'object': return object;
    case 'object?': return fc.option(object, { nil: null });
    case 'strings': return fc.array(text, { maxLength: 3 });
    case 'strings?': return fc.option(fc.array(text, { maxLength: 3 }), { nil: null });
    case 'objects': return fc.array(object, { maxLength: 3 });
    case 'number': return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'any': return json;
    case 'account': return fc.constantFrom('USER', 'SERVICE', 'STANDARD');
    case 'string|null|absent': return fc.oneof(fc.constant(ABSENT), fc.constant(null), text);
    case 'object|absent': return fc.oneof(fc.constant(ABSENT), object);
  }
};

/** Rows of `table` with distinct ids, fields in any order, optional fields sometimes absent. */
const rowsOf = (table: TableName): fc.Arbitrary<Record<string, unknown>[]> =>
  fc.array(fc.record(Object.fromEntries(columnsOf(table).map((f) => [f.name, valueOf(f)]))), { maxLength: 12 }).map((rows) =>
    rows.map((row, i) => {
      const entries = Object.entries({ ...row, id: `${table}-${i}` } as Record<string, unknown>).filter(([, v]) => v !== ABSENT);
      return Object.fromEntries(entries.reverse());
    }));

const fail = (path: string, problem: string): never => {
  throw new Error(`${path} ${problem}`);
};
const emptyTables = (): TableData => Object.fromEntries(TABLE_NAMES.map((n) => [n, []])) as unknown as TableData;

describe('the column-wise encoding', () => {
  it.each([...TABLE_NAMES])('round-trips every %s row, absent fields and all, with the fields in the records\' order', (table) => {
    fc.assert(fc.property(rowsOf(table), (rows) => {
      const tables = { ...emptyTables(), [table]: rows } as TableData;
      const file = JSON.parse(encodeStateText({ format: STATE_FORMAT, version: STATE_VERSION, seq: 0, clock: null, tables })) as { tables: Record<string, unknown> };
      const source = decodeColumnTable(table, file.tables[table], `tables.${table}`, fail).rows;
      const decoded = source.toArray();
      // What JSON gives back (-0 is 0), as the row-wise file did.
      expect(decoded).toEqual(JSON.parse(JSON.stringify(rows)));
      const order = columnsOf(table).map((f) => f.name);
      decoded.forEach((row, i) => expect(Object.keys(row)).toEqual(order.filter((f) => f in rows[i]!)));
      // A field read from its column, without the row, is the row's (undefined where it lacks it).
      for (const field of order) {
        const column = source.column(field);
        decoded.forEach((row, i) => expect(column(i)).toEqual(row[field]));
      }
      // A row is made once: every read gives the same object.
      decoded.forEach((row, i) => expect(source.row(i)).toBe(row));
    }), { numRuns: 60 });
  });

  it('writes repeated strings once per column and field names once per table', async () => {
    const tables = await baseTables();
    const file = JSON.parse(encodeStateText({ format: STATE_FORMAT, version: STATE_VERSION, seq: 3, clock: null, tables })) as {
      version: number; seq: number; tables: Record<string, { rows: number; columns: Record<string, unknown> }>;
    };
    expect(file).toMatchObject({ version: STATE_VERSION, seq: 3 });
    expect(file.tables.apiKeys!.rows).toBe(tables.apiKeys.length);
    expect(Object.keys(file.tables.apiKeys!.columns)).toEqual(columnsOf('apiKeys').map((f) => f.name));
    // A value every row shares is written once, without indexes.
    expect(file.tables.apiKeys!.columns.created).toEqual({ dictionary: [tables.apiKeys[0]!.created] });
    const tenantIds = [...new Set(tables.apiKeys.map((k) => k.tenantId))];
    expect(tenantIds.length).toBeGreaterThan(1);
    // Each row's index into the dictionary as a base-64 digit (one each: the dictionary holds fewer than 64).
    const digit = (i: number): string => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[i]!;
    expect(file.tables.apiKeys!.columns.tenantId).toEqual({ dictionary: tenantIds, codes: tables.apiKeys.map((k) => digit(tenantIds.indexOf(k.tenantId))).join('') });
    // Unique strings are never worth a dictionary: they are written as lines.
    expect(file.tables.apiKeys!.columns.keyHash).toEqual({ lines: tables.apiKeys.map((k) => k.keyHash).join('\n') });
    // Objects as they are; a string column with a null or a line break, as values.
    expect(file.tables.tenants!.columns.settings).toEqual(tables.tenants.map((t) => t.settings));
    const withBreak = encodeTable('tenants', [{ ...tables.tenants[0]!, name: 'two\nlines' }, { ...tables.tenants[1]!, name: 'x' }]);
    expect(withBreak.columns.name).toEqual(['two\nlines', 'x']);
  });

  it('reads back the state a store wrote, non-ASCII text included, as the same rows', async () => {
    const tables = await baseTables();
    tables.tenants[0]!.name = 'Café ☕ Ünïcode';
    const dataFile = dataFileIn(tempDir());
    const store = await Store.openFile(dataFile, () => tables);
    const before = store.document(null);
    await store.close();
    const bytes = readFileSync(dataFile);
    expect(bytes.toString('latin1')).not.toBe(bytes.toString('utf8'));
    const again = await Store.openFile(dataFile, () => emptyTables());
    try {
      expect(again.createdFromInitial).toBe(false);
      expect(again.document(null)).toEqual(before);
      expect(again.state.tenant(tables.tenants[0]!.id)?.name).toBe('Café ☕ Ünïcode');
      expect(validateStateDocument(JSON.parse(bytes.toString('utf8')), 'file').tables).toEqual(before.tables);
    } finally {
      await again.close();
    }
  });
});
