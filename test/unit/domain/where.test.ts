import { describe, expect, it } from 'vitest';
import { applyListArgs, matchesWhere, type BoolExp, type ColumnType, type ListArgs } from '../../../src/domain/where.js';
import { badInput } from './records.js';

type Row = { id: string; name: string | null; expires_at: string | null };

const columns: Record<string, ColumnType> = { id: 'string', name: 'string', expires_at: 'time' };

// Times written the way the wire renders them (+00:00) and other equivalent spellings.
const rows: Row[] = [
  { id: 'a', name: 'Alpha key', expires_at: '2030-01-01T00:00:00.000+00:00' },
  { id: 'b', name: 'beta key', expires_at: null },
  { id: 'c', name: 'Gamma', expires_at: '2029-06-01T12:00:00.000+00:00' },
  { id: 'd', name: null, expires_at: '2031-01-01T00:00:00.000+00:00' },
  { id: 'e', name: 'alpha 2', expires_at: '2030-01-01T01:00:00.000+01:00' },
];

const ids = (where: BoolExp | null | undefined): string[] => rows.filter((r) => matchesWhere(r, where, columns)).map((r) => r.id);
const list = (args: ListArgs): string[] => applyListArgs(rows, args, columns).map((r) => r.id);

describe('where: comparison operators', () => {
  it('_eq and _neq (rows with null never match either)', () => {
    expect(ids({ id: { _eq: 'c' } })).toEqual(['c']);
    expect(ids({ name: { _eq: 'alpha key' } })).toEqual([]);
    expect(ids({ name: { _neq: 'Gamma' } })).toEqual(['a', 'b', 'e']);
  });

  it('_in and _nin', () => {
    expect(ids({ id: { _in: ['a', 'd', 'zz'] } })).toEqual(['a', 'd']);
    expect(ids({ id: { _in: [] } })).toEqual([]);
    expect(ids({ name: { _nin: ['Gamma', 'beta key'] } })).toEqual(['a', 'e']);
    expect(ids({ id: { _nin: [] } })).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('_is_null', () => {
    expect(ids({ expires_at: { _is_null: true } })).toEqual(['b']);
    expect(ids({ expires_at: { _is_null: false } })).toEqual(['a', 'c', 'd', 'e']);
    expect(ids({ name: { _is_null: true } })).toEqual(['d']);
  });

  it('_gt, _gte, _lt, _lte on strings', () => {
    expect(ids({ id: { _gt: 'c' } })).toEqual(['d', 'e']);
    expect(ids({ id: { _gte: 'c' } })).toEqual(['c', 'd', 'e']);
    expect(ids({ id: { _lt: 'c' } })).toEqual(['a', 'b']);
    expect(ids({ id: { _lte: 'c' } })).toEqual(['a', 'b', 'c']);
    expect(ids({ id: { _gt: 'a', _lt: 'd' } })).toEqual(['b', 'c']);
  });

  it('_like is case-sensitive with % and _ wildcards', () => {
    expect(ids({ name: { _like: '%key' } })).toEqual(['a', 'b']);
    expect(ids({ name: { _like: 'Alpha%' } })).toEqual(['a']);
    expect(ids({ name: { _like: 'G_mma' } })).toEqual(['c']);
    expect(ids({ name: { _like: 'Gamma_' } })).toEqual([]);
  });

  it('_ilike ignores case', () => {
    expect(ids({ name: { _ilike: 'alpha%' } })).toEqual(['a', 'e']);
    expect(ids({ name: { _ilike: '%KEY' } })).toEqual(['a', 'b']);
  });

  it('treats regular-expression characters in like patterns literally', () => {
    expect(ids({ name: { _like: 'Alpha.key' } })).toEqual([]);
    expect(ids({ name: { _like: '(.*)' } })).toEqual([]);
    expect(ids({ name: { _ilike: '%[a-z]%' } })).toEqual([]);
  });

  it('a null operand matches no row, as a comparison with NULL in SQL, for every operator', () => {
    for (const op of ['_eq', '_neq', '_in', '_nin', '_is_null', '_gt', '_gte', '_lt', '_lte', '_like', '_ilike']) {
      expect(ids({ name: { [op]: null } }), op).toEqual([]);
      expect(ids({ expires_at: { [op]: null } }), op).toEqual([]);
    }
  });

  it('a backslash in a like pattern makes the next character literal', () => {
    const names = [
      { id: '1', name: '100%', expires_at: null },
      { id: '2', name: '100 percent', expires_at: null },
      { id: '3', name: 'a_b', expires_at: null },
      { id: '4', name: 'axb', expires_at: null },
      { id: '5', name: 'back\\slash', expires_at: null },
    ];
    const match = (where: BoolExp) => names.filter((r) => matchesWhere(r, where, columns)).map((r) => r.id);
    expect(match({ name: { _like: '100\\%' } })).toEqual(['1']);
    expect(match({ name: { _like: '100%' } })).toEqual(['1', '2']);
    expect(match({ name: { _like: 'a\\_b' } })).toEqual(['3']);
    expect(match({ name: { _like: 'a_b' } })).toEqual(['3', '4']);
    expect(match({ name: { _like: 'back\\\\slash' } })).toEqual(['5']);
  });

  it('_ matches one character, an emoji included, and % matches any run, newlines included', () => {
    const row = (name: string) => ({ id: 'x', name, expires_at: null });
    expect(matchesWhere(row('key 🚀'), { name: { _like: 'key _' } }, columns)).toBe(true);
    expect(matchesWhere(row('first\nsecond'), { name: { _like: 'first%second' } }, columns)).toBe(true);
    expect(matchesWhere(row(''), { name: { _like: '%' } }, columns)).toBe(true);
    expect(matchesWhere(row(''), { name: { _like: '_' } }, columns)).toBe(false);
    expect(matchesWhere(row('abcabc'), { name: { _like: '%b_a%c' } }, columns)).toBe(true);
    expect(matchesWhere(row('abcab'), { name: { _like: '%b_a%c' } }, columns)).toBe(false);
  });

  it('answers a pattern of many wildcards against a long text that does not match', () => {
    const row = { id: 'x', name: 'x'.repeat(255), expires_at: null };
    expect(matchesWhere(row, { name: { _like: `${'%'.repeat(40)}!` } }, columns)).toBe(false);
    expect(matchesWhere(row, { name: { _ilike: `${'%x'.repeat(40)}!` } }, columns)).toBe(false);
    expect(matchesWhere(row, { name: { _ilike: `${'%X'.repeat(40)}%` } }, columns)).toBe(true);
  });

  it('refuses an unknown operator and an unknown column, naming it', () => {
    expect(badInput(() => ids({ id: { _regex: '.*' } as never })).message).toMatch(/_regex/);
    expect(badInput(() => ids({ id: { _eq: null, _regex: '.*' } as never })).message).toMatch(/_regex/);
    expect(badInput(() => ids({ secret: { _eq: 'x' } })).field).toBe('where.secret');
    expect(badInput(() => ids({ _and: [{ keyHash: { _eq: 'x' } }] })).field).toBe('where.keyHash');
  });
});

describe('where: time columns compare instants, whatever the spelling', () => {
  it('_eq matches Z, +00:00 and other offsets of the same instant', () => {
    expect(ids({ expires_at: { _eq: '2030-01-01T00:00:00Z' } })).toEqual(['a', 'e']);
    expect(ids({ expires_at: { _eq: '2030-01-01T00:00:00+00:00' } })).toEqual(['a', 'e']);
    expect(ids({ expires_at: { _eq: '2030-01-01T02:00:00+02:00' } })).toEqual(['a', 'e']);
    expect(ids({ expires_at: { _neq: '2030-01-01T00:00:00Z' } })).toEqual(['c', 'd']);
  });

  it('_in and _nin compare instants', () => {
    expect(ids({ expires_at: { _in: ['2029-06-01T12:00:00Z', '2031-01-01T00:00:00.000+00:00'] } })).toEqual(['c', 'd']);
    expect(ids({ expires_at: { _nin: ['2030-01-01T00:00:00Z'] } })).toEqual(['c', 'd']);
  });

  it('ranges compare instants, not text', () => {
    // As text "2030-01-01T01:00…+01:00" sorts after "2030-01-01T00:30Z"; as an instant it is before.
    expect(ids({ expires_at: { _gt: '2030-01-01T00:30:00Z' } })).toEqual(['d']);
    expect(ids({ expires_at: { _gte: '2030-01-01T00:00:00Z' } })).toEqual(['a', 'd', 'e']);
    expect(ids({ expires_at: { _lt: '2030-01-01T00:00:00Z' } })).toEqual(['c']);
    expect(ids({ expires_at: { _lte: '2029-12-31T19:00:00-05:00' } })).toEqual(['a', 'c', 'e']);
  });
});

describe('where: _and, _or, _not', () => {
  it('_and needs every clause', () => {
    expect(ids({ _and: [{ name: { _ilike: 'alpha%' } }, { id: { _neq: 'e' } }] })).toEqual(['a']);
  });

  it('_or needs one clause', () => {
    expect(ids({ _or: [{ id: { _eq: 'b' } }, { name: { _eq: 'Gamma' } }] })).toEqual(['b', 'c']);
  });

  it('_not negates a clause (nulls included)', () => {
    expect(ids({ _not: { name: { _ilike: 'alpha%' } } })).toEqual(['b', 'c', 'd']);
  });

  it('combines nested clauses with column comparisons at the same level', () => {
    const where: BoolExp = {
      expires_at: { _is_null: false },
      _or: [{ id: { _in: ['a', 'c'] } }, { _not: { name: { _is_null: false } } }],
    };
    expect(ids(where)).toEqual(['a', 'c', 'd']);
  });

  it('treats a missing or empty where as no filter', () => {
    expect(ids(null)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids({})).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('order_by', () => {
  it('asc puts nulls last and desc puts them first, as Postgres does', () => {
    expect(list({ order_by: { expires_at: 'asc' } })).toEqual(['c', 'a', 'e', 'd', 'b']);
    expect(list({ order_by: { expires_at: 'desc' } })).toEqual(['b', 'd', 'a', 'e', 'c']);
    expect(list({ where: { id: { _in: ['b', 'd', 'e'] } }, order_by: { name: 'asc' } })).toEqual(['e', 'b', 'd']);
    expect(list({ where: { id: { _in: ['b', 'd', 'e'] } }, order_by: { name: 'desc' } })).toEqual(['d', 'b', 'e']);
  });

  it('honours explicit nulls_first and nulls_last', () => {
    expect(list({ order_by: { expires_at: 'asc_nulls_first' } })).toEqual(['b', 'c', 'a', 'e', 'd']);
    expect(list({ order_by: { expires_at: 'asc_nulls_last' } })).toEqual(['c', 'a', 'e', 'd', 'b']);
    expect(list({ order_by: { expires_at: 'desc_nulls_first' } })).toEqual(['b', 'd', 'a', 'e', 'c']);
    expect(list({ order_by: { expires_at: 'desc_nulls_last' } })).toEqual(['d', 'a', 'e', 'c', 'b']);
  });

  it('orders time columns by instant', () => {
    const mixed = [
      { id: 'x', name: 'x', expires_at: '2030-01-01T00:30:00Z' },
      { id: 'y', name: 'y', expires_at: '2030-01-01T01:00:00+01:00' },
    ];
    expect(applyListArgs(mixed, { order_by: { expires_at: 'asc' } }, columns).map((r) => r.id)).toEqual(['y', 'x']);
  });

  it('orders by several keys, the first deciding first', () => {
    // a and e expire at the same instant: the second key breaks the tie.
    expect(list({ order_by: [{ expires_at: 'asc' }, { id: 'desc' }] })).toEqual(['c', 'e', 'a', 'd', 'b']);
    expect(list({ order_by: [{ expires_at: 'asc' }, { id: 'asc' }] })).toEqual(['c', 'a', 'e', 'd', 'b']);
    expect(list({ order_by: { expires_at: 'asc', id: 'desc' } })).toEqual(['c', 'e', 'a', 'd', 'b']);
  });

  it('ignores null directions and refuses unknown columns', () => {
    expect(list({ order_by: { name: null, id: 'desc' } })).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(badInput(() => list({ order_by: { keyHash: 'asc' } })).field).toBe('order_by.keyHash');
  });

  it('does not reorder the caller’s array', () => {
    const copy = [...rows];
    applyListArgs(copy, { order_by: { id: 'desc' } }, columns);
    expect(copy.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('limit and offset', () => {
  it('apply after filtering and ordering', () => {
    expect(list({ order_by: { id: 'desc' }, limit: 2 })).toEqual(['e', 'd']);
    expect(list({ order_by: { id: 'desc' }, offset: 1, limit: 2 })).toEqual(['d', 'c']);
    expect(list({ where: { expires_at: { _is_null: false } }, order_by: { id: 'asc' }, offset: 1 })).toEqual(['c', 'd', 'e']);
    expect(list({ limit: 0 })).toEqual([]);
    expect(list({ offset: 10 })).toEqual([]);
    expect(list({ limit: null, offset: null })).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('must be whole numbers ≥ 0', () => {
    expect(badInput(() => list({ limit: -1 })).field).toBe('limit');
    expect(badInput(() => list({ limit: 1.5 })).field).toBe('limit');
    expect(badInput(() => list({ offset: -1 })).field).toBe('offset');
    expect(badInput(() => list({ offset: 0.5 })).field).toBe('offset');
  });
});
