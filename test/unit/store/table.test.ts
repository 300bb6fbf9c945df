import { beforeEach, describe, expect, it } from 'vitest';
import { multi, unique } from '../../../src/store/index-spec.js';
import { Table } from '../../../src/store/table.js';

interface Row {
  id: string;
  slug: string | null;
  group: string;
  /** Not indexed: tells two versions of a row apart. */
  note?: string;
}

const make = () => new Table<Row, 'slug' | 'group'>({
  slug: unique((r) => r.slug),
  group: multi((r) => r.group),
});

describe('Table', () => {
  let table: ReturnType<typeof make>;
  beforeEach(() => {
    table = make();
    table.put({ id: '1', slug: 'one', group: 'g1' });
    table.put({ id: '2', slug: 'two', group: 'g1' });
    table.put({ id: '3', slug: null, group: 'g2' });
  });

  it('finds rows by id and by a unique index', () => {
    expect(table.size).toBe(3);
    expect(table.get('2')?.slug).toBe('two');
    expect(table.has('3')).toBe(true);
    expect(table.has('4')).toBe(false);
    expect(table.by('slug', 'one')?.id).toBe('1');
    expect(table.by('slug', 'none')).toBeUndefined();
  });

  it('finds and counts rows by a multi index, in insertion order', () => {
    expect(table.allBy('group', 'g1').map((r) => r.id)).toEqual(['1', '2']);
    expect(table.countBy('group', 'g1')).toBe(2);
    expect(table.allBy('group', 'nope')).toEqual([]);
    expect(table.countBy('group', 'nope')).toBe(0);
  });

  it('does not index null keys', () => {
    expect(table.by('slug', 'null')).toBeUndefined();
    expect(table.get('3')?.slug).toBeNull();
  });

  it('put() of an existing id replaces its index entries', () => {
    table.put({ id: '1', slug: 'uno', group: 'g2' });
    expect(table.size).toBe(3);
    expect(table.by('slug', 'one')).toBeUndefined();
    expect(table.by('slug', 'uno')?.id).toBe('1');
    expect(table.allBy('group', 'g1').map((r) => r.id)).toEqual(['2']);
    expect(table.allBy('group', 'g2').map((r) => r.id)).toEqual(['3', '1']);
    expect(table.countBy('group', 'g1')).toBe(1);
  });

  it('put() replacing a key with null drops the old index entry', () => {
    table.put({ id: '2', slug: null, group: 'g1' });
    expect(table.by('slug', 'two')).toBeUndefined();
  });

  it('delete() removes the row from every index and returns it', () => {
    expect(table.delete('1')?.slug).toBe('one');
    expect(table.get('1')).toBeUndefined();
    expect(table.by('slug', 'one')).toBeUndefined();
    expect(table.allBy('group', 'g1').map((r) => r.id)).toEqual(['2']);
    expect(table.delete('1')).toBeUndefined();
    table.delete('2');
    expect(table.countBy('group', 'g1')).toBe(0);
    expect(table.size).toBe(1);
  });

  it('a deleted key can be taken by another row', () => {
    table.delete('1');
    table.put({ id: '4', slug: 'one', group: 'g1' });
    expect(table.by('slug', 'one')?.id).toBe('4');
  });

  it('conflicts() names the unique index another row holds', () => {
    expect(table.conflicts({ id: '9', slug: 'one', group: 'g9' })).toBe('slug');
    expect(table.conflicts({ id: '1', slug: 'one', group: 'g9' })).toBeUndefined();
    expect(table.conflicts({ id: '9', slug: 'nine', group: 'g1' })).toBeUndefined();
    expect(table.conflicts({ id: '9', slug: null, group: 'g1' })).toBeUndefined();
  });

  it('deleting a stale row does not drop the index entry of the row that took its key', () => {
    // Row 1 gives up "one", row 4 takes it; updating 1 again must not unindex 4's key.
    table.put({ id: '1', slug: 'uno', group: 'g1' });
    table.put({ id: '4', slug: 'one', group: 'g1' });
    table.put({ id: '1', slug: 'eins', group: 'g1' });
    expect(table.by('slug', 'one')?.id).toBe('4');
    table.delete('1');
    expect(table.by('slug', 'one')?.id).toBe('4');
  });

  it('all() lists every row', () => {
    expect([...table.all()].map((r) => r.id)).toEqual(['1', '2', '3']);
  });

  it('clear() empties rows and indexes', () => {
    table.clear();
    expect(table.size).toBe(0);
    expect(table.by('slug', 'one')).toBeUndefined();
    expect(table.allBy('group', 'g1')).toEqual([]);
  });

  it('works without indexes', () => {
    const plain = new Table<{ id: string }>();
    plain.put({ id: 'a' });
    expect(plain.get('a')).toEqual({ id: 'a' });
  });
});

