import { inspect } from 'graphql/jsutils/inspect.js';
import { describe, expect, it } from 'vitest';
import { describeValue } from '../../../src/graphql/describe-value.js';

class Point { constructor(readonly x: number) {} }
const circular: Record<string, unknown> = { a: 1 };
circular['self'] = circular;

describe('describeValue', () => {
  it('shows values as graphql-js error messages do', () => {
    const values: unknown[] = [
      'text', 42, true, null, undefined, Symbol('s'), () => 1, function named() {}, [], {}, [1, 'two', [3, [4, [5]]]],
      Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i), { a: { b: { c: { d: 1 } } } }, new Point(1),
      { toJSON: () => 'as json' }, { toJSON: () => ({ x: 1 }) }, circular, new Date(0), Object.create(null),
    ];
    for (const value of values) expect(describeValue(value), String(typeof value)).toBe(inspect(value));
  });
});
