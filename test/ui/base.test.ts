import { describe, expect, it } from 'vitest';
import { ApiError, apiBase, describeError } from '../../src/ui/api.js';
import { isExpired, utcInputToIso, formatTime } from '../../src/ui/format.js';

describe('apiBase: the API lives beside ui/', () => {
  it.each([
    ['/ui/', '/'],
    ['/ui', '/'],
    ['/ui/index.html', '/'],
    ['/sandboxes/abc/ui/', '/sandboxes/abc/'],
    ['/sandboxes/abc/ui', '/sandboxes/abc/'],
    ['/sandboxes/ui/ui/', '/sandboxes/ui/'],
    ['/', '/'],
  ])('%s → %s', (path, base) => {
    expect(apiBase(path)).toBe(base);
  });
});

describe('format', () => {
  it('reads the expiry input as UTC and sends ISO-8601 with a zone; blank means never', () => {
    expect(utcInputToIso('')).toBeNull();
    expect(utcInputToIso('2031-02-03T04:05')).toBe('2031-02-03T04:05:00.000Z');
    expect(utcInputToIso('tomorrow')).toBeUndefined();
  });
  it('a key has expired at its expiry time, not before', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(isExpired(null, now)).toBe(false);
    expect(isExpired('2030-01-01T00:00:00Z', now)).toBe(true);
    expect(isExpired('2030-01-01T00:00:01Z', now)).toBe(false);
  });
  it('shows times in UTC', () => {
    expect(formatTime('2030-01-02T03:04:05+02:00')).toBe('2030-01-02 01:04 UTC');
  });
  it('puts error codes into words', () => {
    expect(describeError(new ApiError('graphql', 'AuthenticationError: Forbidden', 'UNAUTHENTICATED'))).toMatch(/not accepted/);
    expect(describeError(new ApiError('graphql', 'Unauthorized', 'FORBIDDEN'))).toMatch(/role/);
    expect(describeError(new ApiError('graphql', 'bad name', 'BAD_USER_INPUT'))).toMatch(/invalid.*bad name/);
  });
});
