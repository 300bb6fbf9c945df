/** Time helpers; every function that needs "now" is given it. */

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Parses an ISO-8601 date-time that states its timezone; null for anything else. */
export const parseZonedTime = (value: string): number | null => {
  if (!ISO_WITH_ZONE.test(value)) return null;
  // JavaScript's parser rejects more than millisecond precision, which Python's isoformat sends.
  const normalized = value.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls a day past the month's end over (2030-02-30 → March 2): refuse it instead.
  const [year, month, day] = [value.slice(0, 4), value.slice(5, 7), value.slice(8, 10)].map(Number) as [number, number, number];
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate() ? ms : null;
};

/** The largest distance from 1970 a JavaScript Date holds (±100,000,000 days). */
export const MAX_TIME_MS = 8.64e15;

export const isRepresentableTime = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS;

export const toIso = (ms: number): string => new Date(ms).toISOString();

/** Hasura's rendering of timestamptz, which the Prefect client and UI parse. */
export const toWireTime = (iso: string): string => iso.replace(/Z$/, '+00:00');

export const isExpired = (expiresAt: string | null, now: number): boolean =>
  expiresAt !== null && Date.parse(expiresAt) <= now;
