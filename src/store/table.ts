/**
 * One table of records held in memory, with the secondary indexes its queries need, so every
 * lookup on a request path is O(1) whatever the size of the store. The indexes hold the rows
 * themselves (or, filled from columns, their numbers there), not their ids: a lookup by key
 * hash, or a user's keys, reads no entry of the table's (100,000-entry) map of rows by id,
 * which costs a cache miss each at that size.
 */
import { ColumnIndex } from './column-index.js';
import type { IndexSpec } from './index-spec.js';
import { copyKeyed, OverlayMap, type Keyed } from './overlay-map.js';
import { isRowSource, rowArray, type RowSource, type RowsIn } from './row-source.js';

const EMPTY: ReadonlyMap<string, never> = new Map<string, never>();

/** What the maps hold: a row, or (after a fill from columns) the number of a row of the source. */
type Slot<T> = T | number;

export class Table<T extends { id: string }, I extends string = never> {
  private rows: Keyed<Slot<T>> = new Map<string, Slot<T>>();
  private uniqueIndexes = new Map<I, Keyed<Slot<T>>>();
  /** Per index value, the rows by id, in insertion order (a replaced row keeps its place). */
  private multiIndexes = new Map<I, Map<string, Map<string, T>>>();
  /** Whether the maps above are another table's too (copyFrom): they are copied before the first change. */
  private shared = false;
  /**
   * After `fill`: the multi indexes are empty, to be built from the rows when first needed (a
   * read of one, a change, a copy). A data file's 100,000 keys are ready to authenticate without
   * first grouping them by user.
   */
  private unbuilt = false;
  /** Whether some groups of the multi indexes may be another table's too (since copyFrom). */
  private foreign = false;
  /**
   * While `foreign`: the groups this table made itself. The others may still be another
   * table's: they are copied before their first change.
   */
  private owned = new WeakSet<Map<string, T>>();
  /**
   * After a fill from columns: the rows the maps hold by number. A data file's 100,000 keys are
   * ready to authenticate without first being made into 100,000 objects (and copied by the
   * young generation's collections on the way to the old one); a row is made when first read.
   * The maps by id and by unique value are then column indexes with the changes beside them
   * (./overlay-map.ts), not 100,000-entry `Map`s.
   */
  private source: RowSource<T> | null = null;

  constructor(private readonly specs: Record<I, IndexSpec<T>> = {} as Record<I, IndexSpec<T>>) {
    for (const [name, spec] of Object.entries(specs) as [I, IndexSpec<T>][]) {
      if (spec.unique) this.uniqueIndexes.set(name, new Map());
      else this.multiIndexes.set(name, new Map());
    }
  }

  get size(): number {
    return this.rows.size;
  }

