import { describe, expect, it } from 'vitest';
import { isExpired, parseZonedTime, toWireTime } from '../../../src/domain/time.js';
import {
  isUuid, MAX_NAME_LENGTH, optionalExpiry, optionalText, optionalUuid, requireEmail, requireJsonObject, requireName, requireSlug, requireUuid,
} from '../../../src/domain/validation.js';
import { badInput } from './records.js';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');

describe('requireName', () => {
  it('accepts 1 to 255 characters', () => {
    expect(requireName('k', 'input.name')).toBe('k');
    expect(requireName('x'.repeat(MAX_NAME_LENGTH), 'input.name')).toHaveLength(255);
    expect(MAX_NAME_LENGTH).toBe(255);
    expect(requireName('CI key – prod 🚀', 'input.name')).toBe('CI key – prod 🚀');
  });

  it('trims surrounding spaces', () => {
    expect(requireName('  my key  ', 'input.name')).toBe('my key');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['256 characters', 'x'.repeat(256)],
    ['a NUL', 'a\u0000b'],
    ['a newline inside', 'first\nsecond'],
    ['a tab inside', 'a\tb'],
    ['an escape sequence', 'red\u001b[31m'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a leading NUL', '\u0000abc'],
  ])('refuses %s, naming the field', (_label, value) => {
    const error = badInput(() => requireName(value, 'input.name'));
    expect(error.field).toBe('input.name');
    expect(error.message).toContain('input.name');
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['a']]) expect(badInput(() => requireName(value, 'input.name')).field).toBe('input.name');
  });
});

describe('UUIDs', () => {
  it('recognises UUIDs in either case', () => {
    expect(isUuid('11111111-1111-4111-8111-111111111111')).toBe(true);
    expect(isUuid('ABCDEF01-2345-4789-8ABC-DEF012345678')).toBe(true);
  });

  it.each(['', 'not-a-uuid', '11111111-1111-4111-8111-11111111111', '11111111111141118111111111111111', '{11111111-1111-4111-8111-111111111111}', ' 11111111-1111-4111-8111-111111111111'])(
    'refuses %j',
    (value) => {
      expect(isUuid(value)).toBe(false);
      expect(badInput(() => requireUuid(value, 'input.user_id')).field).toBe('input.user_id');
    },
  );

  it('refuses non-strings', () => {
    expect(isUuid(42)).toBe(false);
    expect(isUuid(null)).toBe(false);
  });

  it('normalises to lower case', () => {
    expect(requireUuid('ABCDEF01-2345-4789-8ABC-DEF012345678', 'id')).toBe('abcdef01-2345-4789-8abc-def012345678');
  });

  it('optionalUuid allows null and undefined', () => {
    expect(optionalUuid(null, 'f')).toBeNull();
    expect(optionalUuid(undefined, 'f')).toBeNull();
    expect(badInput(() => optionalUuid('x', 'input.default_tenant_id')).field).toBe('input.default_tenant_id');
  });
});

describe('requireSlug', () => {
  it('accepts lowercase words with single hyphens', () => {
    expect(requireSlug('acme-corp-2', 'input.slug')).toBe('acme-corp-2');
  });

  it.each(['Acme', 'acme--corp', '-acme', 'acme-', 'acme corp', '', 'a'.repeat(101)])('refuses %j', (value) => {
    expect(badInput(() => requireSlug(value, 'input.slug')).field).toBe('input.slug');
  });
});

