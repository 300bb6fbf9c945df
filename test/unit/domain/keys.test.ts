import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatKey, hashSecret, isWellFormedKey, KEY_BODY_LENGTH, KEY_PREFIX, maskKey } from '../../../src/domain/keys.js';
import { mintKey } from '../../../src/store/secrets.js';

const KEY_FORMAT = /^pce_[A-Za-z0-9_-]{43}$/;

describe('key format', () => {
  it('is the pce_ prefix and 43 base64url characters (256 bits)', () => {
    expect(KEY_PREFIX).toBe('pce_');
    expect(KEY_BODY_LENGTH).toBe(43);
    const key = formatKey(new Uint8Array(32).fill(0xfb));
    expect(KEY_FORMAT.test(key)).toBe(true);
    expect(key).toBe(`pce_${Buffer.alloc(32, 0xfb).toString('base64url')}`);
    expect(isWellFormedKey(key)).toBe(true);
  });

  it('needs exactly 32 random bytes', () => {
    expect(() => formatKey(new Uint8Array(31))).toThrow(/32/);
    expect(() => formatKey(new Uint8Array(33))).toThrow(/32/);
  });

  it('mints distinct well-formed keys from the OS random source', () => {
    const keys = new Set(Array.from({ length: 200 }, () => mintKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(isWellFormedKey(key)).toBe(true);
  });

  it.each(['', 'pce_', 'pce_short', `PCE_${'a'.repeat(43)}`, `pce_${'a'.repeat(42)}`, `pce_${'a'.repeat(44)}`, `pce_${'a'.repeat(42)}=`, `pce_${'a'.repeat(42)}+`])(
    'calls %j malformed',
    (value) => {
      expect(isWellFormedKey(value)).toBe(false);
    },
  );
});

describe('hashSecret', () => {
  it('is the SHA-256 of the key, base64url, and never the key itself', () => {
    const key = formatKey(randomBytes(32));
    const hash = hashSecret(key);
    expect(hash).toBe(createHash('sha256').update(key).digest('base64url'));
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain(key.slice(KEY_PREFIX.length, KEY_PREFIX.length + 8));
  });

  it('is stable for one key and differs between keys', () => {
    const a = formatKey(randomBytes(32));
    const b = formatKey(randomBytes(32));
    expect(hashSecret(a)).toBe(hashSecret(a));
    expect(hashSecret(a)).not.toBe(hashSecret(b));
  });
});

describe('maskKey', () => {
  it('shows the prefix and four characters, then an ellipsis', () => {
    const key = formatKey(randomBytes(32));
    expect(maskKey(key)).toBe(`${key.slice(0, 8)}…`);
  });

  it('never reveals more than the prefix and four characters', () => {
    for (let i = 0; i < 100; i++) {
      const key = formatKey(randomBytes(32));
      const shown = maskKey(key).replace(/…$/, '');
      expect(shown.length).toBeLessThanOrEqual(KEY_PREFIX.length + 4);
      expect(key.startsWith(shown)).toBe(true);
    }
  });

  it('shows nothing of a value without the prefix', () => {
    expect(maskKey('legacy-acme-tenant-token-0000')).toBe('…');
    expect(maskKey('')).toBe('…');
  });
});
