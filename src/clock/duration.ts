import { DomainError } from '../domain/errors.js';

/**
 * Durations for the clock controls and relative fixture times: ISO-8601 (`P30D`, `PT1H30M`,
 * `-P1D`), a compact form (`1h30m`, `-1d`, `+30d`, `500ms`), or a number of milliseconds.
 * Calendar units have fixed lengths here (a year is 365 days, a month 30): the emulator's
 * clock moves by exact amounts.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
};
const ISO = /^([+-])?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const COMPACT = /^([+-])?((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/i;
const COMPACT_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gi;

export class DurationError extends DomainError {
  constructor(value: unknown) {
    super('BAD_USER_INPUT', `invalid duration ${JSON.stringify(value)}: use ISO-8601 (P30D, PT1H30M), a compact form (1h30m, -1d) or milliseconds`);
    this.name = 'DurationError';
  }
}

/** Parses a duration to signed milliseconds; throws DurationError for anything else. */
export const parseDuration = (value: unknown): number => {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DurationError(value);
    return Math.trunc(value);
  }
  if (typeof value !== 'string' || value.trim() === '') throw new DurationError(value);
  const text = value.trim();
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  const iso = ISO.exec(text);
  if (iso && text.replace(/^[+-]?P/i, '').replace(/^T/i, '') !== '' && !/T$/i.test(text)) {
    const [, sign, y, mo, w, d, h, mi, s] = iso;
    const n = (v: string | undefined): number => (v ? Number(v) : 0);
    const ms = n(y) * 365 * UNIT_MS.d! + n(mo) * 30 * UNIT_MS.d! + n(w) * UNIT_MS.w! + n(d) * UNIT_MS.d!
      + n(h) * UNIT_MS.h! + n(mi) * UNIT_MS.m! + n(s) * UNIT_MS.s!;
    return Math.round(sign === '-' ? -ms : ms);
  }
  const compact = COMPACT.exec(text);
  if (compact) {
    let ms = 0;
    for (const part of (compact[2] ?? '').matchAll(COMPACT_PART)) ms += Number(part[1]) * UNIT_MS[(part[2] ?? '').toLowerCase()]!;
    return Math.round(compact[1] === '-' ? -ms : ms);
  }
  throw new DurationError(value);
};
