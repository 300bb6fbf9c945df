import { badInput } from './errors.js';
import { parseZonedTime, toIso } from './time.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// C0 and C1 control characters: they break terminals and logs that show names.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const MAX_NAME_LENGTH = 255;

// Characters that show nothing: format characters (zero-width spaces and joiners, the BOM, bidi
// marks), separators, and the Hangul fillers. A name made only of them looks empty.
const INVISIBLE = /[\p{Cf}\p{Z}\s\u115f\u1160\u3164\uffa0\u180e]/gu;
// Bidirectional embeddings, overrides and isolates reorder the text shown after them: a name
// holding one can pose as another (`key-\u202Egnp.exe`).
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** Length in characters (code points), as people count them, not UTF-16 units. */
export const characterCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
};

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export const requireUuid = (value: unknown, field: string): string => {
  if (!isUuid(value)) throw badInput(field, 'must be a UUID');
  return value.toLowerCase();
};

export const optionalUuid = (value: unknown, field: string): string | null =>
  value === undefined || value === null ? null : requireUuid(value, field);

/** Names of keys, service accounts and tenants: 1 to 255 characters, some visible, no control or bidi-override characters. */
export const requireName = (value: unknown, field: string): string => {
  if (typeof value !== 'string') throw badInput(field, 'is required');
  const name = value.trim();
  if (name.length === 0) throw badInput(field, 'must not be empty');
  if (characterCount(name) > MAX_NAME_LENGTH) throw badInput(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  if (CONTROL.test(name)) throw badInput(field, 'must not contain control characters');
  if (name.replace(INVISIBLE, '') === '') throw badInput(field, 'must contain a visible character');
  if (BIDI_CONTROL.test(name)) throw badInput(field, 'must not contain bidirectional override, embedding or isolate characters (U+202A–U+202E, U+2066–U+2069)');
  return name;
};

export const requireSlug = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !SLUG.test(value) || value.length > 100) {
    throw badInput(field, 'must be lowercase letters, digits and single hyphens (at most 100 characters)');
  }
  return value;
};

/** A free-text field that may be null or absent (agent names, first and last names). */
export const optionalText = (value: unknown, field: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || characterCount(value) > MAX_NAME_LENGTH || CONTROL.test(value)) {
    throw badInput(field, `must be a string of at most ${MAX_NAME_LENGTH} characters without control characters`);
  }
  return value;
};

// Deliberately plain: one @, no spaces, a dot in the domain. Cloud sent mail; the emulator only compares.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmail = (value: string): boolean => value.length <= 320 && EMAIL.test(value.trim());

/** An email address, lowercased (invitations match users by email, whatever the case). */
export const requireEmail = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !isEmail(value)) throw badInput(field, 'must be an email address');
  return value.trim().toLowerCase();
};

/** A JSON object (settings); arrays and scalars are refused. */
export const requireJsonObject = (value: unknown, field: string): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badInput(field, 'must be a JSON object');
  return value as Record<string, unknown>;
};

/**
 * An expiry is optional; when given it must state its timezone (a naive time is ambiguous
 * between the client's zone and UTC) and lie in the future by the emulator's clock.
 */
export const optionalExpiry = (value: unknown, now: number, field: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw badInput(field, 'must be an ISO-8601 date-time string');
  const ms = parseZonedTime(value);
  if (ms === null) throw badInput(field, 'must be an ISO-8601 date-time with a timezone, e.g. 2030-01-01T00:00:00+00:00');
  if (ms <= now) throw badInput(field, `must be in the future (the emulator's clock reads ${toIso(now)})`);
  return toIso(ms);
};
