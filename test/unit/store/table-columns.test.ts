import { describe, expect, it } from 'vitest';
import { ColumnRows } from '../../../src/store/column-rows.js';
import { LineColumn } from '../../../src/store/line-column.js';
import type { RowSource } from '../../../src/store/row-source.js';
import { multi, unique, uniqueField } from '../../../src/store/index-spec.js';
import { Table } from '../../../src/store/table.js';

interface Row {
  id: string;
  hash: string;
  group: string;
  note?: string;
}

const IDS = ['a', 'b', 'c', 'd'];
const HASHES = ['h-a', 'h-b', 'h-c', 'h-d'];
const GROUPS = ['g1', 'g2'];
const GROUP_OF = [0, 1, 0, 0];

/**
 * Four rows in columns (the group dictionary-encoded; ids and hashes as arrays, or as lines as a
 * data file holds them); `made` counts the rows made into objects.
 */
const columns = (ids = IDS, asLines = false) => {
  const made: number[] = [];
  const source = new ColumnRows(
    ids.length,
    ['id', 'hash', 'group'],
    (i) => {
      made.push(i);
      return { id: ids[i], hash: HASHES[i], group: GROUPS[GROUP_OF[i]!] };
    },
    asLines ? [new LineColumn(ids.join('\n'), '\n', ids.length), new LineColumn(HASHES.join('\n'), '\n'), GROUP_OF] : [ids, HASHES, GROUP_OF],
    [undefined, undefined, GROUPS],
    new Map(),
  );
  // The table's rows are this test's Row (ColumnRows makes records of any table).
  return { source: source as unknown as RowSource<Row>, made };
};

const table = () => new Table<Row, 'hash' | 'group'>({ hash: uniqueField<Row>('hash'), group: multi((r) => r.group) });

describe('Table filled from columns', () => {
  it('indexes the columns without making a row, and makes only the rows read', () => {
    const { source, made } = columns();
    const t = table();
    t.fill(source);
    expect(t.size).toBe(4);
    expect(t.has('c')).toBe(true);
    expect(made).toEqual([]);
    expect(t.by('hash', 'h-c')).toEqual({ id: 'c', hash: 'h-c', group: 'g1' });
    expect(t.get('c')).toBe(t.by('hash', 'h-c'));
    expect(t.get('c')).toBe(source.row(2));
    expect(made).toEqual([2]);
  });

  it('answers every read as a table of the same rows filled from objects does', () => {
    const { source } = columns();
    const fromColumns = table();
    fromColumns.fill(source);
    const fromRows = table();
    fromRows.fill(source.toArray().map((r) => ({ ...r })));
    expect([...fromColumns.all()]).toEqual([...fromRows.all()]);
    expect(fromColumns.allBy('group', 'g1').map((r) => r.id)).toEqual(['a', 'c', 'd']);
    expect(fromColumns.countBy('group', 'g2')).toBe(1);
    expect(fromColumns.uniqueCount('hash')).toBe(4);
    expect(fromColumns.conflicts({ id: 'z', hash: 'h-a', group: 'g1' })).toBe('hash');
    expect(fromColumns.conflicts({ id: 'a', hash: 'h-a', group: 'g1' })).toBeUndefined();
  });

  it('put, replace and delete move a row in every index, rows from columns and objects side by side', () => {
    const { source } = columns();
    const t = table();
    t.fill(source);
    t.put({ id: 'b', hash: 'h-b2', group: 'g1', note: 'v2' });
    expect(t.by('hash', 'h-b')).toBeUndefined();
    expect(t.by('hash', 'h-b2')?.note).toBe('v2');
    expect(t.allBy('group', 'g1').map((r) => r.id)).toEqual(['a', 'c', 'd', 'b']);
    t.put({ id: 'e', hash: 'h-e', group: 'g2' });
    expect(t.delete('a')?.hash).toBe('h-a');
    expect(t.by('hash', 'h-a')).toBeUndefined();
    expect(t.get('a')).toBeUndefined();
    expect([...t.all()].map((r) => r.id)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('columns of lines, as a data file holds them, answer as columns of values do', () => {
    const [lines, values] = [columns(IDS, true), columns(IDS, false)].map(({ source }) => {
      const t = table();
      t.fill(source);
      return t;
    }) as [ReturnType<typeof table>, ReturnType<typeof table>];
    for (const t of [lines, values]) {
      t.put({ id: 'b', hash: 'h-b2', group: 'g1' });
      t.delete('c');
      t.put({ id: 'c', hash: 'h-c', group: 'g2' });
    }
    expect([...lines.all()]).toEqual([...values.all()]);
    expect([...lines.all()].map((r) => r.id)).toEqual(['a', 'b', 'd', 'c']);
    for (const hash of ['h-a', 'h-b', 'h-b2', 'h-c', 'h-d']) expect(lines.by('hash', hash)).toEqual(values.by('hash', hash));
    expect(lines.uniqueCount('hash')).toBe(4);
    expect(lines.allBy('group', 'g2').map((r) => r.id)).toEqual(['c']);
    expect(columns(['a', 'b', 'a', 'd'], true).source.keys('id').same(0, 2)).toBe(true);
  });

  it('a copy shares the columns, and a change to either leaves the other as it was', () => {
    const { source } = columns();
    const original = table();
    original.fill(source);
    const copy = table();
    copy.copyFrom(original);
    copy.delete('d');
    copy.put({ id: 'c', hash: 'h-c', group: 'g2', note: 'copy' });
    expect(original.get('d')?.id).toBe('d');
    expect(original.get('c')?.note).toBeUndefined();
    expect(copy.get('c')?.note).toBe('copy');
    expect(copy.has('d')).toBe(false);
    // The rows both still hold are the same objects.
    expect(copy.get('a')).toBe(original.get('a'));
  });

  it('columns that repeat an id load as rows put one by one would: the later replaces the earlier', () => {
    const { source } = columns(['a', 'b', 'a', 'd']);
    const t = table();
    t.fill(source);
    expect(t.size).toBe(3);
    expect(t.get('a')?.hash).toBe('h-c');
    expect(t.by('hash', 'h-a')).toBeUndefined();
  });

  it('a table with a unique index that is not one field makes the rows at once', () => {
    const { source, made } = columns();
    const t = new Table<Row, 'pair'>({ pair: unique((r) => `${r.group}/${r.hash}`) });
    t.fill(source);
    expect(made).toEqual([0, 1, 2, 3]);
    expect(t.by('pair', 'g2/h-b')?.id).toBe('b');
  });

  it('clear() lets go of the columns', () => {
    const { source } = columns();
    const t = table();
    t.fill(source);
    t.clear();
    expect(t.size).toBe(0);
    expect([...t.all()]).toEqual([]);
    expect(t.by('hash', 'h-a')).toBeUndefined();
  });
});