describe('Table.copyFrom (copy on write)', () => {
  const filled = () => {
    const t = make();
    t.put({ id: '1', slug: 'one', group: 'g1' });
    t.put({ id: '2', slug: 'two', group: 'g1' });
    return t;
  };
  const view = (t: ReturnType<typeof make>) => ({
    ids: [...t.all()].map((r) => r.id),
    one: t.by('slug', 'one')?.id ?? null,
    three: t.by('slug', 'three')?.id ?? null,
    g1: t.allBy('group', 'g1').map((r) => r.id),
    g2: t.allBy('group', 'g2').map((r) => r.id),
  });

  it('a copy sees the same rows and indexes, and changing it leaves the source as it was', () => {
    const source = filled();
    const copy = make();
    copy.copyFrom(source);
    expect(view(copy)).toEqual(view(source));
    copy.put({ id: '3', slug: 'three', group: 'g1' });
    copy.put({ id: '1', slug: 'one', group: 'g2' });
    copy.delete('2');
    expect(view(copy)).toEqual({ ids: ['1', '3'], one: '1', three: '3', g1: ['3'], g2: ['1'] });
    expect(view(source)).toEqual({ ids: ['1', '2'], one: '1', three: null, g1: ['1', '2'], g2: [] });
  });

  it('changing the source afterwards leaves the copy as it was', () => {
    const source = filled();
    const copy = make();
    copy.copyFrom(source);
    source.put({ id: '3', slug: 'three', group: 'g1' });
    source.delete('1');
    expect(view(copy)).toEqual({ ids: ['1', '2'], one: '1', three: null, g1: ['1', '2'], g2: [] });
    expect(view(source)).toEqual({ ids: ['2', '3'], one: null, three: '3', g1: ['2', '3'], g2: [] });
  });

  it('two copies of one source change independently, and clear() of one empties only it', () => {
    const source = filled();
    const a = make();
    const b = make();
    a.copyFrom(source);
    b.copyFrom(source);
    a.put({ id: '3', slug: 'three', group: 'g1' });
    b.delete('1');
    b.clear();
    expect(view(a).g1).toEqual(['1', '2', '3']);
    expect(view(b)).toEqual({ ids: [], one: null, three: null, g1: [], g2: [] });
    expect(view(source).g1).toEqual(['1', '2']);
  });

  it('the indexes answer with the newest version of a row, in its place', () => {
    const t = filled();
    t.put({ id: '1', slug: 'one', group: 'g1', note: 'v2' });
    expect(t.by('slug', 'one')?.note).toBe('v2');
    expect(t.allBy('group', 'g1').map((r) => [r.id, r.note])).toEqual([['1', 'v2'], ['2', undefined]]);
  });

  it('a new version put in a copy leaves the source answering with the old one', () => {
    for (const change of ['copy', 'source'] as const) {
      const s = filled();
      s.put({ id: '2', slug: 'two', group: 'g1', note: 'v1' });
      const copy = make();
      copy.copyFrom(s);
      const [changed, kept] = change === 'copy' ? [copy, s] : [s, copy];
      changed.put({ id: '2', slug: 'two', group: 'g1', note: 'v2' });
      expect(changed.by('slug', 'two')?.note).toBe('v2');
      expect(changed.allBy('group', 'g1').map((r) => r.note)).toEqual([undefined, 'v2']);
      expect(kept.by('slug', 'two')?.note).toBe('v1');
      expect(kept.allBy('group', 'g1').map((r) => r.note)).toEqual([undefined, 'v1']);
    }
  });

  it('a put that keeps the indexed values only replaces the row', () => {
    const t = filled();
    t.put({ id: '1', slug: 'one', group: 'g1' });
    expect(view(t)).toEqual({ ids: ['1', '2'], one: '1', three: null, g1: ['1', '2'], g2: [] });
    t.put({ id: '1', slug: 'uno', group: 'g1' });
    expect(t.by('slug', 'one')).toBeUndefined();
    expect(t.by('slug', 'uno')?.id).toBe('1');
  });
});
