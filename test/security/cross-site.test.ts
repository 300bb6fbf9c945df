/**
 * Only the user's own tools may drive the emulator: pages of other origins (cross-site requests,
 * including the "simple" ones a browser sends without asking: text/plain, form and multipart
 * bodies) and rebound names (DNS rebinding: any Host that is not the emulator's) are refused,
 * while the Prefect client, curl, test code and the emulator's own UI keep working.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import type { Logger } from '../../src/service/logger.js';
import { ids, refs } from '../helpers/app.js';

interface Res { status: number; json: unknown }

const send = (base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Res> =>
  new Promise((resolve, reject) => {
    const url = new URL(base);
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = request({
      host: url.hostname, port: url.port, path, method,
      headers: { ...(payload ? { 'content-length': String(payload.length) } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = text; }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });

const lines: string[] = [];
const logger: Logger = { error: (m) => lines.push(m), warn: (m) => lines.push(m), info: () => undefined, debug: () => undefined };

let emulator: RunningEmulator;
let allowing: RunningEmulator;
const tally = { refused: 0, accepted: 0 };
const JSON_TYPE = { 'content-type': 'application/json' };
const MINT = JSON.stringify({ user_id: ids.alice });
const CREATE_KEY = JSON.stringify({ query: 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id } }', variables: { input: { user_id: ids.alice, name: 'from a page' } } });

beforeAll(async () => {
  emulator = await startEmulator({ logger });
  allowing = await startEmulator({ logger, allowHosts: ['emulator'], allowOrigins: ['http://localhost:3000'] });
});
afterAll(async () => {
  await emulator.close();
  await allowing.close();
  console.log(`cross-site and host checks: ${tally.refused} cross-site and rebinding requests tried and refused, ${tally.accepted} requests of the user's own tools accepted`);
});

/** The state as a text, to show that a refused request changed nothing. */
const state = (e: RunningEmulator): string => JSON.stringify({ snapshot: e.snapshot(), clock: e.clock.now().getTime() });

const refused = async (res: Promise<Res>, status: number, before: string, e = emulator): Promise<Res> => {
  const r = await res;
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  expect(state(e)).toBe(before);
  tally.refused += 1;
  return r;
};
const accepted = async (res: Promise<Res>, status = 200): Promise<Res> => {
  const r = await res;
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  tally.accepted += 1;
  return r;
};

describe('cross-site requests', () => {
  it('the control API takes only JSON bodies: text/plain, form and multipart posts are 415', async () => {
    await emulator.clock.freeze();
    const before = state(emulator);
    const r = await refused(send(emulator.url, 'POST', '/__emulator/reset', { 'content-type': 'text/plain' }, '{}'), 415, before);
    expect(r.json).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    await refused(send(emulator.url, 'POST', '/__emulator/clock/advance', { 'content-type': 'application/x-www-form-urlencoded' }, 'by=P30D'), 415, before);
    await refused(send(emulator.url, 'POST', '/__emulator/sandboxes', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="id"\r\n\r\nevil\r\n--x--\r\n'), 415, before);
    await refused(send(emulator.url, 'POST', '/__emulator/clock/set', { 'content-type': 'text/plain' }), 415, before);
    expect(emulator.clock.isFrozen()).toBe(true);
  });

  it('a page of another origin can neither change the state through the control API nor run a GraphQL mutation', async () => {
    const before = state(emulator);
    const evil = { origin: 'http://evil.example' };
    const r = await refused(send(emulator.url, 'POST', '/__emulator/reset', evil), 403, before);
    expect(r.json).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/--allow-origin/) as string } });
    await refused(send(emulator.url, 'POST', '/__emulator/keys', { ...evil, ...JSON_TYPE }, MINT), 403, before);
    await refused(send(emulator.url, 'POST', '/__emulator/clock/advance', { ...evil, ...JSON_TYPE }, '{"by":"P30D"}'), 403, before);
    await refused(send(emulator.url, 'POST', '/__emulator/sandboxes', { ...evil, ...JSON_TYPE }, '{}'), 403, before);
    await refused(send(emulator.url, 'GET', '/__emulator/snapshot', evil), 403, before);
    await refused(send(emulator.url, 'POST', '/__emulator/reset', { origin: 'null' }), 403, before);
    // A page served by another port of the same machine is another origin too.
    await refused(send(emulator.url, 'POST', '/__emulator/reset', { origin: 'http://127.0.0.1:1' }), 403, before);
    const auth = { authorization: `Bearer ${emulator.key(refs.aliceAdmin)}` };
    const m = await refused(send(emulator.url, 'POST', '/graphql', { ...evil, ...JSON_TYPE, ...auth }, CREATE_KEY), 403, before);
    expect(m.json).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    await refused(send(emulator.url, 'POST', '/graphql', { origin: 'null', ...JSON_TYPE, ...auth }, CREATE_KEY), 403, before);
  });

  it('the user\'s own tools pass: no Origin (the Prefect client, curl), the emulator\'s own pages, bodiless posts, allowed origins', async () => {
    const auth = { authorization: `Bearer ${emulator.key(refs.aliceAdmin)}` };
    const own = { origin: emulator.url };
    await accepted(send(emulator.url, 'POST', '/graphql', { ...JSON_TYPE, ...auth, 'user-agent': 'python-requests/2.31.0' }, CREATE_KEY));
    await accepted(send(emulator.url, 'POST', '/graphql', { ...own, ...JSON_TYPE, ...auth }, CREATE_KEY));
    await accepted(send(emulator.url, 'POST', '/__emulator/keys', { ...own, ...JSON_TYPE }, MINT), 201);
    await accepted(send(emulator.url, 'POST', '/__emulator/clock/unfreeze'));
    await accepted(send(emulator.url, 'POST', '/__emulator/reset', JSON_TYPE, '{}'));
    // localhost and 127.0.0.1 are the same machine but not the same origin: each page passes on its own name.
    const local = emulator.url.replace('127.0.0.1', 'localhost');
    await accepted(send(emulator.url, 'POST', '/__emulator/clock/freeze', { host: new URL(local).host, origin: local }));
    // A query from another origin is harmless (the browser does not let the page read it).
    await accepted(send(emulator.url, 'POST', '/graphql', { origin: 'http://evil.example', ...JSON_TYPE }, '{"query":"{ hello }"}'));
    await accepted(send(allowing.url, 'POST', '/__emulator/keys', { origin: 'http://localhost:3000', ...JSON_TYPE }, MINT), 201);
    await accepted(send(allowing.url, 'POST', '/graphql', { origin: 'http://localhost:3000', ...JSON_TYPE, authorization: `Bearer ${allowing.key(refs.aliceAdmin)}` }, CREATE_KEY));
  });
});

