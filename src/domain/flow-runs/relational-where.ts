import { badInput } from '../errors.js';
import { applyListArgs, matchesWhere, type BoolExp, type ColumnType, type Comparison, type ListArgs } from '../where.js';

type Row = Record<string, unknown>;

/**
 * A table as Hasura exposed it to the flow queries: its columns, and relationships a `where`
 * may filter through (`project: {name: …}`, `task_runs: {state_start_time: …}` = some task run
 * matches). Relationships are read through functions the caller supplies, so the rules stay pure.
 */
export interface RelationalSchema {
  columns: Record<string, ColumnType>;
  relations?: Record<string, Relation>;
}

export interface Relation {
  many: boolean;
  schema: () => RelationalSchema;
  get: (row: Row) => Row | Row[] | null | undefined;
}

export interface RelationalListArgs extends ListArgs {
  distinct_on?: string | string[] | null;
}

const asList = (exp: unknown): BoolExp[] => (Array.isArray(exp) ? exp : [exp]) as BoolExp[];

/**
 * Hasura's reading of a condition on a column: an operator given null is no condition (the
 * 1.x CLI sends `{name: {_eq: null}}` for every option left unset).
 */
const withoutNulls = (exp: Comparison): Comparison | null => {
  const kept = Object.entries(exp).filter(([, v]) => v !== null && v !== undefined);
  return kept.length === 0 ? null : (Object.fromEntries(kept) as Comparison);
};

export const matchesRelational = (row: Row, where: BoolExp | null | undefined, schema: RelationalSchema, path = 'where'): boolean => {
  if (!where) return true;
  for (const [key, exp] of Object.entries(where)) {
    if (exp === undefined || exp === null) continue;
    if (key === '_and') { if (!asList(exp).every((e) => matchesRelational(row, e, schema, path))) return false; continue; }
    if (key === '_or') {
      const list = asList(exp);
      if (list.length > 0 && !list.some((e) => matchesRelational(row, e, schema, path))) return false;
      continue;
    }
    if (key === '_not') { if (matchesRelational(row, exp as BoolExp, schema, path)) return false; continue; }
    const relation = schema.relations?.[key];
    if (relation) {
      const target = relation.get(row);
      const sub = relation.schema();
      const rows = target === null || target === undefined ? [] : Array.isArray(target) ? target : [target];
      if (!rows.some((r) => matchesRelational(r, exp as BoolExp, sub, `${path}.${key}`))) return false;
      continue;
    }
    if (!schema.columns[key]) throw badInput(`${path}.${key}`, 'is not a column or relationship that can be filtered');
    const comparison = withoutNulls(exp as Comparison);
    if (comparison && !matchesWhere(row, { [key]: comparison }, schema.columns)) return false;
  }
  return true;
};

/** `where` (with relationships), `order_by`, `distinct_on`, `offset`, `limit`, in Hasura's order. */
export const listRelational = <T extends Row>(rows: T[], args: RelationalListArgs, schema: RelationalSchema): T[] => {
  const filtered = args.where ? rows.filter((r) => matchesRelational(r, args.where, schema)) : rows;
  const ordered = applyListArgs(filtered, { order_by: args.order_by ?? null }, schema.columns);
  const distinct = args.distinct_on === undefined || args.distinct_on === null ? [] : asList(args.distinct_on) as unknown as string[];
  let result = ordered;
  if (distinct.length > 0) {
    for (const column of distinct) if (!schema.columns[column]) throw badInput(`distinct_on.${column}`, 'is not a column');
    const seen = new Set<string>();
    result = ordered.filter((r) => {
      const k = JSON.stringify(distinct.map((c) => r[c]));
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return applyListArgs(result, { limit: args.limit ?? null, offset: args.offset ?? null }, schema.columns);
};
