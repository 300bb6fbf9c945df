import { isRepresentableTime, parseZonedTime } from '../domain/time.js';
import { parseDuration } from './duration.js';

/**
 * The one reading of time values given from outside (the control API, the programmatic API,
 * the command line, fixtures, minted keys): instants, instants relative to the clock, and
 * forward moves. Each caller words its own error for its audience; what is valid is decided here.
 */

/** An instant: a Date, epoch milliseconds, or ISO-8601 with a timezone. */
export type InstantInput = Date | number | string;

/** Why a value is not an instant: not one at all, or outside the range of dates. */
export type InstantProblem = 'format' | 'range';

/** Epoch milliseconds, or why the value is not an instant. */
export const parseInstant = (value: unknown): { ms: number } | { problem: InstantProblem } => {
  const ms = value instanceof Date ? value.getTime()
    : typeof value === 'number' ? Math.trunc(value)
      : typeof value === 'string' ? parseZonedTime(value)
        : null;
  if (ms === null || Number.isNaN(ms)) return { problem: 'format' };
  if (!isRepresentableTime(ms)) return { problem: 'range' };
  return { ms };
};

/**
 * An absolute ISO-8601 time with a timezone, or a duration counted from `now` (`-1d`, `+30d`,
 * `PT1H`, milliseconds): how fixtures and minted keys give times. Null for anything else, and
 * for a time outside the range of dates.
 */
export const parseTimeFrom = (value: unknown, now: number): number | null => {
  if (typeof value === 'string') {
    const absolute = parseZonedTime(value);
    if (absolute !== null) return absolute;
  }
  let ms: number;
  try {
    ms = now + parseDuration(value);
  } catch {
    return null;
  }
  return isRepresentableTime(ms) ? ms : null;
};

/** Why a duration cannot move a clock forward: it points back, or past the range of dates. */
export type AdvanceProblem = 'negative' | 'range';

/**
 * How far to move a clock that reads `from` forward. A value that is no duration at all throws
 * the DurationError of {@link parseDuration}, whose message says what durations look like.
 */
export const parseAdvance = (value: unknown, from: number): { ms: number } | { problem: AdvanceProblem } => {
  const ms = parseDuration(value);
  if (ms < 0) return { problem: 'negative' };
  if (!isRepresentableTime(from + ms)) return { problem: 'range' };
  return { ms };
};
