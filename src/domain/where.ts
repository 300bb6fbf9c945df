import { badInput } from './errors.js';
import { compileLike, type LikeMatcher } from './like.js';
import { parseZonedTime } from './time.js';
import { checkWhereSize } from './where-limits.js';

/**
 * Hasura-style filtering, ordering and paging, as Cloud 1.0's list queries took them, over
 * rows already in wire shape. The schema restricts which columns and operators can be named.
 */
export type ColumnType = 'string' | 'time' | 'number' | 'boolean';

export type Comparison = {
  _eq?: unknown; _neq?: unknown; _in?: unknown[]; _nin?: unknown[]; _is_null?: boolean;
  _gt?: unknown; _gte?: unknown; _lt?: unknown; _lte?: unknown; _like?: string; _ilike?: string;
};

export interface BoolExp {
  _and?: BoolExp[] | null;
  _or?: BoolExp[] | null;
  _not?: BoolExp | null;
  [column: string]: Comparison | BoolExp | BoolExp[] | null | undefined;
}

export type OrderDirection = 'asc' | 'desc' | 'asc_nulls_first' | 'asc_nulls_last' | 'desc_nulls_first' | 'desc_nulls_last';
export type OrderBy = Record<string, OrderDirection | null | undefined>;

export interface ListArgs {
  where?: BoolExp | null;
  order_by?: OrderBy | OrderBy[] | null;
  limit?: number | null;
  offset?: number | null;
}

type Row = Record<string, unknown>;

const normalize = (value: unknown, type: ColumnType): unknown => {
  if (type === 'time' && typeof value === 'string') return parseZonedTime(value) ?? Date.parse(value);
  return value;
};

/** Each `where` is compiled once per request: its comparison objects are the same for every row. */
const compiled = new WeakMap<Comparison, Map<string, LikeMatcher>>();
const likeMatcher = (exp: Comparison, op: '_like' | '_ilike', pattern: string): LikeMatcher => {
  let byOp = compiled.get(exp);
  if (!byOp) compiled.set(exp, (byOp = new Map()));
  let matcher = byOp.get(op);
  if (!matcher) byOp.set(op, (matcher = compileLike(pattern, op === '_ilike')));
  return matcher;
};

const compare = (a: unknown, b: unknown): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
};

const KNOWN_OPERATORS = new Set(['_eq', '_neq', '_in', '_nin', '_is_null', '_gt', '_gte', '_lt', '_lte', '_like', '_ilike']);

const matchesComparison = (raw: unknown, exp: Comparison, type: ColumnType): boolean => {
  const value = normalize(raw, type);
  const isNull = raw === null || raw === undefined;
  for (const op of Object.keys(exp)) if (!KNOWN_OPERATORS.has(op)) throw badInput('where', `unknown operator ${op}`);
  for (const [op, operandRaw] of Object.entries(exp)) {
    if (operandRaw === undefined) continue;
    // As in SQL, a comparison with null is unknown, and an unknown condition matches no row.
    if (operandRaw === null) return false;
    const operand = Array.isArray(operandRaw) ? operandRaw.map((v) => normalize(v, type)) : normalize(operandRaw, type);
    switch (op) {
      case '_eq': if (operand === null || isNull || value !== operand) return false; break;
      case '_neq': if (operand === null || isNull || value === operand) return false; break;
      case '_in': if (isNull || !(operand as unknown[]).includes(value)) return false; break;
      case '_nin': if (isNull || (operand as unknown[]).includes(value)) return false; break;
      case '_is_null': if (isNull !== operandRaw) return false; break;
      case '_gt': if (isNull || compare(value, operand) <= 0) return false; break;
      case '_gte': if (isNull || compare(value, operand) < 0) return false; break;
      case '_lt': if (isNull || compare(value, operand) >= 0) return false; break;
      case '_lte': if (isNull || compare(value, operand) > 0) return false; break;
      case '_like': if (isNull || !likeMatcher(exp, '_like', String(operandRaw))(String(raw))) return false; break;
      case '_ilike': if (isNull || !likeMatcher(exp, '_ilike', String(operandRaw))(String(raw))) return false; break;
      default: throw badInput('where', `unknown operator ${op}`);
    }
  }
  return true;
};

export const matchesWhere = (row: Row, where: BoolExp | null | undefined, columns: Record<string, ColumnType>): boolean => {
  if (!where) return true;
  for (const [key, exp] of Object.entries(where)) {
    if (exp === undefined || exp === null) continue;
    if (key === '_and') { if (!(exp as BoolExp[]).every((e) => matchesWhere(row, e, columns))) return false; continue; }
    if (key === '_or') { if (!(exp as BoolExp[]).some((e) => matchesWhere(row, e, columns))) return false; continue; }
    if (key === '_not') { if (matchesWhere(row, exp as BoolExp, columns)) return false; continue; }
    const type = columns[key];
    if (!type) throw badInput(`where.${key}`, 'is not a column that can be filtered');
    if (!matchesComparison(row[key], exp as Comparison, type)) return false;
  }
  return true;
};

const sorter = (orderBy: OrderBy[], columns: Record<string, ColumnType>) => {
  const keys = orderBy.flatMap((o) => Object.entries(o).filter(([, d]) => d)) as [string, OrderDirection][];
  for (const [column] of keys) if (!columns[column]) throw badInput(`order_by.${column}`, 'is not a column that can be ordered by');
  return (a: Row, b: Row): number => {
    for (const [column, direction] of keys) {
      const type = columns[column] as ColumnType;
      const va = normalize(a[column], type);
      const vb = normalize(b[column], type);
      const desc = direction.startsWith('desc');
      // Postgres puts nulls last ascending and first descending unless told otherwise.
      const nullsFirst = direction.endsWith('nulls_first') || (desc && !direction.endsWith('nulls_last'));
      const aNull = va === null || va === undefined;
      const bNull = vb === null || vb === undefined;
      if (aNull || bNull) {
        if (aNull && bNull) continue;
        return aNull === nullsFirst ? -1 : 1;
      }
      const c = compare(va, vb);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
};

/** Applies `where`, `order_by`, `offset` and `limit` in Hasura's order. */
export const applyListArgs = <T extends Row>(rows: T[], args: ListArgs, columns: Record<string, ColumnType>): T[] => {
  const { limit, offset } = args;
  if (limit !== undefined && limit !== null && (!Number.isInteger(limit) || limit < 0)) throw badInput('limit', 'must be a whole number ≥ 0');
  if (offset !== undefined && offset !== null && (!Number.isInteger(offset) || offset < 0)) throw badInput('offset', 'must be a whole number ≥ 0');
  if (args.where) checkWhereSize(args.where);
  let result = args.where ? rows.filter((row) => matchesWhere(row, args.where, columns)) : rows;
  const orderBy = args.order_by ? (Array.isArray(args.order_by) ? args.order_by : [args.order_by]) : [];
  if (orderBy.length > 0) result = [...result].sort(sorter(orderBy, columns));
  const start = offset ?? 0;
  return result.slice(start, limit === undefined || limit === null ? undefined : start + limit);
};
