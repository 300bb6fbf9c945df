type Row = Record<string, unknown>;

/** Arguments of Hasura's `count` in a `<table>_aggregate { aggregate { count(...) } }`. */
export interface CountArgs {
  columns?: readonly string[] | null;
  distinct?: boolean | null;
}

/**
 * Hasura's `count`: every selected row; with `columns`, the rows where each of them is set;
 * with `distinct: true` as well, the distinct combinations of their values.
 */
export const countRows = (rows: readonly Row[], { columns, distinct }: CountArgs): number => {
  if (!columns || columns.length === 0) return rows.length;
  const set = rows.filter((r) => columns.every((c) => r[c] !== null && r[c] !== undefined));
  if (!distinct) return set.length;
  return new Set(set.map((r) => JSON.stringify(columns.map((c) => r[c])))).size;
};

/**
 * Postgres's text form of an interval given in seconds (`00:00:10`, `1 day 02:00:00`), the way
 * Hasura returned a task's `retry_delay`.
 */
export const intervalText = (seconds: number): string => {
  const whole = Math.round(seconds);
  const days = Math.floor(whole / 86_400);
  const rest = whole % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days > 0 ? `${days} day${days === 1 ? '' : 's'} ${clock}` : clock;
};
