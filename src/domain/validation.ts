import { badInput } from './errors.js';
import { parseZonedTime, toIso } from './time.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// C0 and C1 control characters: they break terminals and logs that show names.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const MAX_NAME_LENGTH = 255;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export const requireUuid = (value: unknown, field: string): string => {
  if (!isUuid(value)) throw badInput(field, 'must be a UUID');
  return value.toLowerCase();
};

export const optionalUuid = (value: unknown, field: string): string | null =>
  value === undefined || value === null ? null : requireUuid(value, field);

/** Names of keys, service accounts and tenants: 1 to 255 characters, no control characters. */
export const requireName = (value: unknown, field: string): string => {
  if (typeof value !== 'string') throw badInput(field, 'is required');
  const name = value.trim();
  if (name.length === 0) throw badInput(field, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw badInput(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  if (CONTROL.test(name)) throw badInput(field, 'must not contain control characters');
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
  if (typeof value !== 'string' || value.length > MAX_NAME_LENGTH || CONTROL.test(value)) {
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
