import { describe, expect, it } from 'vitest';
import { DurationError, parseDuration } from '../../../src/clock/duration.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['P30D', 30 * D],
    ['PT1H30M', H + 30 * M],
    ['P1DT2H', D + 2 * H],
    ['P1W', 7 * D],
    ['P1M', 30 * D],
    ['PT1M', M],
    ['P1Y', 365 * D],
    ['PT0.5S', 500],
    ['PT90S', 90 * S],
    ['-P1D', -D],
    ['+P1D', D],
    ['p1dt1h', D + H],
  ])('reads ISO-8601 %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['1h30m', H + 30 * M],
    ['-1d', -D],
    ['+30d', 30 * D],
    ['500ms', 500],
    ['1m30s', M + 30 * S],
    ['2w', 14 * D],
    ['1.5h', 1.5 * H],
    ['1H', H],
    [' 10s ', 10 * S],
  ])('reads the compact form %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('reads milliseconds as a number or digits', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration(-5)).toBe(-5);
    expect(parseDuration(1.9)).toBe(1);
    expect(parseDuration('2500')).toBe(2500);
    expect(parseDuration('-2500')).toBe(-2500);
  });

  it.each(['', '   ', 'P', 'PT', 'P1DT', 'abc', '1x', '1 h', 'h1', '1.5', 'P-1D', '--1d'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });

  it('refuses what is neither a string nor a finite number', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}, ['1h'], true]) {
      expect(() => parseDuration(value)).toThrow(DurationError);
    }
  });

  it('says what forms it takes', () => {
    expect(() => parseDuration('soon')).toThrow(/ISO-8601.*compact.*milliseconds/);
  });
});
