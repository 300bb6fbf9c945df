import { parseDuration } from '../../clock/duration.js';
import { badInput } from '../../domain/errors.js';
import { isRepresentableTime, parseZonedTime } from '../../domain/time.js';

/** An instant: ISO-8601 with timezone, or epoch milliseconds. */
export const instantFrom = (value: unknown, field: string): number => {
  const ms = typeof value === 'number' ? Math.trunc(value) : typeof value === 'string' ? parseZonedTime(value) : null;
  if (ms === null || Number.isNaN(ms)) throw badInput(field, 'must be an ISO-8601 date-time with a timezone, or epoch milliseconds');
  if (!isRepresentableTime(ms)) throw badInput(field, 'is outside the range of dates (about ±270,000 years from 1970)');
  return ms;
};

/** A forward duration that keeps the clock, now at `from`, within the range of dates. */
export const forwardDurationFrom = (value: unknown, field: string, from: number): number => {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    throw badInput(field, (error as Error).message);
  }
  if (ms < 0) throw badInput(field, 'must not be negative; use POST clock/set to move the clock back');
  if (!isRepresentableTime(from + ms)) throw badInput(field, 'would move the clock outside the range of dates (about ±270,000 years from 1970)');
  return ms;
};
