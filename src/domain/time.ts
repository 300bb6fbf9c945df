/** Time helpers; every function that needs "now" is given it. */

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Parses an ISO-8601 date-time that states its timezone; null for anything else. */
export const parseZonedTime = (value: string): number | null => {
  if (!ISO_WITH_ZONE.test(value)) return null;
  // JavaScript's parser rejects more than millisecond precision, which Python's isoformat sends.
  const normalized = value.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : ms;
};

export const toIso = (ms: number): string => new Date(ms).toISOString();

/** Hasura's rendering of timestamptz, which the Prefect client and UI parse. */
export const toWireTime = (iso: string): string => iso.replace(/Z$/, '+00:00');

export const isExpired = (expiresAt: string | null, now: number): boolean =>
  expiresAt !== null && Date.parse(expiresAt) <= now;
