// The costs a test suite pays at scale, for bench/run.mjs: reset and start-up with large
// states, sandboxes (creation, memory, many driven at once). Every figure is measured beside
// the bare node:http baseline of the same run. `kit` is run.mjs's plumbing (servers, load).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One request on a kept-alive connection (as a test's HTTP client makes them); resolves to { status, body, ms }.
 * @param {string} url
 * @param {{ method?: string, path?: string, headers?: Record<string, string>, body?: string | null }} [options]
 * @returns {Promise<{ status: number | undefined, body: string, ms: number }>}
 */
export function request(url, { method = 'GET', path = '/', headers = {}, body = null } = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.request(`${url}${path}`, { method, agent: keepAlive, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } : headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

export function stats(samples) {
  const s = Float64Array.from(samples).sort();
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, median: at(0.5), p99: at(0.99), max: s[s.length - 1] };
}

/** A key of the shipped default fixture, by ref: what every default sandbox holds. Kept in memory only. */
export function defaultFixtureKey(defaultFixture, ref) {
  const fixture = JSON.parse(readFileSync(defaultFixture, 'utf8'));
  const key = fixture.api_keys.find((k) => k.ref === ref);
  if (!key?.key) throw new Error(`${defaultFixture}: no key with ref ${ref}`);
  return { key: key.key, userId: key.user_id };
}

/** The same sequence of sequential requests on the baseline: the bare cost of one round trip. */
export async function bareRoundTrips(base, runs) {
  const ms = [];
  for (let i = 0; i < runs + 20; i++) {
    const r = await request(base.url, { method: 'POST', path: '/', body: '{}' });
    if (i >= 20) ms.push(r.ms);
  }
  return stats(ms);
}

/** The in-process figures, in a node process of their own (bench/in-process.mjs). */
export function inProcess(root, runs) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'in-process.mjs'), String(runs)], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const raw = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  return { reset: stats(raw.reset), sandbox: stats(raw.sandbox) };
}

/**
 * Resets over the control API (median of `runs`, after one untimed control request loads the
 * control API), then the first write after the last reset: copy on write moves the cost of
 * copying a table to the first change of it, and that is reported too.
 */
export async function resets(h, runs, write) {
  const warm = await request(h.url, { method: 'POST', path: '/__emulator/reset' });
  if (warm.status !== 200) throw new Error(`${h.label}: POST /__emulator/reset answered ${warm.status}: ${warm.body.slice(0, 300)}`);
  const ms = [];
  for (let i = 0; i < runs; i++) {
    await sleep(50);
    ms.push((await request(h.url, { method: 'POST', path: '/__emulator/reset' })).ms);
  }
  const first = await write();
  return { reset: stats(ms), firstWriteMs: first };
}

/**
 * Sandboxes over HTTP: the memory of `count` of them, then the creation latency (sequential),
 * each creation beside one bare round trip to `base` taken right before or after it (in turn),
 * so both see the same moment of a host whose speed changes from one second to the next.
 */
export async function sandboxes(h, { runs, count, rssOf, base }) {
  const create = async () => {
    const r = await request(h.url, { method: 'POST', path: '/__emulator/sandboxes', body: '{}' });
    if (r.status !== 201) throw new Error(`${h.label}: POST /__emulator/sandboxes answered ${r.status}: ${r.body.slice(0, 300)}`);
    return { id: JSON.parse(r.body).id, ms: r.ms };
  };
  const remove = async (id) => {
    const r = await request(h.url, { method: 'DELETE', path: `/__emulator/sandboxes/${id}` });
    if (r.status !== 200) throw new Error(`${h.label}: DELETE /__emulator/sandboxes/${id} answered ${r.status}`);
  };
  const ids = [];
  for (let i = 0; i < 20; i++) ids.push((await create()).id);
  for (const id of ids.splice(0)) await remove(id);
  // Memory first, on a heap that has not yet held (and kept) a thousand sandboxes.
  await sleep(500);
  const before = rssOf(h);
  for (let i = 0; i < count; i++) ids.push((await create()).id);
  await sleep(500);
  const after = rssOf(h);
  for (const id of ids.splice(0)) await remove(id);

  const ms = [];
  const bareMs = [];
  const bare = async () => bareMs.push((await request(base.url, { method: 'POST', path: '/', body: '{}' })).ms);
  for (let i = 0; i < runs; i++) {
    if (i % 2) await bare();
    const made = await create();
    ms.push(made.ms);
    ids.push(made.id);
    if (i % 2 === 0) await bare();
  }
  for (const id of ids.splice(0)) await remove(id);
  return { create: stats(ms), bare: stats(bareMs), rssBeforeMiB: before.rssMiB, rssAfterMiB: after.rssMiB, addedMiB: after.rssMiB - before.rssMiB, count };
}
