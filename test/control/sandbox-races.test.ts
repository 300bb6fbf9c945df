/**
 * Sandbox creations racing through the real control API on a real socket: each request names a
 * ready fixture, which is read from disk while the creation awaits, so every request is in
 * flight at once. The id and the place under the limit are taken before that await, or a
 * race lets several through.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureOrigin } from '../../src/fixtures/load.js';
import { createRequestHandler, DEFAULT_BODY_LIMIT } from '../../src/http/server.js';
import { Emulator } from '../../src/service/emulator.js';
import { silentLogger } from '../../src/service/logger.js';

interface Answer { status: number; body: { id?: string; error?: { code: string; message: string; field?: string } } }

let running: { server: Server; emulator: Emulator } | undefined;
afterEach(async () => {
  if (!running) return;
  const { server, emulator } = running;
  running = undefined;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await emulator.close();
});

/** An emulator with `maxSandboxes` behind the real request handler, listening on port 0. */
const serve = async (maxSandboxes?: number): Promise<string> => {
  const emulator = await Emulator.create({
    origin: { ...fixtureOrigin({ name: 'default' }), clock: { frozenAt: null, offsetMs: 0 } },
    ...(maxSandboxes === undefined ? {} : { maxSandboxes }),
  });
  const handler = createRequestHandler(emulator, { bodyLimit: DEFAULT_BODY_LIMIT, logger: silentLogger, version: 'test' });
  const server = createServer(handler);
  running = { server, emulator };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** One request on its own connection, so that all of a batch are in flight together. */
const send = (url: string, method: string, path: string, body?: unknown): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${url}${path}`, {
      method,
      agent: false,
      headers: payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {},
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });

const listed = async (url: string): Promise<string[]> =>
  ((await send(url, 'GET', '/__emulator/sandboxes')).body as { sandboxes: { id: string }[] }).sandboxes.map((s) => s.id).sort();

const create = (url: string, body: Record<string, unknown>): Promise<Answer> => send(url, 'POST', '/__emulator/sandboxes', body);

describe('concurrent sandbox creations over HTTP', () => {
  it('never pass the limit: exactly `limit` of 24 racing creations answer 201, the rest 400 naming the limit', async () => {
    const limit = 4;
    const url = await serve(limit);
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => create(url, { id: `racer-${i}`, fixture: 'default' })));
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(created).toHaveLength(limit);
    expect(refused).toHaveLength(24 - limit);
    for (const a of refused) {
      expect(a.status).toBe(400);
      expect(a.body.error?.code).toBe('BAD_USER_INPUT');
      expect(a.body.error?.message).toMatch(/too many sandboxes: 4 is the limit/);
    }
    expect(await listed(url)).toEqual(created.map((a) => a.body.id!).sort());
    // A place freed by a delete can be taken again, and only one.
    expect((await send(url, 'DELETE', `/__emulator/sandboxes/${created[0]!.body.id!}`)).status).toBe(200);
    const again = await Promise.all(Array.from({ length: 6 }, (_, i) => create(url, { id: `late-${i}`, fixture: 'default' })));
    expect(again.filter((a) => a.status === 201)).toHaveLength(1);
    expect(await listed(url)).toHaveLength(limit);
  });

  it('never pass the limit with random ids either', async () => {
    const url = await serve(3);
    const answers = await Promise.all(Array.from({ length: 15 }, () => create(url, { fixture: 'default' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 400 && /3 is the limit/.test(a.body.error?.message ?? ''))).toHaveLength(12);
    expect(await listed(url)).toHaveLength(3);
  });

  it('let exactly one of 16 racing creations of the same id through; the others answer 400 "already exists"', async () => {
    const url = await serve();
    const answers = await Promise.all(Array.from({ length: 16 }, () => create(url, { id: 'same', fixture: 'default' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(15);
    for (const a of refused) {
      expect(a.status).toBe(400);
      expect(a.body.error?.code).toBe('BAD_USER_INPUT');
      expect(a.body.error?.message).toMatch(/sandbox "same" already exists/);
    }
    expect(await listed(url)).toEqual(['same']);
    // The sandbox that won is whole and answers under its prefix.
    const health = await send(url, 'GET', '/sandboxes/same/health');
    expect(health.status).toBe(200);
  });

  it('free the id of a creation that failed: a refused fixture does not hold the id or a place', async () => {
    const url = await serve(2);
    const failed = await Promise.all(Array.from({ length: 5 }, () => create(url, { id: 'retry', fixture: 'no-such-fixture' })));
    expect(failed.every((a) => a.status === 400)).toBe(true);
    const ok = await Promise.all([create(url, { id: 'retry', fixture: 'default' }), create(url, { id: 'other', fixture: 'default' })]);
    expect(ok.map((a) => a.status)).toEqual([201, 201]);
    expect(await listed(url)).toEqual(['other', 'retry']);
  });
});
