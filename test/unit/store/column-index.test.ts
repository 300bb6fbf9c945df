import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnIndex, valueKeys, type KeyColumn } from '../../../src/store/column-index.js';
import { LineColumn } from '../../../src/store/line-column.js';

/** A line break would split a value in two in a column of lines. */
const lineValue = fc.string({ maxLength: 40 }).map((s) => s.replaceAll('\n', ''));

/** The same values as a column of lines and as a column of values. */
const bothForms = (values: readonly string[]): KeyColumn[] => [
  new LineColumn(values.join('\n'), '\n', values.length),
  valueKeys(values.length, (i) => values[i]),
];

/** What a Map of value → row, set row by row, holds: the last row of each value. */
const lastRows = (values: readonly (string | null)[]): Map<string, number> => {
  const map = new Map<string, number>();
  values.forEach((v, i) => {
    if (v !== null) map.set(v, i);
  });
  return map;
};

describe('ColumnIndex', () => {
  it('finds each value at its row, and answers -1 for a value no row has', () => {
    fc.assert(fc.property(fc.array(lineValue, { minLength: 1, maxLength: 60 }), lineValue, (values, other) => {
      const expected = lastRows(values);
      for (const keys of bothForms(values)) {
        const index = new ColumnIndex(keys);
        expect(index.size).toBe(expected.size);
        expect(index.duplicates).toBe(values.length - expected.size);
        for (const [value, row] of expected) expect(index.get(value)).toBe(row);
        if (!expected.has(other)) expect(index.get(other)).toBe(-1);
      }
    }), { numRuns: 300 });
  });

  it('holds the later of two rows with one value, as a Map set in row order does', () => {
    for (const keys of bothForms(['a', 'b', 'a', 'c', 'b'])) {
      const index = new ColumnIndex(keys);
      expect([index.get('a'), index.get('b'), index.get('c')]).toEqual([2, 4, 3]);
      expect([0, 1, 2, 3, 4].map((i) => index.holds(i))).toEqual([false, false, true, true, true]);
    }
  });

  it('leaves out rows without a value', () => {
    const values = ['a', null, 'b', 7, undefined];
    const index = new ColumnIndex(valueKeys(values.length, (i) => values[i]));
    expect(index.size).toBe(2);
    expect(index.missing).toBe(3);
    expect(index.get('b')).toBe(2);
    expect([0, 1, 2, 3, 4].map((i) => index.holds(i))).toEqual([true, false, true, false, false]);
  });

  it('hashes every character when the sample cannot tell the values apart, and still finds each', () => {
    // 5,000 values alike in their first and last characters, differing only in the middle.
    const values = Array.from({ length: 5_000 }, (_, i) => `tenant-${String(i).padStart(6, '0')}-of-the-same-long-suffix`);
    for (const keys of bothForms(values)) {
      const index = new ColumnIndex(keys);
      expect(index.full).toBe(true);
      expect(index.size).toBe(values.length);
      values.forEach((v, i) => expect(index.get(v)).toBe(i));
      expect(index.get('tenant-999999-of-the-same-long-suffix')).toBe(-1);
    }
  });

  it('samples random-looking values, as ids and key hashes are', () => {
    const values = Array.from({ length: 5_000 }, (_, i) => `${(i * 2654435761 >>> 0).toString(36)}-${i.toString(16)}-key`);
    const index = new ColumnIndex(bothForms(values)[0]!);
    expect(index.full).toBe(false);
    values.forEach((v, i) => expect(index.get(v)).toBe(i));
  });

  it('an empty column holds nothing', () => {
    const index = new ColumnIndex(valueKeys(0, () => undefined));
    expect(index.size).toBe(0);
    expect(index.get('')).toBe(-1);
  });
});

describe('LineColumn as an index reads it', () => {
  it('hashes, compares and tells lines apart as the values themselves would be', () => {
    fc.assert(fc.property(fc.array(lineValue, { minLength: 1, maxLength: 30 }), fc.boolean(), (values, full) => {
      const [lines, plain] = bothForms(values) as [KeyColumn, KeyColumn];
      expect([...lines.hashes(full)]).toEqual([...plain.hashes(full)]);
      values.forEach((v, i) => {
        expect(lines.is(i, v)).toBe(true);
        expect(lines.is(i, `${v}x`)).toBe(false);
        values.forEach((w, j) => expect(lines.same(i, j)).toBe(v === w));
      });
    }), { numRuns: 200 });
  });
});
