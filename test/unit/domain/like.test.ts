import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLike } from '../../../src/domain/like.js';
import { LIMITS } from '../../../src/domain/limits.js';

/** LIKE by the book, as a regular expression: the reference the compiled matcher must agree with. */
const reference = (pattern: string, text: string, ignoreCase: boolean): boolean => {
  let source = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\' && i + 1 < chars.length) source += chars[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, `su${ignoreCase ? 'i' : ''}`).test(text);
};

describe('compileLike', () => {
  it('agrees with a regular-expression LIKE on random patterns and texts (astral characters included)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '%', '_', '\\', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }), fc.array(fc.constantFrom('a', 'b', 'A', '%', '_', '\\', '😀'), { maxLength: 14 }), fc.boolean(), (p, t, ignoreCase) => {
        const pattern = p.join('');
        const text = t.join('');
        expect(compileLike(pattern, ignoreCase)(text)).toBe(reference(pattern, text, ignoreCase));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('refuses a pattern longer than the limit, counting characters, not UTF-16 units', () => {
    expect(() => compileLike('😀'.repeat(LIMITS.likePatternLength), false)).not.toThrow();
    expect(() => compileLike('a'.repeat(LIMITS.likePatternLength + 1), false)).toThrow(/at most 256 characters, the limit/);
  });
});
