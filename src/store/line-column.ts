import { hashKey, type KeyColumn } from './column-index.js';

/**
 * A column of lines (./columns.ts) as it was read: one string, with where each line starts. A
 * line is cut from the string when first asked for, not all at load: a data file's 100,000 key
 * names are not needed until a key is listed.
 */
export class LineColumn implements KeyColumn {
  readonly length: number;
  /** Where each line starts, then where a line after the last would. */
  private readonly starts: Int32Array;

  /**
   * `lines`: how many lines the text is expected to hold (a table's row count), so the text is
   * scanned once into an array of the right size; any other count is still counted right.
   */
  constructor(private readonly text: string, separator: string, lines = 0) {
    let starts = new Int32Array(Math.max(lines, 1) + 1);
    let count = 1;
    for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + 1)) {
      if (count + 1 >= starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = at + 1;
    }
    starts[count] = text.length + 1;
    this.length = count;
    this.starts = starts;
  }

  at(i: number): string {
    return this.text.slice(this.starts[i], this.starts[i + 1]! - 1);
  }

  // An index (./column-index.ts) hashes and compares each line where it lies in the text, so
  // indexing a column cuts no line from it.

  hashes(full: boolean): Int32Array {
    const { text, starts, length } = this;
    const out = new Int32Array(length);
    for (let i = 0; i < length; i++) out[i] = hashKey(text, starts[i]!, starts[i + 1]! - 1, full);
    return out;
  }

  is(i: number, value: string): boolean {
    const start = this.starts[i]!;
    return this.starts[i + 1]! - 1 - start === value.length && this.text.startsWith(value, start);
  }

  same(i: number, j: number): boolean {
    const { text, starts } = this;
    const a = starts[i]!;
    const b = starts[j]!;
    const length = starts[i + 1]! - 1 - a;
    if (starts[j + 1]! - 1 - b !== length) return false;
    for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
    return true;
  }
}

/** A column's values by row: an array, or lines cut from their string when asked for. */
export type Cells = readonly unknown[] | Uint8Array | Uint16Array | Uint32Array | LineColumn;
