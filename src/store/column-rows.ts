import { valueKeys, type KeyColumn } from './column-index.js';
import { LineColumn, type Cells } from './line-column.js';
import type { RowSource } from './row-source.js';

type Row = Record<string, unknown>;

/**
 * A column-wise table's rows (./column-decode.ts), made into objects one by one when first read
 * rather than all at once: a table filled from them (Table.fill) indexes the columns, so a
 * data file's 100,000 keys start without 100,000 objects being made, and then copied twice by
 * the young generation's collections, before the first request.
 */
export class ColumnRows implements RowSource<Row> {
  private readonly made: (Row | undefined)[];

  /**
   * `make` builds row `i` with every field; `absent` lists, by field, the rows that lack it
   * (the field is left out of those rows' objects).
   */
  constructor(
    readonly length: number,
    private readonly fields: readonly string[],
    private readonly make: (i: number) => Row,
    private readonly values: readonly Cells[],
    private readonly dictionaries: readonly (readonly unknown[] | undefined)[],
    private readonly absent: ReadonlyMap<string, Uint8Array>,
  ) {
    this.made = new Array<Row | undefined>(length);
  }

  row(i: number): Row {
    return (this.made[i] ??= this.shaped(i));
  }

  column(field: string): (i: number) => unknown {
    const j = this.fields.indexOf(field);
    if (j < 0) throw new Error(`no column ${field}`);
    const values = this.values[j]!;
    const dictionary = this.dictionaries[j];
    const marks = this.absent.get(field);
    const value = values instanceof LineColumn ? (i: number): unknown => values.at(i)
      : dictionary ? (i: number): unknown => dictionary[values[i] as number]
      : (i: number): unknown => values[i];
    return marks ? (i) => (marks[i] ? undefined : value(i)) : value;
  }

  keys(field: string): KeyColumn {
    const values = this.values[this.fields.indexOf(field)];
    // A column of lines every row has is read in place; any other through its values.
    return values instanceof LineColumn && !this.absent.has(field) ? values : valueKeys(this.length, this.column(field));
  }

  toArray(): Row[] {
    const out = new Array<Row>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.row(i);
    return out;
  }

  private shaped(i: number): Row {
    let row = this.make(i);
    for (const [field, marks] of this.absent) {
      if (!marks[i]) continue;
      const { [field]: _, ...rest } = row;
      row = rest;
    }
    return row;
  }
}
