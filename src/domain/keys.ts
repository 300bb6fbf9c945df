import { hash } from 'node:crypto';

/**
 * Key format: a recognizable prefix (so secret scanners and people can tell an emulator key on
 * sight) and 256 bits of base64url. Generation needs the OS's randomness and lives in the
 * store; the format and the hash are pure and live here.
 */
export const KEY_PREFIX = 'pce_';
export const KEY_BODY_LENGTH = 43;
/** base64url: the characters of a key's random body. */
export const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BODY_CHAR = '[A-Za-z0-9_-]';
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}${BODY_CHAR}{${KEY_BODY_LENGTH}}$`);
const KEY_ANYWHERE = new RegExp(`${KEY_PREFIX}${BODY_CHAR}{${KEY_BODY_LENGTH}}`, 'g');
/** The prefix and a few body characters: enough to tell a pasted key (or most of one) from other text. */
const KEY_START = new RegExp(`${KEY_PREFIX}${BODY_CHAR}{8}`);

export const isWellFormedKey = (value: string): boolean => KEY_PATTERN.test(value);

/**
 * Keys carry 256 random bits, so a fast unsalted hash is enough to make them unguessable at rest.
 * The one-shot `hash()` (no Hash object) matters: every authenticated request hashes its key.
 */
export const hashSecret = (secret: string): string => hash('sha256', secret, 'base64url');

export const formatKey = (randomBytes32: Uint8Array): string => {
  if (randomBytes32.length !== 32) throw new Error('a key needs exactly 32 random bytes');
  return KEY_PREFIX + Buffer.from(randomBytes32).toString('base64url');
};

/** What may be shown of a key: its prefix and four characters, enough to recognise it. */
export const maskKey = (key: string): string =>
  key.startsWith(KEY_PREFIX) ? `${key.slice(0, KEY_PREFIX.length + 4)}…` : '…';

/**
 * Masks every key in a text. Error messages can quote input (graphql-js repeats an invalid
 * variable's value), and a key pasted into the wrong field must not come back in the answer.
 */
export const redactKeys = (text: string): string => (text.includes(KEY_PREFIX) ? text.replace(KEY_ANYWHERE, maskKey) : text);

/** Whether a text holds something that looks like a key, whole or cut short: such input is never echoed. */
export const looksLikeKey = (text: string): boolean => KEY_START.test(text);
