/**
 * A dictionary-encoded column's indexes written as one string (./columns.ts): each row's index
 * into the dictionary in base 64, every index the same number of digits (as many as the
 * dictionary's largest index needs). A data file's 100,000 keys have three such columns (user,
 * tenant, creator); as arrays of numbers they were a third of the time `JSON.parse` spent on the
 * file; as strings they parse as fast as any string, and decoded they take 1 to 4 bytes a row.
 */

/** The digits, in order: URL-safe base 64, none of which JSON escapes. */
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** By character code (every UTF-16 one, so a lookup needs no range check): the digit's value, or -1. */
const VALUES = (() => {
  const values = new Int8Array(65_536).fill(-1);
  for (let d = 0; d < DIGITS.length; d++) values[DIGITS.charCodeAt(d)] = d;
  return values;
})();

/** How many digits each index takes for a dictionary of `size` values. */
export const codeWidth = (size: number): number => {
  let width = 1;
  for (let most = 64; most < size; most *= 64) width++;
  return width;
};

export const encodeCodes = (indexes: readonly number[], size: number): string => {
  const width = codeWidth(size);
  const parts = new Array<string>(indexes.length);
  for (let i = 0; i < indexes.length; i++) {
    let code = '';
    for (let d = 0, n = indexes[i]!; d < width; d++, n = Math.floor(n / 64)) code = DIGITS[n % 64]! + code;
    parts[i] = code;
  }
  return parts.join('');
};

/** Indexes decoded, by row; or the first row whose code is not an index into the dictionary. */
export type Decoded = { indexes: Uint8Array | Uint16Array | Uint32Array } | { badRow: number };

/**
 * Decodes the indexes of `rows` rows (the caller has checked the length: rows × codeWidth(size)).
 * One and two digits, the widths of dictionaries up to 4,096 values, have loops of their own:
 * at 100,000 rows a column, this runs before the code is optimised, where an inner loop costs.
 */
export const decodeCodes = (codes: string, rows: number, size: number): Decoded => {
  const width = codeWidth(size);
  const indexes = size <= 256 ? new Uint8Array(rows) : size <= 65_536 ? new Uint16Array(rows) : new Uint32Array(rows);
  if (width === 1) {
    for (let i = 0; i < rows; i++) {
      const index = VALUES[codes.charCodeAt(i)]!;
      if (index < 0 || index >= size) return { badRow: i };
      indexes[i] = index;
    }
  } else if (width === 2) {
    for (let i = 0; i < rows; i++) {
      const high = VALUES[codes.charCodeAt(2 * i)]!;
      const low = VALUES[codes.charCodeAt(2 * i + 1)]!;
      const index = high * 64 + low;
      if (high < 0 || low < 0 || index >= size) return { badRow: i };
      indexes[i] = index;
    }
  } else {
    for (let i = 0, at = 0; i < rows; i++) {
      let index = 0;
      for (let d = 0; d < width; d++, at++) {
        const digit = VALUES[codes.charCodeAt(at)]!;
        if (digit < 0) return { badRow: i };
        index = index * 64 + digit;
      }
      if (index >= size) return { badRow: i };
      indexes[i] = index;
    }
  }
  return { indexes };
};
