import { DurationError } from '../../clock/duration.js';
import { parseAdvance, parseInstant } from '../../clock/time-input.js';
import { badInput } from '../../domain/errors.js';

const RANGE = '(about ±270,000 years from 1970)';

/** An instant in a control request: ISO-8601 with timezone, or epoch milliseconds. */
export const instantFrom = (value: unknown, field: string): number => {
  const parsed = parseInstant(value);
  if ('ms' in parsed) return parsed.ms;
  if (parsed.problem === 'range') throw badInput(field, `is outside the range of dates ${RANGE}`);
  throw badInput(field, 'must be an ISO-8601 date-time with a timezone, or epoch milliseconds');
};

/** A forward duration in a control request that keeps the clock, now at `from`, within the range of dates. */
export const forwardDurationFrom = (value: unknown, field: string, from: number): number => {
  let parsed;
  try {
    parsed = parseAdvance(value, from);
  } catch (error) {
    if (error instanceof DurationError) throw badInput(field, error.message);
    throw error;
  }
  if ('ms' in parsed) return parsed.ms;
  if (parsed.problem === 'negative') throw badInput(field, 'must not be negative; use POST clock/set to move the clock back');
  throw badInput(field, `would move the clock outside the range of dates ${RANGE}`);
};
