import { parseDuration } from '../../clock/duration.js';
import { badInput } from '../../domain/errors.js';
import { parseZonedTime } from '../../domain/time.js';

/** An instant: ISO-8601 with timezone, or epoch milliseconds. */
export const instantFrom = (value: unknown, field: string): number => {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  const ms = typeof value === 'string' ? parseZonedTime(value) : null;
  if (ms === null) throw badInput(field, 'must be an ISO-8601 date-time with a timezone, or epoch milliseconds');
  return ms;
};

export const forwardDurationFrom = (value: unknown, field: string): number => {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    throw badInput(field, (error as Error).message);
  }
  if (ms < 0) throw badInput(field, 'must not be negative; use POST clock/set to move the clock back');
  return ms;
};
