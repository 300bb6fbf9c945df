/**
 * No single request can stall the others: every request shares one event loop. Each adversarial
 * request is sent at the largest size its limits allow (and beyond, where it must be refused
 * with an error naming the limit) while a timer probe measures the longest time the loop was
 * held. The bound (100 ms) is generous: it catches seconds-long stalls, not slow machines.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/limits.js';
import { fixtureOrigin } from '../../src/fixtures/load.js';
import { Emulator } from '../../src/service/emulator.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { bearer, listen, type HttpResult, type LiveServer } from './support.js';

const BOUND_MS = 100;
const PROBE_MS = 2;

let app: TestApp;
let server: LiveServer;
const stalls: [string, number][] = [];

beforeAll(async () => {
  app = await createTestApp();
  server = await listen(app.handler);
  // bob holds the most keys a user may, each with a 255-character name: the rows a LIKE scans.
  for (let i = 0; i < LIMITS.keysPerUser - 1; i++) {
    await app.main.mintKey({ user_id: ids.bob, name: `${String(i).padStart(4, '0')}${'ab'.repeat(125)}a` });
  }
  // Warm up what loads lazily (faker, express), so the measures are of the requests themselves.
  await control('POST', '/sandboxes', { id: 'warm-up', generate: 'tenants=1,users=1' });
  await control('DELETE', '/sandboxes/warm-up');
});
afterAll(async () => {
  await server.close();
  await app.close();
  const longest = Math.max(...stalls.map(([, ms]) => ms));
  console.log(`event-loop stalls (longest per adversarial request, limit ${BOUND_MS} ms): ${stalls.map(([what, ms]) => `${what} ${ms.toFixed(0)} ms`).join(', ')}; longest ${longest.toFixed(0)} ms`);
});

/** This process's CPU time so far, in ms (all its threads: an over-estimate of the loop's own). */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `work` twice and measures the longest the event loop was held during the second run (the
 * first compiles the code paths it takes: a one-off, not the request's cost). A gap between two
 * ticks of the probe counts for the CPU time this process spent in it, at most its length: on a
 * machine busy with other test files, the wall-clock gap also holds the time the process waited
 * for a CPU, which no request of ours caused.
 */
const measured = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
  await work();
  await new Promise((r) => setTimeout(r, 20));
  let last = performance.now();
  let lastCpu = cpuMs();
  let longest = 0;
  const tick = (expected: number): void => {
    const now = performance.now();
    const cpu = cpuMs();
    longest = Math.max(longest, Math.min(now - last - expected, cpu - lastCpu));
    last = now;
    lastCpu = cpu;
  };
  const probe = setInterval(() => tick(PROBE_MS), PROBE_MS);
  try {
    const result = await work();
    await new Promise((r) => setTimeout(r, PROBE_MS * 3));
    return result;
  } finally {
    clearInterval(probe);
    tick(PROBE_MS * 3);
    stalls.push([what, Math.max(0, longest)]);
    expect(longest, `${what} held the event loop ${longest.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
  }
};

const control = (method: string, path: string, body?: unknown): Promise<HttpResult> =>
  server.raw(method, `/__emulator${path}`, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' });

const fresh = (method: string, path: string, body: string): Promise<{ status: number; json: unknown }> =>
  new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = request({ host: url.hostname, port: url.port, path, method, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as unknown }));
    });
    req.on('error', reject);
    req.end(body);
  });

const KEYS = 'query($where: auth_api_key_bool_exp) { auth_api_key(where: $where) { id } }';
const asBob = (query: string, variables: Record<string, unknown>) => server.gql({ query, variables, authorization: bearer(app.key(refs.bob)) });
const errorOf = (res: { body: { errors?: { message: string; extensions?: { code?: string } }[] } }): { code: string | undefined; message: string } =>
  ({ code: res.body.errors?.[0]?.extensions?.code, message: res.body.errors?.[0]?.message ?? '' });

/** The slowest shape of pattern: many `_` and `%`, matching nothing only at its very end. */
const worstPattern = (length: number): string => `%${'a_'.repeat((length - 3) / 2)}%z`.slice(0, length);

describe('costly GraphQL filters', () => {
  it('refuses a 500 KB LIKE pattern at once, naming the limit', async () => {
    const res = await measured('_like of 500 KB', () => asBob(KEYS, { where: { name: { _like: `%${'a%'.repeat(250_000)}` } } }));
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(new RegExp(`at most ${LIMITS.likePatternLength} characters, the limit`)) as string });
  });

  it('answers the costliest patterns the limits allow over the most keys a user may hold', async () => {
    const res = await measured(`_like at ${LIMITS.likePatternLength} chars over ${LIMITS.keysPerUser} keys`, () =>
      asBob(KEYS, { where: { name: { _like: worstPattern(LIMITS.likePatternLength) } } }));
    expect(res.body.errors).toBeUndefined();
    const many = Array.from({ length: LIMITS.likeOperators }, () => ({ name: { _ilike: worstPattern(LIMITS.likePatternLength) } }));
    const all = await measured(`${LIMITS.likeOperators} _ilike at the limit`, () => asBob(KEYS, { where: { _or: many } }));
    expect(all.body.errors).toBeUndefined();
    const values = Array.from({ length: LIMITS.inValues }, (_, i) => `value ${i}`);
    const inList = await measured(`_in of ${LIMITS.inValues} values`, () => asBob(KEYS, { where: { name: { _in: values } } }));
    expect(inList.body.errors).toBeUndefined();
  });

  it('refuses filters beyond their limits, each naming it', async () => {
    const likes = await measured('too many _like', () => asBob(KEYS, { where: { _or: Array.from({ length: LIMITS.likeOperators + 1 }, () => ({ name: { _like: '%a%' } })) } }));
    expect(errorOf(likes).message).toMatch(new RegExp(`at most ${LIMITS.likeOperators} times, the limit`));
    const conditions = await measured(`_or of ${LIMITS.whereConditions + 1}`, () => asBob(KEYS, { where: { _or: Array.from({ length: LIMITS.whereConditions + 1 }, (_, i) => ({ name: { _eq: `x${i}` } })) } }));
    expect(errorOf(conditions).message).toMatch(new RegExp(`at most ${LIMITS.whereConditions} conditions, the limit`));
    const huge = await measured('a 1 MB _or', () => asBob(KEYS, { where: { _or: Array.from({ length: 20_000 }, (_, i) => ({ name: { _eq: `x${i}` } })) } }));
    expect(huge.status).toBe(400);
    expect(errorOf(huge).message).toMatch(/"variables" hold more than 10000 values, the limit/);
    const inList = await measured(`_in of ${LIMITS.inValues + 1} values`, () => asBob(KEYS, { where: { name: { _in: Array.from({ length: LIMITS.inValues + 1 }, (_, i) => i.toString(36)) } } }));
    expect(errorOf(inList).message).toMatch(new RegExp(`at most ${LIMITS.inValues} values, the limit`));
    let deep: Record<string, unknown> = { name: { _eq: 'x' } };
    for (let i = 0; i < 800; i++) deep = { _and: [deep] };
    const nested = await measured('where nested 800 levels', () => asBob(KEYS, { where: deep }));
    expect(nested.status).toBe(400);
    expect(errorOf(nested).message).toMatch(/nested more than 64 levels deep, the limit/);
  });
});

describe('costly writes', () => {
  it('refuses a key beyond the per-user limit, and agent labels beyond theirs, naming the limits', async () => {
    const key = await measured('create_api_key over the limit', () => asBob('mutation($input: create_api_key_input!) { create_api_key(input: $input) { id } }', { input: { user_id: ids.bob, name: 'one too many' } }));
    expect(errorOf(key)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(new RegExp(`the limit of ${LIMITS.keysPerUser} keys per user`)) as string });
    const labels = Array.from({ length: 5_000 }, (_, i) => `label ${i}`);
    const agent = await measured('register_agent with 5,000 labels', () => asBob('mutation($input: register_agent_input!) { register_agent(input: $input) { id } }', { input: { type: 'LocalAgent', labels } }));
    expect(errorOf(agent).message).toMatch(new RegExp(`at most ${LIMITS.agentLabels} labels, the limit`));
  });
});

describe('costly sandboxes', () => {
  it('refuses a huge generate spec at once, naming the limit, and creates the largest allowed without stalling', async () => {
    const huge = await measured('generate of 100,000 keys', () => control('POST', '/sandboxes', { generate: 'tenants=1000,users=10000,keys-per-user=10' }));
    expect(huge.status).toBe(400);
    expect((huge.json as { error: { message: string } }).error.message).toMatch(/more than the limit of \d+ for a fixture given through the control API/);
    const principals = LIMITS.generatedPrincipals;
    const spec = `tenants=${LIMITS.generatedTenants},users=${principals - 20},service-accounts=20,keys-per-user=${Math.floor(LIMITS.generatedKeys / principals)}`;
    const largest = await measured('the largest generated sandbox', () => control('POST', '/sandboxes', { generate: spec }));
    expect(largest.status).toBe(201);
    const inline = { version: 1, tenants: [{ id: ids.acme, name: 'Acme', slug: 'acme' }], users: [{ id: ids.alice, username: 'alice', memberships: [{ tenant_id: ids.acme, role: 'TENANT_ADMIN' }] }], api_keys: Array.from({ length: 12_000 }, (_, i) => ({ name: `k${i}`, user_id: ids.alice })) };
    const tooMany = await measured('inline fixture of 12,000 keys', () => control('POST', '/sandboxes', { fixture: inline }));
    expect(tooMany.status).toBe(400);
    expect((tooMany.json as { error: { message: string } }).error.message).toMatch(new RegExp(`12000 API keys, more than the limit of ${LIMITS.generatedKeys}`));
  });

  it('lets exactly one of ten concurrent creations of the same id through', async () => {
    // Each on its own connection, so all ten are in flight at once.
    const results = await Promise.all(Array.from({ length: 10 }, () => fresh('POST', '/__emulator/sandboxes', JSON.stringify({ id: 'raced', fixture: 'default' }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(400)]);
    for (const r of results.filter((x) => x.status === 400)) expect((r.json as { error: { message: string } }).error.message).toMatch(/sandbox "raced" already exists/);
  });

  it('never passes the sandbox limit, however creations race', async () => {
    const emulator = await Emulator.create({ origin: { ...fixtureOrigin({ name: 'default' }), clock: { frozenAt: null, offsetMs: 0 } }, maxSandboxes: 5 });
    try {
      const origin = emulator.mainOrigin();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => emulator.createSandbox({ origin })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      expect(emulator.listSandboxes()).toHaveLength(5);
      expect(results.filter((r) => r.status === 'rejected').every((r) => /5 is the limit/.test(String((r as PromiseRejectedResult).reason)))).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
