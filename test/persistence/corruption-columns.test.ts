/**
 * The corruption catalogue of the column-wise data file (format version 7, src/store/columns.ts):
 * a damaged table, column, dictionary, column of lines or absent list is refused naming the file and the exact
 * path, never half-loaded, with the file left as it was and the lock released.
 */
import { describe, it } from 'vitest';
import { encodeStateText } from '../../src/store/columns.js';
import { STATE_FORMAT, STATE_VERSION } from '../../src/store/snapshot.js';
import { catalogueLog, tryDamage, type Damage } from './damage.js';
import { baseTables } from './helpers.js';

const tried = catalogueLog('column-wise corruption catalogue');

type Columns = Record<string, unknown>;
type Tables = Record<string, { rows: unknown; columns: Columns }>;

/** The default fixture's data file as the emulator writes it, parsed, edited by `edit`, as text. */
const columnText = async (edit: (tables: Tables, doc: Record<string, unknown>) => void): Promise<string> => {
  const doc = JSON.parse(encodeStateText({ format: STATE_FORMAT, version: STATE_VERSION, seq: 0, clock: null, tables: await baseTables() })) as Record<string, unknown> & { tables: Tables };
  edit(doc.tables, doc);
  return JSON.stringify(doc);
};

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A column that must be dictionary-encoded with codes in the fixture's file (the test would say
 * nothing otherwise), rewritten with its indexes as an array (the form version 6 wrote, still
 * read) to edit them one by one.
 */
const dictionary = (tables: Tables, table: string, field: string): { dictionary: unknown[]; indexes: unknown[] } => {
  const column = coded(tables, table, field) as { dictionary: unknown[]; codes?: string; indexes?: unknown[] };
  column.indexes = [...column.codes!].map((c) => DIGITS.indexOf(c));
  delete column.codes;
  return column as { dictionary: unknown[]; indexes: unknown[] };
};
/** A dictionary-encoded column with its codes (one digit a row: the fixture's dictionaries are small). */
const coded = (tables: Tables, table: string, field: string): { dictionary: unknown[]; codes: string } => {
  const column = tables[table]!.columns[field] as { dictionary?: unknown[]; codes?: unknown };
  if (!column.dictionary || typeof column.codes !== 'string') throw new Error(`${table}.${field} is not dictionary-encoded with codes in the fixture's data file`);
  return column as { dictionary: unknown[]; codes: string };
};
const setCode = (column: { codes: string }, row: number, code: string): void => {
  column.codes = column.codes.slice(0, row) + code + column.codes.slice(row + 1);
};
/** A column's values as an array to edit: a column of lines is rewritten as a plain one. */
const plain = (tables: Tables, table: string, field: string): unknown[] => {
  const columns = tables[table]!.columns;
  const column = columns[field] as unknown[] | { lines?: string };
  if (Array.isArray(column)) return column;
  if (typeof column.lines !== 'string') throw new Error(`${table}.${field} holds neither values nor lines in the fixture's data file`);
  const values = column.lines.split('\n');
  columns[field] = values;
  return values;
};
/** A column of lines, edited line by line. */
const lines = (tables: Tables, table: string, field: string, edit: (values: string[]) => void): void => {
  const column = tables[table]!.columns[field] as { lines?: string };
  if (typeof column.lines !== 'string') throw new Error(`${table}.${field} is not a column of lines in the fixture's data file`);
  const values = column.lines.split('\n');
  edit(values);
  column.lines = values.join('\n');
};
const UNKNOWN = '99999999-0000-4000-8000-000000000009';
const nested = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const data = (name: string, edit: (tables: Tables, doc: Record<string, unknown>) => void, problem: RegExp): Damage =>
  ({ name: `column-wise data file: ${name}`, data: () => columnText(edit), problem, names: 'data' });