describe('DNS rebinding: the Host header', () => {
  it('refuses every route for a name that is not the emulator\'s, before anything runs', async () => {
    const before = state(emulator);
    const rebound = { host: `attacker.example:${emulator.port}` };
    const r = await refused(send(emulator.url, 'POST', '/__emulator/keys', { ...rebound, ...JSON_TYPE }, MINT), 403, before);
    expect(r.json).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/--allow-host/) as string } });
    await refused(send(emulator.url, 'GET', '/__emulator/snapshot', rebound), 403, before);
    await refused(send(emulator.url, 'GET', '/__emulator/fixture-keys', rebound), 403, before);
    await refused(send(emulator.url, 'POST', '/__emulator/reset', { ...rebound, origin: `http://${rebound.host}` }), 403, before);
    const g = await refused(send(emulator.url, 'POST', '/graphql', { ...rebound, ...JSON_TYPE }, '{"query":"{ hello }"}'), 403, before);
    expect(g.json).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    await refused(send(emulator.url, 'GET', '/health', rebound), 403, before);
    await refused(send(emulator.url, 'GET', '/ui/', rebound), 403, before);
    await refused(send(emulator.url, 'GET', '/__emulator/snapshot', { host: 'attacker.example' }), 403, before);
    await refused(send(emulator.url, 'GET', '/__emulator/snapshot', { host: 'localhost.attacker.example' }), 403, before);
    // The name the docker image's users would need is refused until allowed.
    await refused(send(emulator.url, 'GET', '/__emulator/snapshot', { host: `emulator:${emulator.port}` }), 403, before);
  });

  it('accepts loopback names and addresses, and the names given with --allow-host', async () => {
    for (const host of [`127.0.0.1:${emulator.port}`, `localhost:${emulator.port}`, `[::1]:${emulator.port}`, '127.0.0.2', 'app.localhost']) {
      await accepted(send(emulator.url, 'GET', '/health', { host }));
    }
    await accepted(send(allowing.url, 'GET', '/__emulator/info', { host: `emulator:${allowing.port}` }));
    await accepted(send(allowing.url, 'POST', '/graphql', { host: `emulator:${allowing.port}`, ...JSON_TYPE }, '{"query":"{ hello }"}'));
  });

  it('hands out sandbox URLs built from its own origin, not from the request\'s Host', async () => {
    const r = await accepted(send(allowing.url, 'POST', '/__emulator/sandboxes', { host: `emulator:${allowing.port}`, ...JSON_TYPE }, '{"id":"w1"}'), 201);
    expect((r.json as { url: string }).url).toBe(`${allowing.url}/sandboxes/w1`);
  });
});

describe('binding beyond this machine', () => {
  it('warns at start when bound to a non-loopback address without an admin token, and only then', async () => {
    lines.length = 0;
    const open = await startEmulator({ logger, host: '0.0.0.0' });
    await open.close();
    expect(lines.join('\n')).toMatch(/listening on 0\.0\.0\.0, beyond this machine, without an admin token: .*--admin-token/);
    lines.length = 0;
    const guarded = await startEmulator({ logger, host: '0.0.0.0', adminToken: 'a-long-admin-token' });
    await guarded.close();
    const local = await startEmulator({ logger });
    await local.close();
    expect(lines).toEqual([]);
  });
});
