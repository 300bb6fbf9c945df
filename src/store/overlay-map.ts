import type { ColumnIndex } from './column-index.js';

/** Marks a value of the index that was deleted. */
const GONE: unique symbol = Symbol('gone');

/**
 * A map whose first entries are a column index's (./column-index.ts), read-only, and whose
 * changes since are kept beside it: it answers as a `Map` filled with the index's entries in
 * row order and then changed the same way would (a replaced entry keeps its place, a deleted
 * one re-added goes last). A copy shares the index and copies only the changes, so a copy of a
 * data file's 100,000 keys (a sandbox, a snapshot) costs the changes, not the rows.
 */
export class OverlayMap<V> {
  private constructor(
    private readonly base: ColumnIndex,
    /** The entry's value for the index's row `i`. */
    private readonly valueAt: (i: number) => V,
    /** The index's values replaced in place, or deleted. */
    private readonly changed: Map<string, V | typeof GONE>,
    /** Values the index does not hold, and its values deleted and then set again, in the order set. */
    private readonly added: Map<string, V>,
    private gone: number,
  ) {}

  static over<V>(base: ColumnIndex, valueAt: (i: number) => V): OverlayMap<V> {
    return new OverlayMap(base, valueAt, new Map(), new Map(), 0);
  }

  get size(): number {
    return this.base.size - this.gone + this.added.size;
  }

  get(key: string): V | undefined {
    if (this.added.size > 0) {
      const value = this.added.get(key);
      if (value !== undefined) return value;
    }
    if (this.changed.size > 0) {
      const value = this.changed.get(key);
      if (value === GONE) return undefined;
      if (value !== undefined) return value;
    }
    const i = this.base.get(key);
    return i < 0 ? undefined : this.valueAt(i);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): this {
    if (this.added.has(key) || this.changed.get(key) === GONE || this.base.get(key) < 0) this.added.set(key, value);
    else this.changed.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    if (this.added.delete(key)) return true;
    if (this.changed.get(key) === GONE || this.base.get(key) < 0) return false;
    this.changed.set(key, GONE);
    this.gone++;
    return true;
  }

  *values(): IterableIterator<V> {
    const { base, changed } = this;
    for (let i = 0; i < base.keys.length; i++) {
      if (!base.holds(i)) continue;
      if (changed.size === 0) {
        yield this.valueAt(i);
        continue;
      }
      const value = changed.get(base.keys.at(i)!);
      if (value === GONE) continue;
      yield value === undefined ? this.valueAt(i) : value;
    }
    yield* this.added.values();
  }

  /** A map with the same entries, changed apart from this one from now on. */
  copy(): OverlayMap<V> {
    return new OverlayMap(this.base, this.valueAt, new Map(this.changed), new Map(this.added), this.gone);
  }
}

/** The maps a table keeps by key: a `Map`, or (filled from a data file's columns) an OverlayMap. */
export type Keyed<V> = Map<string, V> | OverlayMap<V>;

export const copyKeyed = <V>(map: Keyed<V>): Keyed<V> => (map instanceof Map ? new Map(map) : map.copy());
