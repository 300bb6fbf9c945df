import { describe, expect, it } from 'vitest';
import { countRows, intervalText } from '../../../../src/domain/flow-runs/aggregate.js';

describe('countRows (Hasura\'s aggregate count)', () => {
  const rows = [{ name: 'a', v: 1 }, { name: 'a', v: 2 }, { name: 'b', v: null }, { name: 'b', v: 1 }];
  it('counts every row, the rows with the columns set, or their distinct values', () => {
    expect(countRows(rows, {})).toBe(4);
    expect(countRows(rows, { columns: [] })).toBe(4);
    expect(countRows(rows, { columns: ['v'] })).toBe(3);
    expect(countRows(rows, { columns: ['v'], distinct: true })).toBe(2);
    expect(countRows(rows, { columns: ['name', 'v'], distinct: true })).toBe(3);
    expect(countRows([], { columns: ['v'], distinct: true })).toBe(0);
  });
});

describe('intervalText (Postgres\'s interval output)', () => {
  it('prints hours, minutes and seconds, and days before them', () => {
    expect(intervalText(0)).toBe('00:00:00');
    expect(intervalText(10)).toBe('00:00:10');
    expect(intervalText(3725)).toBe('01:02:05');
    expect(intervalText(86_400)).toBe('1 day 00:00:00');
    expect(intervalText(2 * 86_400 + 61)).toBe('2 days 00:01:01');
  });
});
