import { badInput } from './errors.js';
import { compileLike, type LikeMatcher } from './like.js';
import { parseZonedTime } from './time.js';
import { checkWhereSize } from './where-limits.js';

/**
 * Hasura-style filtering, ordering and paging, as Cloud 1.0's list queries took them, over
 * rows already in wire shape. The schema restricts which columns and operators can be named.
 */
export type ColumnType = 'string' | 'time' | 'number' | 'boolean';

/** A column's Comparison, or `_and` / `_or` / `_not` of more: what the schema's `<row>_bool_exp` inputs are. */
export interface BoolExp {
  _and?: BoolExp[] | null;
  _or?: BoolExp[] | null;
  _not?: BoolExp | null;
  [column: string]: unknown;
}

export type OrderDirection = 'asc' | 'desc' | 'asc_nulls_first' | 'asc_nulls_last' | 'desc_nulls_first' | 'desc_nulls_last';
export type OrderBy = Record<string, OrderDirection | null | undefined>;

export interface ListArgs {
  where?: BoolExp | null;
  order_by?: OrderBy | OrderBy[] | null;
  limit?: number | null;
  offset?: number | null;
}

/** A row in wire shape; its columns are read by name. */
type Row = object;
const column = (row: Row, name: string): unknown => (row as Record<string, unknown>)[name];

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

/**
 * What an operator is given: the row's value and the operand, both as sent and normalized for the
 * column's type, and the comparison they come from (LIKE patterns are compiled once per comparison).
 */
interface Operands { value: unknown; operand: unknown; raw: unknown; operandRaw: unknown; exp: Comparison }

/**
 * Every operator, once: the schema's `*_comparison_exp` inputs name these. Each says whether a
 * non-null row value passes; a null row value passes only `_is_null: true`.
 */
const OPERATORS = {
  _eq: ({ value, operand }: Operands) => value === operand,
  _neq: ({ value, operand }: Operands) => value !== operand,
  _in: ({ value, operand }: Operands) => (operand as unknown[]).includes(value),
  _nin: ({ value, operand }: Operands) => !(operand as unknown[]).includes(value),
  _gt: ({ value, operand }: Operands) => compare(value, operand) > 0,
  _gte: ({ value, operand }: Operands) => compare(value, operand) >= 0,
  _lt: ({ value, operand }: Operands) => compare(value, operand) < 0,
  _lte: ({ value, operand }: Operands) => compare(value, operand) <= 0,
  _like: ({ raw, operandRaw, exp }: Operands) => likeMatcher(exp, '_like', String(operandRaw))(String(raw)),
  _ilike: ({ raw, operandRaw, exp }: Operands) => likeMatcher(exp, '_ilike', String(operandRaw))(String(raw)),
} satisfies Record<string, (operands: Operands) => boolean>;

type Operator = keyof typeof OPERATORS | '_is_null';

/** One column's condition: `{ _eq: "x" }`, `{ _gte: "2030-01-01T00:00:00Z", _lt: … }`, `{ _is_null: true }`. */
export type Comparison = { [Op in Operator]?: unknown };

const isOperator = (op: string): op is Operator => op === '_is_null' || Object.hasOwn(OPERATORS, op);

const matchesComparison = (raw: unknown, exp: Comparison, type: ColumnType): boolean => {
  const value = normalize(raw, type);
  const isNull = raw === null || raw === undefined;
  for (const op of Object.keys(exp)) if (!isOperator(op)) throw badInput('where', `unknown operator ${op}`);
  for (const [op, operandRaw] of Object.entries(exp) as [Operator, unknown][]) {
    if (operandRaw === undefined) continue;
    // As in SQL, a comparison with null is unknown, and an unknown condition matches no row.
    if (operandRaw === null) return false;
    if (op === '_is_null') {
      if (isNull !== operandRaw) return false;
      continue;
    }
    if (isNull) return false;
    const operand = Array.isArray(operandRaw) ? operandRaw.map((v) => normalize(v, type)) : normalize(operandRaw, type);
    if (!OPERATORS[op]({ value, operand, raw, operandRaw, exp })) return false;
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
    if (!matchesComparison(column(row, key), exp as Comparison, type)) return false;
  }
  return true;
};

const sorter = (orderBy: OrderBy[], columns: Record<string, ColumnType>) => {
  const keys = orderBy.flatMap((o) => Object.entries(o).filter(([, d]) => d)) as [string, OrderDirection][];
  for (const [name] of keys) if (!columns[name]) throw badInput(`order_by.${name}`, 'is not a column that can be ordered by');
  return (a: Row, b: Row): number => {
    for (const [name, direction] of keys) {
      const type = columns[name] as ColumnType;
      const va = normalize(column(a, name), type);
      const vb = normalize(column(b, name), type);
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
