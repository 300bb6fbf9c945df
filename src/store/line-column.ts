/**
 * A column of lines (./columns.ts) as it was read: one string, with where each line starts. A
 * line is cut from the string when first asked for, not all at load: a data file's 100,000 key
 * names are not needed until a key is listed.
 */
export class LineColumn {
  readonly length: number;
  /** Where each line starts, then where a line after the last would. */
  private readonly starts: Int32Array;

  constructor(private readonly text: string, separator: string) {
    let count = 1;
    for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + 1)) count++;
    const starts = new Int32Array(count + 1);
    let line = 1;
    for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + 1)) starts[line++] = at + 1;
    starts[count] = text.length + 1;
    this.length = count;
    this.starts = starts;
  }

  at(i: number): string {
    return this.text.slice(this.starts[i], this.starts[i + 1]! - 1);
  }
}

/** A column's values by row: an array, or lines cut from their string when asked for. */
export type Cells = readonly unknown[] | LineColumn;
