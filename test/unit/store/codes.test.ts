import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeWidth, decodeCodes, encodeCodes } from '../../../src/store/codes.js';

describe('dictionary codes', () => {
  it('takes as many base-64 digits as the largest index needs', () => {
    expect([1, 2, 64, 65, 4096, 4097, 262_144, 262_145].map(codeWidth)).toEqual([1, 1, 1, 2, 2, 3, 3, 4]);
    expect(encodeCodes([0, 1, 63], 64)).toBe('AB_');
    expect(encodeCodes([0, 64, 4095], 4096)).toBe('AABA__');
  });

  it('decodes what it encodes, for dictionaries of every width', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300_000 }), fc.array(fc.nat(), { maxLength: 50 }), (size, raw) => {
      const indexes = raw.map((n) => n % size);
      const decoded = decodeCodes(encodeCodes(indexes, size), indexes.length, size);
      expect('indexes' in decoded && [...decoded.indexes]).toEqual(indexes);
    }), { numRuns: 300 });
  });

  it('names the first row whose code is no digit, or past the dictionary', () => {
    expect(decodeCodes('AB*A', 4, 10)).toEqual({ badRow: 2 });
    expect(decodeCodes('ABK', 3, 10)).toEqual({ badRow: 2 });
    expect(decodeCodes('AAA\u00e9', 2, 100)).toEqual({ badRow: 1 });
    expect(decodeCodes('', 0, 1)).toEqual({ indexes: new Uint8Array(0) });
  });
});

describe('dictionary codes, refused at every width', () => {
  it('names the row of a bad digit in either place of two, or of three', () => {
    expect(decodeCodes('AAA*AA', 3, 100)).toEqual({ badRow: 1 });
    expect(decodeCodes('AA*AAA', 3, 100)).toEqual({ badRow: 1 });
    expect(decodeCodes('AABo', 2, 100)).toEqual({ badRow: 1 });
    expect(decodeCodes('AAAAA*', 2, 5000)).toEqual({ badRow: 1 });
    expect(decodeCodes('AAABAB', 2, 4097)).toEqual({ badRow: 1 });
  });
});