  get(id: string): T | undefined {
    return this.at(this.rows.get(id));
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  all(): IterableIterator<T> {
    return this.source ? this.made(this.rows.values()) : (this.rows.values() as IterableIterator<T>);
  }

  /** The row whose unique index `index` has value `value`. */
  by(index: I, value: string): T | undefined {
    return this.at(this.uniqueIndexes.get(index)?.get(value));
  }

  private at(slot: Slot<T> | undefined): T | undefined {
    return typeof slot === 'number' ? this.source!.row(slot) : slot;
  }

  private *made(slots: Iterable<Slot<T>>): IterableIterator<T> {
    for (const slot of slots) yield this.at(slot)!;
  }

  /** The rows whose index `index` has value `value`, in insertion order. */
  allBy(index: I, value: string): T[] {
    this.build();
    return [...(this.multiIndexes.get(index)?.get(value) ?? EMPTY).values()];
  }

  countBy(index: I, value: string): number {
    this.build();
    return this.multiIndexes.get(index)?.get(value)?.size ?? 0;
  }

  /** How many distinct values the unique index on `field` (see uniqueField) holds; undefined without one. */
  uniqueCount(field: string): number | undefined {
    for (const [name, map] of this.uniqueIndexes) if (this.specs[name].field === field) return map.size;
    return undefined;
  }

  /** Whether putting `row` would take a unique index value another row already has. */
  conflicts(row: T): I | undefined {
    for (const [name, map] of this.uniqueIndexes) {
      const value = this.specs[name].key(row);
      if (value === null) continue;
      const holder = this.at(map.get(value));
      if (holder !== undefined && holder.id !== row.id) return name;
    }
    return undefined;
  }

  put(row: T): void {
    this.build();
    this.own();
    const previous = this.at(this.rows.get(row.id));
    this.rows.set(row.id, row);
    if (previous) this.reindex(previous, row);
    else this.index(row);
  }

  /**
   * Replaces the contents with `rows`: the same as `clear()` and then `put` of each row, built
   * index by index rather than row by row (a data file's 100,000 rows load in a fraction of the
   * time), the multi indexes when first needed. Rows that share an id take the slow way, where
   * the later replaces the earlier. Columns (a RowSource) stay columns when every unique index
   * is one field's value (else they are made into rows first): the maps are column indexes
   * holding row numbers.
   */
  fill(rows: RowsIn<T>): void {
    this.clear();
    const byFields = [...this.uniqueIndexes.keys()].every((name) => this.specs[name].field !== undefined);
    if (isRowSource(rows) && byFields) this.fillColumns(rows);
    else this.fillRows(rowArray(rows));
  }

  private fillColumns(source: RowSource<T>): void {
    const ids = new ColumnIndex(source.keys('id'));
    if (ids.size !== source.length) return this.putEach(source.toArray());
    const slot = (i: number): Slot<T> => i;
    this.rows = OverlayMap.over(ids, slot);
    for (const name of this.uniqueIndexes.keys()) this.uniqueIndexes.set(name, OverlayMap.over(new ColumnIndex(source.keys(this.specs[name].field!)), slot));
    this.source = source;
    this.unbuilt = this.multiIndexes.size > 0;
  }

  private fillRows(list: readonly T[]): void {
    for (const row of list) this.rows.set(row.id, row);
    if (this.rows.size !== list.length) return this.putEach(list);
    for (const [name, index] of this.uniqueIndexes) {
      const { key } = this.specs[name];
      for (const row of list) {
        const v = key(row);
        if (v !== null) index.set(v, row);
      }
    }
    this.unbuilt = this.multiIndexes.size > 0;
  }

  /** Rows that share an id: put one by one, the later replacing the earlier. */
  private putEach(list: readonly T[]): void {
    this.clear();
    for (const row of list) this.put(row);
  }

  /** Builds the multi indexes a `fill` left for later, in row order (as putting each row would). */
  private build(): void {
    if (!this.unbuilt) return;
    this.unbuilt = false;
    for (const [name, index] of this.multiIndexes) {
      const { key } = this.specs[name];
      for (const row of this.all()) {
        const value = key(row);
        if (value === null) continue;
        const group = index.get(value);
        if (group) group.set(row.id, row);
        else index.set(value, new Map<string, T>().set(row.id, row));
      }
    }
  }

  /**
   * Becomes a copy of `source` (which must have the same indexes), at no cost: both share the
   * rows and the indexes until either changes, and the one that changes first copies the maps
   * then (copy on write; the multi indexes' groups are copied one by one, when changed). Rows
   * themselves are always shared: they are never changed in place, only replaced.
   */
  copyFrom(source: this): void {
    source.build();
    this.unbuilt = false;
    this.rows = source.rows;
    this.source = source.source;
    this.uniqueIndexes = source.uniqueIndexes;
    this.multiIndexes = source.multiIndexes;
    this.shared = source.shared = true;
    this.foreign = source.foreign = true;
    this.owned = new WeakSet();
    source.owned = new WeakSet();
  }

  /** Before a change: the maps become this table's own, if they are shared. */
  private own(): void {
    if (!this.shared) return;
    this.rows = copyKeyed(this.rows);
    this.uniqueIndexes = new Map([...this.uniqueIndexes].map(([name, map]) => [name, copyKeyed(map)]));
    this.multiIndexes = new Map([...this.multiIndexes].map(([name, map]) => [name, new Map(map)]));
    this.shared = false;
  }

  delete(id: string): T | undefined {
    const row = this.at(this.rows.get(id));
    if (!row) return undefined;
    this.build();
    this.own();
    this.unindex(row);
    this.rows.delete(id);
    return row;
  }

  clear(): void {
    this.rows = new Map();
    this.source = null;
    this.uniqueIndexes = new Map([...this.uniqueIndexes.keys()].map((name) => [name, new Map()]));
    this.multiIndexes = new Map([...this.multiIndexes.keys()].map((name) => [name, new Map()]));
    this.shared = false;
    this.foreign = false;
    this.unbuilt = false;
  }

  private index(row: T): void {
    for (const [name, map] of this.uniqueIndexes) {
      const value = this.specs[name].key(row);
      if (value !== null) map.set(value, row);
    }
    for (const [name, map] of this.multiIndexes) {
      const value = this.specs[name].key(row);
      if (value !== null) this.addRow(map, value, row);
    }
  }

  private unindex(row: T): void {
    for (const [name, map] of this.uniqueIndexes) {
      const value = this.specs[name].key(row);
      if (value !== null && this.at(map.get(value))?.id === row.id) map.delete(value);
    }
    for (const [name, map] of this.multiIndexes) {
      const value = this.specs[name].key(row);
      if (value !== null) this.removeRow(map, value, row.id);
    }
  }

  /**
   * A row replaced by a new version: an index whose value changed moves it; one whose value is
   * the same takes the new version in the old one's place.
   */
  private reindex(previous: T, row: T): void {
    for (const [name, map] of this.uniqueIndexes) {
      const { key } = this.specs[name];
      const before = key(previous);
      const after = key(row);
      if (before !== null && before !== after && this.at(map.get(before))?.id === row.id) map.delete(before);
      if (after !== null) map.set(after, row);
    }
    for (const [name, map] of this.multiIndexes) {
      const { key } = this.specs[name];
      const before = key(previous);
      const after = key(row);
      if (before !== null && before !== after) this.removeRow(map, before, row.id);
      if (after !== null) this.addRow(map, after, row);
    }
  }

  /** Adds `row` to its group, or replaces the version there (in its place). */
  private addRow(map: Map<string, Map<string, T>>, value: string, row: T): void {
    let group = map.get(value);
    if (!group) {
      map.set(value, (group = new Map()));
      if (this.foreign) this.owned.add(group);
    } else if (this.foreign && !this.owned.has(group)) {
      map.set(value, (group = new Map(group)));
      this.owned.add(group);
    }
    group.set(row.id, row);
  }

  private removeRow(map: Map<string, Map<string, T>>, value: string, id: string): void {
    const group = map.get(value);
    if (!group?.has(id)) return;
    if (group.size === 1) {
      map.delete(value);
      return;
    }
    if (!this.foreign || this.owned.has(group)) {
      group.delete(id);
      return;
    }
    const copy = new Map(group);
    copy.delete(id);
    map.set(value, copy);
    this.owned.add(copy);
  }
}
