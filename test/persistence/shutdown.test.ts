import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStateDocument } from '../../src/store/snapshot.js';
import {
  consistencyProblems, CREATE_KEY, fixtureKey, request, requireBuiltCli, startCli, USERS, type SnapshotTables,
} from './cli.js';
import { dataFileIn, journalOf, removeDirs, tempDir } from './helpers.js';
import { Workload } from './workload.js';

/** How long a stop may take once nothing is in flight any more. */
const EXIT_WITHIN_MS = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A mutation whose body is sent in two parts: the server has the request (it is in flight) but
 * cannot answer until `finish` sends the rest.
 */
const slowMutation = (url: string, userId: string) => {
  const payload = Buffer.from(JSON.stringify({ query: CREATE_KEY, variables: { input: { user_id: userId, name: 'in flight at the signal' } } }));
  let started = false;
  const slow = { response: Promise.resolve({ status: 0, text: '' }), finish: (): void => undefined };
  slow.response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(`${url}/graphql`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${fixtureKey('acme-tenant-admin')}` },
    }, (res) => {
      started = true;
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', (error) => reject(new Error(`${started ? 'response cut off' : 'no response'}: ${error.message}`)));
    req.write(payload.subarray(0, 20));
    slow.finish = () => req.end(payload.subarray(20));
  });
  return slow;
};

/** Resolves once a new connection is refused (the server stopped accepting). */
const refusedWithin = async (url: string, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await request(`${url}/health`, {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    }
    await sleep(10);
  }
  return false;
};

beforeAll(() => requireBuiltCli());
afterAll(() => removeDirs());

describe('stopping on a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: stops accepting, finishes the requests in flight, flushes, exits 0, and keeps every acknowledged write`, async () => {
      const dir = tempDir();
      const dataFile = dataFileIn(dir);
      const running = await startCli(dataFile);
      const workload = new Workload({ deletes: true });
      let exitedAt = 0;
      void running.exited.then(() => {
        exitedAt = Date.now();
      });
      try {
        workload.start(running.url);
        const slow = slowMutation(running.url, USERS.alice);
        await sleep(randomInt(150, 400));
        const before = workload.acknowledged;
        running.child.kill(signal);
        const signalledAt = Date.now();

        // New connections are refused while the request in flight keeps the process running.
        expect(await refusedWithin(running.url, 5_000)).toBe(true);
        expect(exitedAt).toBe(0);
        slow.finish();
        const answer = await slow.response;
        expect(answer.status).toBe(200);
        const created = (JSON.parse(answer.text) as { data: { create_api_key: { id: string; key: string } } }).data.create_api_key;
        expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

        const exit = await Promise.race([running.exited, sleep(EXIT_WITHIN_MS).then(() => null)]);
        // Let the clients go (they would keep a server that never stops busy forever).
        await workload.stop();
        expect(exit, `the emulator did not exit within ${EXIT_WITHIN_MS} ms of ${signal} once the request in flight was answered`).toEqual({ code: 0, signal: null });
        console.log(
          `shutdown (${signal}): ${workload.acknowledged} acknowledged writes (${before} before the signal), ` +
          `exited 0 in ${exitedAt - signalledAt} ms, ${workload.incomplete} responses cut off`,
        );

        // Every response that started arrived whole, and all were the data asked for.
        expect(workload.incomplete).toBe(0);
        expect(workload.unexpected).toEqual([]);
        expect(workload.acked.size).toBeGreaterThan(0);

        // One complete JSON document, nothing left beside it.
        const document = validateStateDocument(JSON.parse(readFileSync(dataFile, 'utf8')), dataFile);
        expect(existsSync(journalOf(dataFile)) ? statSync(journalOf(dataFile)).size : 0).toBe(0);
        expect(readdirSync(dir).filter((f) => f !== 'state.json' && f !== 'state.json.journal')).toEqual([]);
        const tables = document.tables as unknown as SnapshotTables;
        const live = new Set(tables.apiKeys.map((k) => k.id));
        const revoked = new Set(tables.revokedKeys.map((k) => k.id));
        expect(live.has(created.id)).toBe(true);
        const missing = [...workload.acked.keys()].filter((id) => !workload.deleteAttempted.has(id) && !live.has(id));
        const undone = [...workload.deleted].filter((id) => live.has(id) || !revoked.has(id));
        expect(missing).toEqual([]);
        expect(undone).toEqual([]);
        expect(consistencyProblems(tables)).toEqual([]);
      } finally {
        await workload.stop();
        running.child.kill('SIGKILL');
      }
    }, 40_000);
  }
});
