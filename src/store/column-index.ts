/**
 * A read-only index from the string values of one column to their row numbers, built without a
 * `Map`: an open-addressing hash table in a typed array, beside one of the values' hashes. A
 * data file's 100,000 key hashes and ids were two `Map`s of 100,000 entries each, built at every
 * start at about 350 ns an entry (V8 hashes and interns each string, grows the table step by
 * step, and the young generation copies what it allocates); here an entry costs a hash of the
 * value where it lies in the file's text (./line-column.ts) and a store into an array sized
 * once, so a start from the file builds both in a fraction of that, and no value is cut into a
 * string of its own until it is read.
 */

/** One column's values as an index reads them, by row. */
export interface KeyColumn {
  readonly length: number;
  /** Row i's value; null when the row has none (it is left out of the index). */
  at(i: number): string | null;
  /**
   * By row: `hashKey` of its value (of every character, or a sample), or -1 for a row without
   * one. All at once, in one loop over the column, which the index then reads in order.
   */
  hashes(full: boolean): Int32Array;
  /** Whether row i's value is `value`. */
  is(i: number, value: string): boolean;
  /** Whether rows i and j (both with a value) have the same value. */
  same(i: number, j: number): boolean;
}

/** Characters a sampled hash reads from the start of a value, and from its end. */
const HEAD = 2;
const TAIL = 8;

/**
 * FNV-1a over the length of the value in `text` from `start` to `end` and its UTF-16 code units,
 * as a non-negative 31-bit number (so -1 can mean no value). Sampled, it reads only the first
 * HEAD and the last TAIL characters: ids and key hashes differ there (random, or counted at the
 * end), and a character costs about 5 ns here, so hashing 100,000 values costs a fraction. The
 * index's and a column's hashes of one value must agree, which is why both compute it here.
 */
export const hashKey = (text: string, start: number, end: number, full: boolean): number => {
  let h = Math.imul(0x811c9dc5 ^ (end - start), 0x01000193);
  let from = start;
  if (!full && end - start > HEAD + TAIL) {
    for (; from < start + HEAD; from++) h = Math.imul(h ^ text.charCodeAt(from), 0x01000193);
    from = end - TAIL;
  }
  for (let j = from; j < end; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
  return h >>> 1;
};

/**
 * A probe run longer than this while building means the sample does not tell the values apart
 * (they differ only in the middle): the index is built again hashing every character. At most
 * half full, a run is a few slots long.
 */
const LONGEST_RUN = 64;

/** A column of values held as they are (strings, or anything else for no value). */
export const valueKeys = (length: number, value: (i: number) => unknown): KeyColumn => {
  const at = (i: number): string | null => {
    const v = value(i);
    return typeof v === 'string' ? v : null;
  };
  return {
    length,
    at,
    hashes: (full) => {
      const out = new Int32Array(length);
      for (let i = 0; i < length; i++) {
        const v = at(i);
        out[i] = v === null ? -1 : hashKey(v, 0, v.length, full);
      }
      return out;
    },
    is: (i, v) => value(i) === v,
    same: (i, j) => value(i) === value(j),
  };
};

export class ColumnIndex {
  /** How many distinct values the index holds. */
  readonly size: number;
  /** Rows whose value another, later row also has (the later one is the one indexed, as a `Map` keeps the last set). */
  readonly duplicates: number;
  /** Rows without a value. */
  readonly missing: number;
  /** Whether values are hashed by every character (see LONGEST_RUN), not a sample. */
  readonly full: boolean;
  /**
   * By slot: 1 + the number of the row there, or 0 for an empty slot. One number a slot: at
   * 100,000 rows the table is larger than the cache, and a miss costs more than hashing a value.
   */
  private readonly slots: Int32Array;
  /** By row: the hash of its value, compared before the value itself. */
  private readonly hashes: Int32Array;
  /** The number of slots, less one. */
  private readonly mask: number;

  constructor(readonly keys: KeyColumn) {
    // At most half full: a probe for an absent value ends at an empty slot after about two.
    let capacity = 16;
    while (capacity < keys.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity);
    this.full = false;
    this.hashes = keys.hashes(false);
    let built = this.build();
    if (!built) {
      this.full = true;
      this.slots.fill(0);
      this.hashes = keys.hashes(true);
      built = this.build()!;
    }
    this.duplicates = built.duplicates;
    this.missing = built.missing;
    this.size = keys.length - built.duplicates - built.missing;
  }

  /** Puts every row in; null when a probe run grew longer than LONGEST_RUN (and the hash was sampled). */
  private build(): { duplicates: number; missing: number } | null {
    const { keys, slots, mask, full, hashes } = this;
    let duplicates = 0;
    let missing = 0;
    for (let i = 0; i < keys.length; i++) {
      const h = hashes[i]!;
      if (h < 0) {
        missing++;
        continue;
      }
      for (let s = h & mask, run = 0; ; s = (s + 1) & mask, run++) {
        const held = slots[s]!;
        if (held === 0) {
          slots[s] = i + 1;
          break;
        }
        if (hashes[held - 1] === h && keys.same(held - 1, i)) {
          slots[s] = i + 1;
          duplicates++;
          break;
        }
        if (run > LONGEST_RUN && !full) return null;
      }
    }
    return { duplicates, missing };
  }

  /** The row whose value is `value`, or -1. */
  get(value: string): number {
    const h = hashKey(value, 0, value.length, this.full);
    const { slots, mask, keys, hashes } = this;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const held = slots[s]!;
      if (held === 0) return -1;
      if (hashes[held - 1] === h && keys.is(held - 1, value)) return held - 1;
    }
  }

  /** Whether row i is the one the index holds for its value (it has one, and no later row shares it). */
  holds(i: number): boolean {
    if (this.duplicates === 0 && this.missing === 0) return true;
    const value = this.keys.at(i);
    return value !== null && this.get(value) === i;
  }
}
