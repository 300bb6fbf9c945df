import { describe, expect, it } from 'vitest';
import { isWellFormedKey, KEY_ALPHABET, KEY_BODY_LENGTH, KEY_PREFIX, looksLikeKey } from '../../../src/domain/keys.js';
import { serviceAccountUsername, slugFromName, slugify } from '../../../src/domain/naming.js';

describe('slugs', () => {
  it('folds accents, lowercases, and joins the rest with single hyphens', () => {
    expect(slugify('Renée & Zoë Ltd.')).toBe('renee-zoe-ltd');
    expect(slugify('  --Acme   Corp--  ')).toBe('acme-corp');
    expect(slugify('!!!')).toBe('');
  });

  it('a tenant slug from a name is at most 100 characters and never empty', () => {
    expect(slugFromName('!!!')).toBe('tenant');
    expect(slugFromName('a'.repeat(300))).toHaveLength(100);
  });

  it('a service account username carries its name and the start of its id', () => {
    expect(serviceAccountUsername('CI Bot', 'abcdef12-0000-4000-8000-000000000000')).toBe('ci-bot-abcdef12@service-account');
  });
});

describe('the key format', () => {
  it('is the prefix and 43 characters of base64url', () => {
    const key = KEY_PREFIX + KEY_ALPHABET.slice(0, KEY_BODY_LENGTH);
    expect(isWellFormedKey(key)).toBe(true);
    expect(isWellFormedKey(key.slice(0, -1))).toBe(false);
    expect(looksLikeKey(`id ${key.slice(0, 12)}`)).toBe(true);
    expect(looksLikeKey('pce_short')).toBe(false);
  });
});