const CATALOGUE: Damage[] = [
  data('a column shorter than the table', (t) => { plain(t, 'apiKeys', 'name').pop(); }, /tables\.apiKeys\.columns\.name holds \d+ values for \d+ rows/),
  data('a column of lines with a line too many', (t) => { lines(t, 'apiKeys', 'keyHash', (v) => v.push('extra')); }, /tables\.apiKeys\.columns\.keyHash\.lines holds \d+ values for \d+ rows/),
  data('lines for values that are not strings', (t) => { t.tenants!.columns.settings = { lines: 'a\nb' }; }, /tables\.tenants\.columns\.settings\.lines is not allowed: settings values are not strings/),
  data('absent rows in a column of lines', (t) => { (t.apiKeys!.columns.name as Record<string, unknown>).absent = [0]; }, /tables\.apiKeys\.columns\.name\.absent is not allowed with lines/),
  data('a dictionary column longer than the table', (t) => { dictionary(t, 'apiKeys', 'tenantId').indexes.push(0); }, /tables\.apiKeys\.columns\.tenantId\.indexes holds \d+ values for \d+ rows/),
  data('a dictionary of several values without indexes', (t) => { delete (dictionary(t, 'apiKeys', 'tenantId') as { indexes?: unknown }).indexes; }, /tables\.apiKeys\.columns\.tenantId\.indexes may be left out only when the dictionary holds one value \(it holds 2\)/),
  data('the one value of every row of the wrong type', (t) => { t.apiKeys!.columns.created = { dictionary: [5] }; }, /tables\.apiKeys\.columns\.created\.dictionary\[0\] must be of type string/),
  data('the one value of rows said to lack the field', (t) => { t.users!.columns.settings = { dictionary: ['x'], absent: [0] }; }, /tables\.users\.columns\.settings\.dictionary is not allowed/),
  data('a dictionary index out of range', (t) => { dictionary(t, 'apiKeys', 'tenantId').indexes[2] = 99; }, /tables\.apiKeys\.columns\.tenantId\.indexes\[2\] must be an index into the dictionary \(0 to \d+\)/),
  data('a dictionary index that is not a whole number', (t) => { dictionary(t, 'apiKeys', 'tenantId').indexes[1] = 0.5; }, /tables\.apiKeys\.columns\.tenantId\.indexes\[1\] must be an index into the dictionary/),
  data('codes too short for the table', (t) => { const c = coded(t, 'apiKeys', 'tenantId'); c.codes = c.codes.slice(1); }, /tables\.apiKeys\.columns\.tenantId\.codes holds \d+ characters for \d+ rows of 1 \(a dictionary of 2\)/),
  data('a code that is no base-64 digit', (t) => { setCode(coded(t, 'apiKeys', 'tenantId'), 2, '*'); }, /tables\.apiKeys\.columns\.tenantId\.codes holds "\*" for row 2, which is not an index into the dictionary \(0 to 1\) in 1 digit\(s\) of base 64/),
  data('a code past the end of the dictionary', (t) => { setCode(coded(t, 'apiKeys', 'tenantId'), 1, 'C'); }, /tables\.apiKeys\.columns\.tenantId\.codes holds "C" for row 1, which is not an index into the dictionary \(0 to 1\)/),
  data('codes and indexes both', (t) => { (coded(t, 'apiKeys', 'tenantId') as Record<string, unknown>).indexes = [0]; }, /tables\.apiKeys\.columns\.tenantId\.indexes is not allowed with codes/),
  data('codes that are not a string', (t) => { (coded(t, 'apiKeys', 'tenantId') as Record<string, unknown>).codes = [0, 1]; }, /tables\.apiKeys\.columns\.tenantId must be an array of values, .*"codes"/),
  ...([-1, '0', null, true, [0]] as unknown[]).map((bad) =>
    data(`a dictionary index that is ${JSON.stringify(bad)}`, (t) => { (dictionary(t, 'apiKeys', 'tenantId').indexes as unknown[])[3] = bad; }, /tables\.apiKeys\.columns\.tenantId\.indexes\[3\] must be an index into the dictionary/)),
  data('a value of the wrong type', (t) => { plain(t, 'apiKeys', 'keyHash')[0] = 42; }, /tables\.apiKeys\.columns\.keyHash\[0\] must be of type string/),
  data('a dictionary value of the wrong type', (t) => { dictionary(t, 'apiKeys', 'tenantId').dictionary[0] = 7; }, /tables\.apiKeys\.columns\.tenantId\.dictionary\[0\] must be of type string/),
  data('an account type that is none', (t) => { dictionary(t, 'users', 'accountType').dictionary[0] = 'ROBOT'; }, /tables\.users\.columns\.accountType\.dictionary\[0\] must be of type account/),
  data('an unknown column', (t) => { t.apiKeys!.columns.colour = []; }, /tables\.apiKeys\.columns\.colour is not a field of apiKeys/),
  data('a missing column', (t) => { delete t.apiKeys!.columns.keyHash; }, /tables\.apiKeys\.columns lacks the column keyHash/),
  data('a row count that is not a whole number', (t) => { t.apiKeys!.rows = '8'; }, /tables\.apiKeys\.rows must be a whole number ≥ 0/),
  data('a table that is neither rows nor columns', (t) => { (t as Record<string, unknown>).apiKeys = 'keys'; }, /tables\.apiKeys must be an array of rows or a column-wise table/),
  data('a table without columns', (t) => { (t.apiKeys as Record<string, unknown>).columns = [1, 2]; }, /tables\.apiKeys\.columns must be an object of columns by field name/),
  data('a column that is neither values nor a dictionary', (t) => { t.apiKeys!.columns.name = { indexes: [0] }; }, /tables\.apiKeys\.columns\.name must be an array of values, \{"values": \[\.\.\.\]\}, \{"lines": "\.\.\."\}, \{"dictionary": \[\.\.\.\], "codes": "\.\.\."\} or \{"dictionary"/),
  data('a dictionary for values that are not strings', (t) => { t.tenants!.columns.settings = { dictionary: [{}], indexes: plain(t, 'tenants', 'id').map(() => 0) }; }, /tables\.tenants\.columns\.settings\.dictionary is not allowed: settings values are not strings/),
  data('absent rows for a field every row has', (t) => { t.apiKeys!.columns.name = { values: plain(t, 'apiKeys', 'name'), absent: [0] }; }, /tables\.apiKeys\.columns\.name\.absent is not allowed: every name has a value/),
  data('absent rows out of order', (t) => {
    const values = t.users!.columns.settings;
    t.users!.columns.settings = { values: Array.isArray(values) ? values.map(() => null) : (values as { values: unknown[] }).values.map(() => null), absent: [1, 0] };
  }, /tables\.users\.columns\.settings\.absent\[1\] must be a row index \(0 to \d+\), in ascending order/),
  data('a value in a row said to lack it', (t) => {
    const values = t.users!.columns.settings;
    t.users!.columns.settings = { values: (Array.isArray(values) ? values : (values as { values: unknown[] }).values).map(() => ({})), absent: [0] };
  }, /tables\.users\.columns\.settings\.values\[0\] must be null: the row lacks the field/),
  data('a dictionary value naming an unknown tenant', (t) => { dictionary(t, 'apiKeys', 'tenantId').dictionary[0] = UNKNOWN; }, /tables\.apiKeys\.columns\.tenantId\.dictionary\[0\] refers to unknown tenants id 99999999/),
  data('a value naming an unknown user', (t) => { lines(t, 'memberships', 'userId', (ids) => { ids[0] = UNKNOWN; }); }, /tables\.memberships\.columns\.userId\.lines\[0\] refers to unknown users id 99999999/),
  data('a duplicate id', (t) => { lines(t, 'apiKeys', 'id', (ids) => { ids[1] = ids[0]!; }); }, /tables\.apiKeys\.columns\.id\.lines\[1\] duplicates id /),
  data('a duplicate key hash', (t) => { lines(t, 'apiKeys', 'keyHash', (hashes) => { hashes[3] = hashes[0]!; }); }, /tables\.apiKeys\.columns\.keyHash\.lines\[3\] duplicates another key hash/),
  data('a duplicate id in a plain column', (t) => { const ids = plain(t, 'apiKeys', 'id'); ids[1] = ids[0]; }, /tables\.apiKeys\.columns\.id\[1\] duplicates id /),
  data('column-wise tables in a version-5 file', (_, doc) => { doc.version = 5; }, /tables\.tenants must be an array/),
  {
    name: 'column-wise data file: nested 20,000 levels in tenant settings',
    data: async () => (await columnText((t) => { plain(t, 'tenants', 'settings')[0] = '__deep__'; })).replace('"__deep__"', nested(20_000)),
    problem: /tables\.tenants\.columns\.settings\[0\] is nested more than 64 levels deep/,
    names: 'data',
  },
];

describe('the column-wise corruption catalogue', () => {
  for (const damage of CATALOGUE) {
    it(`refuses ${damage.name}, naming the file and the path, leaving it untouched and the lock released`, () => tryDamage(damage, tried));
  }
});
