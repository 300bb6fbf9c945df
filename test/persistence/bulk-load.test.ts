/**
 * Loading a data file fills each table at once (Table.fill) rather than row by row, its multi
 * indexes built when first needed: the result must be the same table, indexes included,
 * whatever the rows (ids repeated or not) and whatever comes next (a read, a change, a copy).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multi, uniqueField } from '../../src/store/index-spec.js';
import { Table } from '../../src/store/table.js';

interface Row { id: string; hash: string; owner: string | null }
const make = (): Table<Row, 'hash' | 'owner'> => new Table<Row, 'hash' | 'owner'>({ hash: uniqueField<Row>('hash'), owner: multi((r) => r.owner) });
const small = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const rows = fc.array(fc.record({ id: small, hash: small, owner: fc.option(small, { nil: null }) }), { maxLength: 12 });

const view = (table: Table<Row, 'hash' | 'owner'>) => ({
  rows: [...table.all()],
  size: table.size,
  byHash: ['a', 'b', 'c', 'd', 'e'].map((v) => table.by('hash', v)?.id ?? null),
  byOwner: ['a', 'b', 'c', 'd', 'e'].map((v) => table.allBy('owner', v).map((r) => r.id)),
  distinctHashes: table.uniqueCount('hash'),
});

describe('Table.fill', () => {
  it('gives the table that putting each row would, indexes included', () => {
    fc.assert(fc.property(rows, rows, (before, given) => {
      const filled = make();
      for (const row of before) filled.put(row);
      filled.fill(given);
      const put = make();
      for (const row of given) put.put(row);
      expect(view(filled)).toEqual(view(put));
      // And it stays a working table.
      for (const row of given) {
        filled.delete(row.id);
        put.delete(row.id);
      }
      expect(view(filled)).toEqual(view(put));
    }), { numRuns: 300 });
  });

  it('builds the indexes it left for later before a copy shares them: a change to either is the other\'s business', () => {
    fc.assert(fc.property(rows, fc.record({ id: fc.constant('z'), hash: fc.constant('z'), owner: small }), (given, extra) => {
      const filled = make();
      filled.fill(given);
      const copy = make();
      copy.copyFrom(filled);
      copy.put(extra);
      const expected = make();
      for (const row of given) expected.put(row);
      expect(view(filled)).toEqual(view(expected));
      expected.put(extra);
      expect(view(copy)).toEqual(view(expected));
    }), { numRuns: 200 });
  });

  it('counts the distinct values of a unique index on a field, and nothing for other indexes', () => {
    const table = make();
    table.fill([{ id: '1', hash: 'x', owner: 'o' }, { id: '2', hash: 'x', owner: 'o' }, { id: '3', hash: 'y', owner: null }]);
    expect(table.uniqueCount('hash')).toBe(2);
    expect(table.uniqueCount('owner')).toBeUndefined();
  });
});
