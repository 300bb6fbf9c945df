// Writes the benchmark's own fixture files (format: src/fixtures/format.ts, version 1) into a
// directory and returns what the bench needs to drive them. Everything is deterministic: ids
// are UUIDs and keys are `pce_` + base64url(sha256(label)) (43 characters), so runs compare.
//
// The plaintext keys exist only in the files written here and in the returned object; the
// bench keeps them in memory and never prints them.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SEED = 'prefect-cloud-emulator-bench-v1';

function sha256(label) {
  return createHash('sha256').update(`${SEED}:${label}`).digest();
}

/** A deterministic UUID (version-4 layout) derived from a label. */
export function benchUuid(label) {
  const b = Buffer.from(sha256(`uuid:${label}`).subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A deterministic API key: `pce_` + exactly 43 characters of [A-Za-z0-9_-]. */
export function benchKey(label) {
  return `pce_${sha256(`key:${label}`).toString('base64url')}`;
}

export const KEY_PATTERN = /pce_[A-Za-z0-9_-]{43}/g;

const OTHER_TENANTS = 10;
const OTHER_USERS = 1000;
export const BENCH_USER_KEYS = 10;

function baseFixture(description) {
  const benchTenant = { id: benchUuid('tenant:bench'), name: 'Bench', slug: 'bench' };
  const tenants = [benchTenant];
  for (let t = 0; t < OTHER_TENANTS; t++) {
    tenants.push({ id: benchUuid(`tenant:${t}`), name: `Other ${t}`, slug: `other-${t}` });
  }
  const benchUser = {
    id: benchUuid('user:bench'),
    username: 'bench',
    email: 'bench@example.com',
    memberships: [{ tenant_id: benchTenant.id, role: 'USER' }],
  };
  const users = [benchUser];
  for (let u = 0; u < OTHER_USERS; u++) {
    const tenant = tenants[1 + (u % OTHER_TENANTS)];
    users.push({
      id: benchUuid(`user:${u}`),
      username: `user${u}`,
      email: `user${u}@example.com`,
      memberships: [{ tenant_id: tenant.id, role: 'USER' }],
    });
  }
  const apiKeys = [];
  for (let k = 0; k < BENCH_USER_KEYS; k++) {
    apiKeys.push({
      id: benchUuid(`apikey:bench:${k}`),
      ref: `bench-${k}`,
      name: `bench key ${k}`,
      user_id: benchUser.id,
      tenant_id: benchTenant.id,
      key: benchKey(`bench:${k}`),
    });
  }
  return { fixture: { version: 1, description, tenants, users, api_keys: apiKeys }, benchTenant, benchUser };
}

/** Adds `count` keys spread round-robin over the 1,000 other users. */
function addOtherKeys(fixture, count) {
  const others = fixture.users.slice(1);
  for (let k = 0; k < count; k++) {
    const user = others[k % others.length];
    fixture.api_keys.push({
      id: benchUuid(`apikey:other:${k}`),
      ref: `other-${k}`,
      name: `other key ${k}`,
      user_id: user.id,
      tenant_id: user.memberships[0].tenant_id,
      key: benchKey(`other:${k}`),
    });
  }
}

/**
 * Writes `keys-10.json` (the bench user's 10 keys only), `keys-100.json` (+90 keys) and
 * `keys-100k.json` (+99,990 keys over 1,000 other users) into `dir`. All three hold the same
 * 11 tenants and 1,001 users, so only the number of keys differs between them.
 */
export function writeBenchFixtures(dir) {
  const files = {};
  /** @type {ReturnType<typeof baseFixture> | undefined} */
  let meta;
  /** @type {[string, number][]} */
  const sizes = [['keys10', 10], ['keys100', 100], ['keys100k', 100_000]];
  for (const [name, total] of sizes) {
    const built = baseFixture(`prefect-cloud-emulator bench fixture: ${total} API keys`);
    addOtherKeys(built.fixture, total - BENCH_USER_KEYS);
    if (built.fixture.api_keys.length !== total) throw new Error(`fixture ${name}: ${built.fixture.api_keys.length} keys, wanted ${total}`);
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(built.fixture));
    files[name] = path;
    meta = built;
  }
  if (!meta) throw new Error('no fixture was built');
  const bench = meta;
  const readKey = bench.fixture.api_keys[0];
  return {
    files,
    tenantId: bench.benchTenant.id,
    userId: bench.benchUser.id,
    /** The key the reads authenticate with (plaintext: keep it in memory, never print it). */
    readKey: readKey.key,
    readKeyId: readKey.id,
    readKeyName: readKey.name,
    /** The ids of the bench user's 10 keys: what `auth_api_key` lists for it. */
    benchKeyIds: bench.fixture.api_keys.filter((k) => k.user_id === bench.benchUser.id).map((k) => k.id),
  };
}
