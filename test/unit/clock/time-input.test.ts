import { describe, expect, it } from 'vitest';
import { DurationError } from '../../../src/clock/duration.js';
import { parseAdvance, parseInstant, parseTimeFrom } from '../../../src/clock/time-input.js';
import { MAX_TIME_MS } from '../../../src/domain/time.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');

describe('parseInstant', () => {
  it('reads ISO-8601 with a timezone, epoch milliseconds (whole) and Dates', () => {
    expect(parseInstant('2030-01-01T00:00:00Z')).toEqual({ ms: T0 });
    expect(parseInstant('2030-01-01T01:00:00+01:00')).toEqual({ ms: T0 });
    expect(parseInstant(T0 + 0.9)).toEqual({ ms: T0 });
    expect(parseInstant(new Date(T0))).toEqual({ ms: T0 });
  });

  it('tells a value that is no instant from one outside the range of dates', () => {
    for (const value of ['2030-01-01T00:00:00', 'tomorrow', '', null, undefined, {}, Number.NaN, new Date(Number.NaN)]) {
      expect(parseInstant(value), String(value)).toEqual({ problem: 'format' });
    }
    for (const value of [MAX_TIME_MS + 1, -MAX_TIME_MS - 1, Number.POSITIVE_INFINITY]) expect(parseInstant(value)).toEqual({ problem: 'range' });
  });
});

describe('parseTimeFrom', () => {
  it('keeps absolute times and counts durations from now', () => {
    expect(parseTimeFrom('2031-01-01T00:00:00Z', T0)).toBe(Date.parse('2031-01-01T00:00:00Z'));
    expect(parseTimeFrom('-1d', T0)).toBe(T0 - 86_400_000);
    expect(parseTimeFrom('+PT1H', T0)).toBe(T0 + 3_600_000);
    expect(parseTimeFrom(500, T0)).toBe(T0 + 500);
  });

  it('is null for anything else, and for a time past the range of dates', () => {
    for (const value of ['2030-01-01', 'soon', null, {}]) expect(parseTimeFrom(value, T0)).toBeNull();
    expect(parseTimeFrom('P999999999Y', T0)).toBeNull();
  });
});

describe('parseAdvance', () => {
  it('moves forward by a duration', () => {
    expect(parseAdvance('P1D', T0)).toEqual({ ms: 86_400_000 });
    expect(parseAdvance(0, T0)).toEqual({ ms: 0 });
  });

  it('refuses going back or past the range of dates, and throws DurationError for no duration', () => {
    expect(parseAdvance('-1d', T0)).toEqual({ problem: 'negative' });
    expect(parseAdvance('P999999999Y', T0)).toEqual({ problem: 'range' });
    expect(() => parseAdvance('soon', T0)).toThrow(DurationError);
  });
});