describe('optionalExpiry', () => {
  it('means "never" when absent', () => {
    expect(optionalExpiry(undefined, NOW, 'input.expires_at')).toBeNull();
    expect(optionalExpiry(null, NOW, 'input.expires_at')).toBeNull();
  });

  it('accepts a future time with a timezone and stores it in UTC', () => {
    expect(optionalExpiry('2030-01-01T00:00:00+00:00', NOW, 'f')).toBe('2030-01-01T00:00:00.000Z');
    expect(optionalExpiry('2030-01-01T00:00:00Z', NOW, 'f')).toBe('2030-01-01T00:00:00.000Z');
    expect(optionalExpiry('2030-01-01T02:00:00+02:00', NOW, 'f')).toBe('2030-01-01T00:00:00.000Z');
    expect(optionalExpiry('2029-12-31T19:00:00-0500', NOW, 'f')).toBe('2030-01-01T00:00:00.000Z');
  });

  it("accepts Python's isoformat with microseconds", () => {
    expect(optionalExpiry('2030-01-01T00:00:00.123456+00:00', NOW, 'f')).toBe('2030-01-01T00:00:00.123Z');
  });

  it.each(['2030-01-01T00:00:00', '2030-01-01', '2030-01-01 00:00:00', '1893456000'])('refuses %j, which has no timezone', (value) => {
    const error = badInput(() => optionalExpiry(value, NOW, 'input.expires_at'));
    expect(error.field).toBe('input.expires_at');
    expect(error.message).toMatch(/timezone/);
  });

  it.each(['tomorrow', 'not a date', '2030-13-01T00:00:00Z', '2030-01-01T25:00:00Z', '2030-02-30T00:00:00Z', '2031-04-31T00:00:00+00:00'])(
    'refuses the invalid date-time %j',
    (value) => {
      expect(badInput(() => optionalExpiry(value, NOW, 'input.expires_at')).field).toBe('input.expires_at');
    },
  );

  it('accepts the 29th of February in a leap year only', () => {
    expect(optionalExpiry('2028-02-29T00:00:00Z', NOW, 'f')).toBe('2028-02-29T00:00:00.000Z');
    expect(badInput(() => optionalExpiry('2027-02-29T00:00:00Z', NOW, 'f')).field).toBe('f');
  });

  it('refuses non-strings', () => {
    for (const value of [1_900_000_000_000, {}, true]) expect(badInput(() => optionalExpiry(value, NOW, 'input.expires_at')).field).toBe('input.expires_at');
  });

  it('must lie in the future by the given now', () => {
    const past = badInput(() => optionalExpiry('2026-05-31T23:59:59Z', NOW, 'input.expires_at'));
    expect(past.field).toBe('input.expires_at');
    expect(past.message).toMatch(/future/);
    expect(badInput(() => optionalExpiry('2026-06-01T00:00:00Z', NOW, 'input.expires_at')).field).toBe('input.expires_at');
    expect(optionalExpiry('2026-06-01T00:00:01Z', NOW, 'input.expires_at')).toBe('2026-06-01T00:00:01.000Z');
    // The same time is fine by an earlier clock: only the given now counts.
    expect(optionalExpiry('2026-05-31T23:59:59Z', NOW - 86_400_000, 'input.expires_at')).toBe('2026-05-31T23:59:59.000Z');
  });
});

describe('time helpers', () => {
  it('parseZonedTime reads offsets, Z in either case and a space separator', () => {
    const instant = Date.parse('2030-01-01T00:00:00.000Z');
    for (const value of ['2030-01-01T00:00:00Z', '2030-01-01T00:00:00z', '2030-01-01 00:00:00+00:00', '2030-01-01T01:00+01:00', '2030-01-01T00:00:00.000000+00:00']) {
      expect(parseZonedTime(value)).toBe(instant);
    }
  });

  it('toWireTime renders UTC the way Hasura does', () => {
    expect(toWireTime('2030-01-01T00:00:00.000Z')).toBe('2030-01-01T00:00:00.000+00:00');
  });

  it('isExpired is true from the expiry instant on, never for null', () => {
    const at = '2030-01-01T00:00:00.000Z';
    expect(isExpired(at, Date.parse(at) - 1)).toBe(false);
    expect(isExpired(at, Date.parse(at))).toBe(true);
    expect(isExpired(null, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('emails, settings and optional text', () => {
  it('requireEmail lowercases an address and refuses anything else, naming the field', () => {
    expect(requireEmail(' Ada@Example.TEST ', 'input.email')).toBe('ada@example.test');
    for (const bad of ['', 'ada', 'ada@', '@example.test', 'a b@example.test', 'ada@example', 42, null, `${'a'.repeat(320)}@x.test`]) {
      expect(badInput(() => requireEmail(bad, 'input.email')).field).toBe('input.email');
    }
  });

  it('requireJsonObject takes objects only', () => {
    expect(requireJsonObject({ teamNamed: true }, 'input.settings')).toEqual({ teamNamed: true });
    for (const bad of [null, [], 'x', 1, undefined]) expect(badInput(() => requireJsonObject(bad, 'input.settings')).field).toBe('input.settings');
  });

  it('optionalText allows null and absent, and refuses long or control-character text', () => {
    expect(optionalText(undefined, 'input.first_name')).toBeNull();
    expect(optionalText(null, 'input.first_name')).toBeNull();
    expect(optionalText('Ada', 'input.first_name')).toBe('Ada');
    for (const bad of ['x'.repeat(256), 'a\u0000b', 7]) expect(badInput(() => optionalText(bad, 'input.first_name')).field).toBe('input.first_name');
  });
});
