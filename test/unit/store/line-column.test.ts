import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineColumn } from '../../../src/store/line-column.js';

describe('LineColumn', () => {
  it('holds the values splitting the text would give, one by one', () => {
    fc.assert(fc.property(fc.array(fc.string().map((s) => s.replaceAll('\n', ''))), fc.boolean(), (values, empty) => {
      const text = (empty ? [] : values).join('\n');
      const expected = text.split('\n');
      // Told the right count, a wrong one, or none: the lines are the same.
      for (const lines of [expected.length, 0, 1, expected.length + 3, Math.floor(expected.length / 2)]) {
        const column = new LineColumn(text, '\n', lines);
        expect(column.length).toBe(expected.length);
        expect(Array.from({ length: column.length }, (_, i) => column.at(i))).toEqual(expected);
      }
    }), { numRuns: 200 });
  });

  it('counts an empty text as one empty line, and a trailing break as one more', () => {
    expect(new LineColumn('', '\n').length).toBe(1);
    expect(new LineColumn('', '\n').at(0)).toBe('');
    const trailing = new LineColumn('a\nbc\n', '\n');
    expect(trailing.length).toBe(3);
    expect([trailing.at(0), trailing.at(1), trailing.at(2)]).toEqual(['a', 'bc', '']);
  });
});
