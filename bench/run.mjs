#!/usr/bin/env node
// `npm run bench`: the emulator's performance next to a bare node:http baseline, measured in
// the same run on the same machine. Not part of `npm test`.
//
// It starts every server itself (child processes on 127.0.0.1, `--port 0`), measures, prints
// a table and writes it to bench/results/latest.{json,md}. Children are always killed at the
// end, on error too. BENCH_DURATION (seconds, default 10) scales the load phases; the whole
// run is bounded by a watchdog.
//
// Plaintext API keys live only in the temporary fixture files and in this process's memory:
// nothing printed or written here contains one (child output and response bodies shown on
// failure are redacted).
//
// BENCH_CLI=<path> benches another build of the CLI (default dist/cli/main.js).
// For plumbing tests only: BENCH_EMULATOR=baseline runs the whole bench with the baseline
// server standing in for the emulator (answers are then not checked for content).
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { KEY_PATTERN, writeBenchFixtures } from './fixtures.mjs';
import { parallelSandboxes } from './parallel.mjs';
import { queuePoll } from './queue.mjs';
import { scaleNotes, scaleRows } from './scale-rows.mjs';
import { bareRoundTrips, defaultFixtureKey, inProcess, resets, sandboxes } from './scale.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(ROOT, 'dist', 'cli', 'main.js');
const BASELINE = join(ROOT, 'bench', 'baseline-server.mjs');
const DEFAULT_FIXTURE = join(ROOT, 'fixtures', 'default.json');
const RESULTS_DIR = join(ROOT, 'bench', 'results');

// The CLI reads PREFECT_EMULATOR_* variables (a data file, a log level, …): the bench passes
// everything as flags, so none of the caller's environment changes what is measured.
const CHILD_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PREFECT_EMULATOR_')));

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
if (!Number.isFinite(DURATION) || DURATION <= 0) {
  console.error(`bench: BENCH_DURATION must be a positive number of seconds, got ${JSON.stringify(process.env.BENCH_DURATION)}`);
  process.exit(2);
}
const FAKE = process.env.BENCH_EMULATOR === 'baseline';

const READ_SECONDS = DURATION;
const WRITE_SECONDS = DURATION * 0.8;
const WARMUP_SECONDS = Math.min(2, Math.max(0.5, DURATION * 0.2));
const READ_CONNECTIONS = 32;
const WRITE_CONNECTIONS = 16;
const READ_SEGMENTS = Math.max(1, Math.min(5, Math.floor(DURATION / 2)));
const WRITE_SEGMENTS = Math.max(1, Math.min(4, Math.floor(DURATION / 2)));
const SETTLE_MS = 300;
const STARTUP_RUNS = 11;
const LOAD_RUNS = 5;
const START_100K_RUNS = 3;
const RESET_RUNS = 9;
const SANDBOX_RUNS = 1_000;
const SANDBOX_COUNT = 1_000;
const IN_PROCESS_RUNS = 1_000;
const PARALLEL = { count: 16, connections: 32, rounds: Math.max(2, Math.min(5, Math.floor(DURATION / 2))), seconds: Math.max(0.5, DURATION / 5) };
const HEALTH_POLL_MS = 2;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const WATCHDOG_MS = (360 + 30 * DURATION) * 1000;

const CORE_VERSION = '1.4.1';
const Q_AUTH_INFO = 'query { auth_info { tenant_id user_id } }';
const Q_AUTH_API_KEY = 'query { auth_api_key { id name expires_at } }';
const M_CREATE = 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }';
const M_DELETE = 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }';
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

// ---------------------------------------------------------------------------------------------
// Output hygiene

function redact(text) {
  return String(text).replace(KEY_PATTERN, 'pce_<redacted>');
}

function log(message) {
  console.log(redact(message));
}

class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// Child processes

const children = new Set();
let tmpDir = null;

function killAllSync() {
  for (const h of children) {
    if (h.exit === null) {
      try { h.child.kill('SIGKILL'); } catch { /* already gone */ }
    }
  }
}

function cleanupTmp() {
  if (tmpDir && !process.env.BENCH_KEEP_TMP) {
    try { rmSync(tmpDir, { recursive: true, force: true }); } catch { /* best effort */ }
    tmpDir = null;
  }
}

process.on('exit', () => { killAllSync(); cleanupTmp(); });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`bench: ${sig}, stopping the servers`);
    killAllSync();
    cleanupTmp();
    process.exit(130);
  });
}

function tail(lines, n = 30) {
  return redact(lines.slice(-n).join('\n'));
}

/**
 * Spawns a server (`kind`: 'emulator' or 'baseline'), resolves once it printed its ready line.
 * `t0` is taken immediately before spawn(); `readyMs` is when the ready line arrived.
 */
function startServer(label, kind, args) {
  const script = kind === 'emulator' && !FAKE ? CLI : BASELINE;
  const fullArgs = kind === 'emulator' && !FAKE ? args : ['--host', '127.0.0.1', '--port', '0'];
  const h = { label, kind, args: fullArgs, stdout: [], stderr: [], exit: null, url: null, pid: null };
  const t0 = performance.now();
  const child = spawn(process.execPath, [script, ...fullArgs], { cwd: ROOT, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  h.child = child;
  h.t0 = t0;
  h.pid = child.pid;
  children.add(h);
  h.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => { h.exit = { code, signal }; resolve(h.exit); });
    child.on('error', (err) => { h.exit = { code: null, signal: null, error: err.message }; resolve(h.exit); });
  });
  const keepLines = (arr) => {
    let partial = '';
    return (chunk) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop();
      for (const line of parts) {
        arr.push(line);
        if (arr.length > 200) arr.shift();
        if (arr === h.stdout && !h.url && /ready/i.test(line)) {
          const m = /http:\/\/[^\s'"<>)\]]+/.exec(line);
          if (m) {
            try { h.url = new URL(m[0].replace(/[.,;:]+$/, '')).origin; } catch { /* keep looking */ }
            if (h.url) { h.readyMs = performance.now() - t0; h.onReady?.(); }
          }
        }
      }
    };
  };
  child.stdout.on('data', keepLines(h.stdout));
  child.stderr.on('data', keepLines(h.stderr));
  h.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError(`${label}: no ready line with a URL on stdout within ${START_TIMEOUT_MS} ms\n${describeOutput(h)}`)), START_TIMEOUT_MS);
    h.onReady = () => { clearTimeout(timer); resolve(h); };
    h.exited.then((e) => { clearTimeout(timer); if (!h.url) reject(new BenchError(`${label}: exited before it was ready (${fmtExit(e)})\n${describeOutput(h)}`)); });
  });
  return h;
}

function fmtExit(e) {
  if (!e) return 'running';
  if (e.error) return `spawn error: ${e.error}`;
  return e.signal ? `signal ${e.signal}` : `exit code ${e.code}`;
}

function describeOutput(h) {
  return `  command: node ${relative(ROOT, h.kind === 'emulator' && !FAKE ? CLI : BASELINE)} ${h.args.map((a) => (a.startsWith(os.tmpdir()) ? `<tmp>/${relative(tmpDir ?? os.tmpdir(), a)}` : a)).join(' ')}\n` +
    `  stdout (last lines):\n${indent(tail(h.stdout))}\n  stderr (last lines):\n${indent(tail(h.stderr))}`;
}

function indent(text) {
  return text ? text.split('\n').map((l) => `    | ${l}`).join('\n') : '    | (nothing)';
}

function assertAlive(h) {
  if (h.exit !== null) throw new BenchError(`${h.label}: the server process died (${fmtExit(h.exit)})\n${describeOutput(h)}`);
}

function getStatus(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

/** Waits for the ready line, then polls GET /health every ~2 ms; returns ms from spawn to the first 200. */
async function untilHealthy(h) {
  await h.ready;
  const deadline = h.t0 + START_TIMEOUT_MS;
  for (;;) {
    assertAlive(h);
    const status = await getStatus(`${h.url}/health`);
    if (status === 200) {
      h.healthyMs = performance.now() - h.t0;
      return h.healthyMs;
    }
    if (performance.now() > deadline) throw new BenchError(`${h.label}: GET /health did not answer 200 within ${START_TIMEOUT_MS} ms (last status ${status})\n${describeOutput(h)}`);
    await sleep(HEALTH_POLL_MS);
  }
}

async function launch(label, kind, args) {
  const h = startServer(label, kind, args);
  await untilHealthy(h);
  return h;
}

const stopProblems = [];

/** SIGTERM, wait for the exit (SIGKILL after a timeout); records anything but a clean exit 0. */
async function stopServer(h) {
  if (h.exit === null) {
    h.child.kill('SIGTERM');
    const t = performance.now();
    const timer = setTimeout(() => { if (h.exit === null) h.child.kill('SIGKILL'); }, STOP_TIMEOUT_MS);
    await h.exited;
    clearTimeout(timer);
    h.stopMs = performance.now() - t;
    if (h.exit.code !== 0) {
      stopProblems.push(`${h.label}: after SIGTERM, ${fmtExit(h.exit)} after ${h.stopMs.toFixed(0)} ms${h.exit.signal === 'SIGKILL' ? ' (killed: it did not exit within the timeout)' : ''}`);
    }
  } else {
    stopProblems.push(`${h.label}: had already exited (${fmtExit(h.exit)}) before the bench stopped it`);
  }
  children.delete(h);
  return h.exit;
}

function peakRss(h) {
  assertAlive(h);
  const status = readFileSync(`/proc/${h.pid}/status`, 'utf8');
  const kb = (name) => Number((new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status) ?? [])[1]);
  return { hwmMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024 };
}

// ---------------------------------------------------------------------------------------------
// Requests, as the Prefect 1.x Python client sends them

function clientHeaders(key) {
  return {
    'Authorization': `Bearer ${key}`,
    'Content-Type': 'application/json',
    'X-PREFECT-CORE-VERSION': CORE_VERSION,
  };
}

/** The body `prefect.Client.graphql()` posts: `variables` is itself a JSON string. */
function gqlBody(query, variables = null) {
  return JSON.stringify({ query, variables: JSON.stringify(variables) });
}

async function postOnce(url, key, body) {
  const res = await fetch(`${url}/`, { method: 'POST', headers: clientHeaders(key), body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* reported below */ }
  return { status: res.status, text, json };
}

function wrongAnswer(label, what, r) {
  return new BenchError(`${label}: ${what} (HTTP ${r.status}) - a fast wrong answer is not a result. Body: ${redact(r.text).slice(0, 800)}`);
}

function checkBasics(label, r) {
  if (r.status < 200 || r.status > 299) throw wrongAnswer(label, 'sample request is not 2xx', r);
  if (!r.json) throw wrongAnswer(label, 'sample response is not JSON', r);
  if (r.text.includes('"errors"')) throw wrongAnswer(label, 'sample response has "errors"', r);
}

/** Sends one request of a read load and verifies the answer before the load runs. */
async function checkRead(h, fx, query) {
  const r = await postOnce(h.url, fx.readKey, gqlBody(query));
  checkBasics(`${h.label} ${queryName(query)}`, r);
  if (h.kind === 'baseline' || FAKE) return;
  const d = r.json.data ?? {};
  if (query === Q_AUTH_INFO) {
    const a = d.auth_info;
    if (!a || a.user_id !== fx.userId || a.tenant_id !== fx.tenantId) {
      throw wrongAnswer(`${h.label} auth_info`, `expected user_id ${fx.userId} and tenant_id ${fx.tenantId}`, r);
    }
  } else {
    // auth_api_key lists the keys the caller may see: for this USER, its own 10 keys.
    const a = d.auth_api_key;
    const ids = Array.isArray(a) ? a.map((k) => k?.id).sort() : [];
    const want = [...fx.benchKeyIds].sort();
    if (ids.length !== want.length || ids.some((id, i) => id !== want[i])) {
      throw wrongAnswer(`${h.label} auth_api_key`, `expected a list of the bench user's ${want.length} keys`, r);
    }
    if (!a.some((k) => k.id === fx.readKeyId && k.name === fx.readKeyName && 'expires_at' in k)) {
      throw wrongAnswer(`${h.label} auth_api_key`, `expected the key used (id ${fx.readKeyId}, name "${fx.readKeyName}") among them`, r);
    }
  }
}

/** One create + delete before a write load, verified. */
async function checkWrite(h, fx) {
  const c = await postOnce(h.url, fx.readKey, createBody(fx));
  checkBasics(`${h.label} create_api_key`, c);
  let id = PLACEHOLDER_ID;
  if (h.kind === 'emulator' && !FAKE) {
    const made = c.json.data?.create_api_key;
    if (!made || typeof made.id !== 'string' || typeof made.key !== 'string' || !/^pce_[A-Za-z0-9_-]{43}$/.test(made.key)) {
      throw wrongAnswer(`${h.label} create_api_key`, 'expected data.create_api_key { id, key: pce_… }', c);
    }
    id = made.id;
  }
  const d = await postOnce(h.url, fx.readKey, deleteBody(id));
  checkBasics(`${h.label} delete_api_key`, d);
  if (h.kind === 'emulator' && !FAKE && d.json.data?.delete_api_key?.success !== true) {
    throw wrongAnswer(`${h.label} delete_api_key`, 'expected data.delete_api_key.success === true', d);
  }
}

function createBody(fx) {
  return gqlBody(M_CREATE, { input: { name: 'bench', user_id: fx.userId } });
}

function deleteBody(id) {
  return gqlBody(M_DELETE, { input: { key_id: id } });
}

function queryName(q) {
  return q === Q_AUTH_INFO ? 'auth_info' : 'auth_api_key';
}

// ---------------------------------------------------------------------------------------------
// Load (autocannon, programmatic)

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Runs autocannon and measures every response's latency itself (autocannon's histogram is
 * whole milliseconds, too coarse for a baseline answering in well under 1 ms).
 */
function cannon({ url, connections, seconds, requests }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let non2xx = 0;
    const t = performance.now();
    const inst = autocannon({ url, connections, duration: seconds, requests, timeout: 10 }, (err, result) => {
      if (err) return reject(err);
      resolve({ seconds: (performance.now() - t) / 1000, latencies, non2xx, errors: result.errors, timeouts: result.timeouts });
    });
    inst.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status < 200 || status > 299) non2xx++;
    });
  });
}

/**
 * After a load slice: waits until the server answers GET /health again (so requests it had
 * already received when the load stopped are behind it), then a short pause, so one
 * server's leftover work does not land in the next server's slice.
 */
async function drain(h) {
  assertAlive(h);
  const status = await getStatus(`${h.url}/health`, 60_000);
  if (status !== 200) throw new BenchError(`${h.label}: GET /health answered ${status || 'nothing'} after a load slice\n${describeOutput(h)}`);
  await sleep(SETTLE_MS);
  assertAlive(h);
}

/** Merges one or more autocannon segments of the same load into one figure. */
function summarize(parts) {
  const seconds = parts.reduce((a, p) => a + p.seconds, 0);
  const all = new Float64Array(parts.reduce((a, p) => a + p.latencies.length, 0));
  let i = 0;
  for (const p of parts) { all.set(p.latencies, i); i += p.latencies.length; }
  all.sort();
  return {
    seconds,
    responses: all.length,
    perSecond: all.length / seconds,
    segmentRates: parts.map((p) => p.latencies.length / p.seconds),
    non2xx: parts.reduce((a, p) => a + p.non2xx, 0),
    errors: parts.reduce((a, p) => a + p.errors, 0),
    timeouts: parts.reduce((a, p) => a + p.timeouts, 0),
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    mean: all.reduce((a, b) => a + b, 0) / (all.length || 1),
  };
}

const loadChecks = [];

function recordLoad(name, h, r, errorBodies, firstError) {
  const entry = {
    load: name,
    server: h.label,
    seconds: round(r.seconds, 2),
    responses: r.responses,
    non2xx: r.non2xx,
    graphqlErrors: errorBodies,
    socketErrors: r.errors,
    timeouts: r.timeouts,
    firstError: firstError ? redact(firstError).slice(0, 600) : null,
  };
  entry.clean = r.responses > 0 && r.non2xx === 0 && errorBodies === 0 && r.errors === 0 && r.timeouts === 0;
  loadChecks.push(entry);
  r.clean = entry.clean;
  return r;
}

/**
 * The same read load on several servers. Each gets a warm-up, then the measured time is cut
 * into READ_SEGMENTS slices run round-robin over the servers (A B C A B C), so a drift of the
 * machine during the run does not land on one server's figure.
 */
async function readLoads(servers, fx, query) {
  const state = servers.map((h) => {
    const st = { h, errorBodies: 0, firstError: null, parts: [] };
    st.requests = [{
      method: 'POST',
      path: '/',
      headers: clientHeaders(fx.readKey),
      body: gqlBody(query),
      onResponse: (status, body) => {
        const hasErrors = body.includes('"errors"');
        if (hasErrors) st.errorBodies++;
        if (hasErrors || status < 200 || status > 299) st.firstError ??= `HTTP ${status}: ${body}`;
      },
    }];
    return st;
  });
  for (const st of state) {
    assertAlive(st.h);
    await cannon({ url: st.h.url, connections: READ_CONNECTIONS, seconds: WARMUP_SECONDS, requests: st.requests });
    await drain(st.h);
    st.errorBodies = 0;
    st.firstError = null;
  }
  for (let seg = 0; seg < READ_SEGMENTS; seg++) {
    for (const st of state) {
      st.parts.push(await cannon({ url: st.h.url, connections: READ_CONNECTIONS, seconds: READ_SECONDS / READ_SEGMENTS, requests: st.requests }));
      await drain(st.h);
    }
  }
  return state.map((st) => recordLoad(`${queryName(query)} reads`, st.h, summarize(st.parts), st.errorBodies, st.firstError));
}

function writeRequests(st, fx, real) {
  const bad = (status, body) => {
    if (body.includes('"errors"')) st.errorBodies++;
    st.firstError ??= `HTTP ${status}: ${body}`;
  };
  const parse = (body) => { try { return JSON.parse(body); } catch { return null; } };
  return [
    {
      method: 'POST',
      path: '/',
      headers: clientHeaders(fx.readKey),
      body: createBody(fx),
      onResponse: (status, body, context) => {
        context.keyId = PLACEHOLDER_ID;
        if (status < 200 || status > 299 || body.includes('"errors"')) return bad(status, body);
        if (!real) return;
        const id = parse(body)?.data?.create_api_key?.id;
        if (typeof id === 'string') context.keyId = id;
        else bad(status, body);
      },
    },
    {
      method: 'POST',
      path: '/',
      headers: clientHeaders(fx.readKey),
      setupRequest: (req, context) => ({ ...req, body: deleteBody(context.keyId ?? PLACEHOLDER_ID) }),
      onResponse: (status, body) => {
        if (status < 200 || status > 299 || body.includes('"errors"')) return bad(status, body);
        if (real && parse(body)?.data?.delete_api_key?.success !== true) return bad(status, body);
        st.pairs++;
      },
    },
  ];
}

/**
 * The create+delete loop on several servers: each is checked with one verified pair and
 * warmed up, then the measured time is cut into WRITE_SEGMENTS slices run round-robin, with a
 * pause after each slice so a server's deferred file writes do not spill into the next one's.
 */
async function writeLoads(entries, fx) {
  const state = [];
  for (const { name, h } of entries) {
    assertAlive(h);
    await checkWrite(h, fx);
    const st = { name, h, errorBodies: 0, firstError: null, pairs: 0, parts: [] };
    st.requests = writeRequests(st, fx, h.kind === 'emulator' && !FAKE);
    await cannon({ url: h.url, connections: WRITE_CONNECTIONS, seconds: WARMUP_SECONDS, requests: st.requests });
    await drain(h);
    Object.assign(st, { errorBodies: 0, firstError: null, pairs: 0 });
    state.push(st);
  }
  for (let seg = 0; seg < WRITE_SEGMENTS; seg++) {
    for (const st of state) {
      st.parts.push(await cannon({ url: st.h.url, connections: WRITE_CONNECTIONS, seconds: WRITE_SECONDS / WRITE_SEGMENTS, requests: st.requests }));
      await drain(st.h);
      assertAlive(st.h);
    }
  }
  return state.map((st) => {
    const r = summarize(st.parts);
    r.pairs = st.pairs;
    r.pairsPerSecond = st.pairs / r.seconds;
    return recordLoad(st.name, st.h, r, st.errorBodies, st.firstError);
  });
}

// ---------------------------------------------------------------------------------------------
// Figures

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Two servers measured in alternating slices: the median of the slices' throughput ratios. */
function segmentRatio(a, b) {
  return median(a.segmentRates.map((rate, i) => rate / b.segmentRates[i]));
}

function round(x, digits) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

async function measureStartups(args) {
  const emu = [];
  const base = [];
  // One untimed launch of each first, so the file-system cache is warm for every timed run.
  for (const kind of ['emulator', 'baseline']) {
    const h = await launch(`${kind} start-up (warm-up)`, kind, args);
    await stopServer(h);
  }
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const e = await launch(`emulator start-up #${i + 1}`, 'emulator', args);
    emu.push(e.healthyMs);
    await stopServer(e);
    const b = await launch(`baseline start-up #${i + 1}`, 'baseline', []);
    base.push(b.healthyMs);
    await stopServer(b);
  }
  return { emulator: emu, baseline: base };
}

function emuArgs(...rest) {
  return ['--host', '127.0.0.1', '--port', '0', ...rest];
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch { return null; }
}

async function main() {
  const started = performance.now();
  const watchdog = setTimeout(() => {
    console.error(`bench: watchdog - still running after ${WATCHDOG_MS / 1000} s, killing the servers and giving up`);
    killAllSync();
    cleanupTmp();
    process.exit(3);
  }, WATCHDOG_MS);
  watchdog.unref();

  const raw = {};
  if (FAKE) {
    log('bench: BENCH_EMULATOR=baseline - the baseline stands in for the emulator (plumbing test only; answers are not checked).');
  } else if (!existsSync(CLI)) {
    throw new BenchError(`bench: ${relative(ROOT, CLI)} does not exist - run \`node scripts/build.mjs\` (npm run bench does).`);
  }
  log(`bench: load phases ${READ_SECONDS} s (reads, ${READ_CONNECTIONS} connections) / ${round(WRITE_SECONDS, 2)} s (writes, ${WRITE_CONNECTIONS} connections), warm-up ${WARMUP_SECONDS} s each; ${os.cpus().length} CPUs`);

  raw.loadAvgAtStart = os.loadavg().map((x) => round(x, 2));
  tmpDir = mkdtempSync(join(os.tmpdir(), 'pce-bench-'));
  const t = performance.now();
  const fx = writeBenchFixtures(tmpDir);
  log(`bench: fixtures written in ${((performance.now() - t) / 1000).toFixed(1)} s (10, 100 and 100,000 keys; 1,001 users)`);

  // 1. Start-up: the real CLI, in memory, default fixture.
  const startupArgs = existsSync(DEFAULT_FIXTURE)
    ? emuArgs('--in-memory', '--fixture', DEFAULT_FIXTURE)
    : emuArgs('--in-memory');
  if (!existsSync(DEFAULT_FIXTURE)) log(`bench: note - ${relative(ROOT, DEFAULT_FIXTURE)} is missing; start-up runs without --fixture`);
  log(`bench: start-up, ${STARTUP_RUNS} runs each (interleaved, after one warm-up launch each)`);
  raw.startup = await measureStartups(startupArgs);
  const baseStart = median(raw.startup.baseline);

  // 2. The long-lived servers for the reads.
  log('bench: starting the baseline and the emulator with 10 and with 100,000 keys (in memory)');
  const base = await launch('baseline', 'baseline', []);
  const emu10 = await launch('emulator (10 keys, in memory)', 'emulator', emuArgs('--in-memory', '--fixture', fx.files.keys10));
  const emu100k = await launch('emulator (100k keys, in memory)', 'emulator', emuArgs('--in-memory', '--fixture', fx.files.keys100k));
  raw.startIn100kMs = emu100k.healthyMs;

  // 3. Reads. (One short run first, so the load generator itself is warm for every figure.)
  await cannon({ url: base.url, connections: READ_CONNECTIONS, seconds: WARMUP_SECONDS, requests: [{ method: 'GET', path: '/health' }] });
  raw.reads = {};
  for (const query of [Q_AUTH_INFO, Q_AUTH_API_KEY]) {
    const name = queryName(query);
    const servers = [base, emu10, emu100k];
    for (const h of servers) await checkRead(h, fx, query);
    log(`bench: ${name} reads on the baseline and the emulator with 10 and 100k keys (sample answers checked)`);
    const [b, e10, e100k] = await readLoads(servers, fx, query);
    raw.reads[name] = { baseline: b, emu10: e10, emu100k: e100k };
  }

  // 4. Peak RSS after the read load.
  raw.rss = { baseline: peakRss(base), emu10: peakRss(emu10), emu100k: peakRss(emu100k) };

  await stopServer(emu10);

  // 4b. Start-up with the 100k fixture (median of several), then resets of it over HTTP.
  log(`bench: start-up with the 100k fixture (${START_100K_RUNS} runs), then ${RESET_RUNS} resets of it over the control API`);
  raw.start100k = [raw.startIn100kMs];
  for (let i = 1; i < START_100K_RUNS; i++) {
    const h = await launch(`emulator (100k fixture start #${i + 1})`, 'emulator', emuArgs('--in-memory', '--fixture', fx.files.keys100k));
    raw.start100k.push(h.healthyMs);
    await stopServer(h);
  }
  raw.reset100k = FAKE ? null : await resets(emu100k, RESET_RUNS, async () => {
    const t = performance.now();
    const c = await postOnce(emu100k.url, fx.readKey, createBody(fx));
    const ms = performance.now() - t;
    checkBasics(`${emu100k.label} create_api_key after a reset`, c);
    await postOnce(emu100k.url, fx.readKey, deleteBody(c.json.data.create_api_key.id));
    return ms;
  });
  raw.bareRoundTrip = await bareRoundTrips(base, SANDBOX_RUNS);

  // 5. The servers for the writes: in memory and with a data file, at 100 and 100,000 keys.
  log('bench: starting the emulator with 100 keys, in memory and with a data file');
  const mem100 = await launch('emulator (100 keys, in memory)', 'emulator', emuArgs('--in-memory', '--fixture', fx.files.keys100));
  const dur100 = await launch('emulator (100 keys, data file)', 'emulator', emuArgs('--data', join(tmpDir, 'state-100.json'), '--fixture', fx.files.keys100));

  // 6. Loading a 100,000-key data file at start (it is first written by the emulator from the
  // fixture); the last launch stays up for the durable writes at 100k keys.
  log('bench: creating a 100,000-key data file from the fixture, then loading it');
  const data100k = join(tmpDir, 'state-100k.json');
  const create = await launch('emulator (create 100k data file)', 'emulator', emuArgs('--data', data100k, '--fixture', fx.files.keys100k));
  raw.createData100kMs = create.healthyMs;
  await stopServer(create);
  if (!FAKE && !existsSync(data100k)) throw new BenchError(`bench: the emulator did not write its data file (${relative(tmpDir, data100k)}) after starting with --data and stopping on SIGTERM`);
  raw.data100kBytes = existsSync(data100k) ? statSync(data100k).size : null;
  raw.load100k = [];
  let dur100k = null;
  for (let i = 0; i < LOAD_RUNS; i++) {
    const h = await launch(`emulator (load 100k data file #${i + 1})`, 'emulator', emuArgs('--data', data100k));
    raw.load100k.push(h.healthyMs);
    if (i < LOAD_RUNS - 1) await stopServer(h);
    else dur100k = h;
  }
  dur100k.label = 'emulator (100k keys, data file)';

  // 7. Writes, round-robin over the five servers.
  log('bench: create+delete loops on the baseline and the emulator (in memory / data file, 100 / 100k keys)');
  const [wBase, wMem100, wMem100k, wData100, wData100k] = await writeLoads([
    { name: 'writes', h: base },
    { name: 'writes in memory (100 keys)', h: mem100 },
    { name: 'writes in memory (100k keys)', h: emu100k },
    { name: 'writes with a data file (100 keys)', h: dur100 },
    { name: 'writes with a data file (100k keys)', h: dur100k },
  ], fx);
  raw.writes = { baseline: wBase, mem100: wMem100, mem100k: wMem100k, data100: wData100, data100k: wData100k };
  for (const h of [dur100k, dur100, mem100, emu100k]) await stopServer(h);

  // 8. Sandboxes: in process (a child of its own), then over HTTP on an emulator with the
  // default fixture: creation, the memory of 1,000, many driven at once; then the agent's poll.
  if (!FAKE) {
    log(`bench: sandboxes and resets in process (${IN_PROCESS_RUNS} each)`);
    raw.inProcess = inProcess(ROOT, IN_PROCESS_RUNS);
    const sb = await launch('emulator (sandboxes, default fixture)', 'emulator', startupArgs);
    log(`bench: ${SANDBOX_RUNS} sandboxes created over HTTP, then the memory of ${SANDBOX_COUNT}`);
    raw.sandboxes = await sandboxes(sb, { runs: SANDBOX_RUNS, count: SANDBOX_COUNT, rssOf: peakRss });
    log(`bench: ${PARALLEL.count} sandboxes driven at once against one alone (${PARALLEL.rounds} rounds of ${PARALLEL.seconds} s each)`);
    const admin = defaultFixtureKey(DEFAULT_FIXTURE, 'acme-tenant-admin');
    raw.parallel = await parallelSandboxes(sb, { ...PARALLEL, key: admin.key, userId: admin.userId });
    await stopServer(sb);
    raw.queue = await queuePoll({ launch, stopServer, emuArgs, log, defaultFixture: DEFAULT_FIXTURE, seconds: Math.max(1, DURATION / 5) });
  }
  await stopServer(base);

  clearTimeout(watchdog);
  raw.totalSeconds = (performance.now() - started) / 1000;
  raw.loadAvgAtEnd = os.loadavg().map((x) => round(x, 2));
  return report(raw, baseStart, fx);
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(x, unit) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return 'n/a';
  switch (unit) {
    case 'ms': return x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(1)} ms`;
    case '/s': return `${Math.round(x).toLocaleString('en-US')}/s`;
    case 'MiB': return `${x.toFixed(1)} MiB`;
    default: return String(x);
  }
}

function report(raw, baseStart, _fx) {
  const rows = [];
  const row = (figure, unit, emu, base, target, clean = true) => {
    const ratio = emu / base;
    let ok = '—';
    if (target) ok = target.pass ? 'yes' : 'NO';
    if (!clean) ok = target ? 'NO (errors)' : 'ERRORS';
    rows.push({
      figure, unit,
      emulator: round(emu, 3), baseline: round(base, 3), ratio: round(ratio, 3),
      emulatorText: fmt(emu, unit), baselineText: fmt(base, unit),
      ratioText: Number.isFinite(ratio) ? `${ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2)}×` : 'n/a',
      target: target?.text ?? '—', ok,
    });
  };
  const vsBase = (ratio, op, limit) => ({
    text: `${op} ${limit}× baseline`,
    pass: op === '≤' ? ratio <= limit : ratio >= limit,
  });
  const vsOwn = (value, ref, limit, what) => vsOwnRatio(value / ref, limit, what);
  const vsOwnRatio = (share, limit, what) => ({ text: `≥ ${Math.round(limit * 100)}% of ${what} (${(share * 100).toFixed(1)}%)`, pass: share >= limit });
  const atMost = (value, limit, unit, what = '') => ({ text: `≤ ${limit}${unit}${what}`, pass: value <= limit });

  const emuStart = median(raw.startup.emulator);
  row(`start-up, in memory, default fixture (median of ${STARTUP_RUNS})`, 'ms', emuStart, baseStart, vsBase(emuStart / baseStart, '≤', 1.5));

  for (const name of ['auth_info', 'auth_api_key']) {
    const r = raw.reads[name];
    const cleanBase = r.baseline.clean;
    const c10 = r.emu10.clean && cleanBase;
    const c100k = r.emu100k.clean && cleanBase;
    row(`${name} throughput, 10 keys`, '/s', r.emu10.perSecond, r.baseline.perSecond,
      name === 'auth_info' ? vsBase(segmentRatio(r.emu10, r.baseline), '≥', 0.5) : null, c10);
    row(`${name} p50 latency, 10 keys`, 'ms', r.emu10.p50, r.baseline.p50, null, c10);
    row(`${name} p99 latency, 10 keys`, 'ms', r.emu10.p99, r.baseline.p99,
      name === 'auth_info' ? vsBase(r.emu10.p99 / r.baseline.p99, '≤', 3) : null, c10);
    // The ratio of two servers measured in alternating slices: the median of the slices' ratios.
    row(`${name} throughput, 100k keys`, '/s', r.emu100k.perSecond, r.baseline.perSecond,
      vsOwnRatio(segmentRatio(r.emu100k, r.emu10), 0.95, '10 keys'), c100k && r.emu10.clean);
    row(`${name} p50 latency, 100k keys`, 'ms', r.emu100k.p50, r.baseline.p50, null, c100k);
    row(`${name} p99 latency, 100k keys`, 'ms', r.emu100k.p99, r.baseline.p99, null, c100k);
  }

  const w = raw.writes;
  const wb = w.baseline;
  row('create+delete pairs, data file, 100 keys', '/s', w.data100.pairsPerSecond, wb.pairsPerSecond, null, w.data100.clean && wb.clean);
  row('create+delete pairs, data file, 100k keys', '/s', w.data100k.pairsPerSecond, wb.pairsPerSecond,
    vsOwn(w.data100k.pairsPerSecond, w.data100.pairsPerSecond, 0.5, '100 keys'), w.data100k.clean && w.data100.clean && wb.clean);
  row('create+delete pairs, in memory, 100 keys', '/s', w.mem100.pairsPerSecond, wb.pairsPerSecond, null, w.mem100.clean && wb.clean);
  row('create+delete pairs, in memory, 100k keys', '/s', w.mem100k.pairsPerSecond, wb.pairsPerSecond, null, w.mem100k.clean && wb.clean);

  row('peak RSS (VmHWM) after reads, 100k keys', 'MiB', raw.rss.emu100k.hwmMiB, raw.rss.baseline.hwmMiB,
    vsBase(raw.rss.emu100k.hwmMiB / raw.rss.baseline.hwmMiB, '≤', 4));
  row('peak RSS (VmHWM) after reads, 10 keys', 'MiB', raw.rss.emu10.hwmMiB, raw.rss.baseline.hwmMiB, null);
  const load100k = median(raw.load100k);
  row(`start-up loading a 100k-key data file (median of ${LOAD_RUNS})`, 'ms', load100k, baseStart, vsBase(load100k / baseStart, '≤', 4));
  row('start-up creating the data file from the 100k fixture', 'ms', raw.createData100kMs, baseStart, null);
  const start100k = median(raw.start100k);
  row(`start-up in memory with the 100k fixture (median of ${raw.start100k.length})`, 'ms', start100k, baseStart, null);
  scaleRows(raw, { row, vsBase, atMost, start100k, baseStart });

  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemMiB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const notes = [
    `Load: autocannon 9 in this process, ${READ_CONNECTIONS} connections for ${READ_SECONDS} s per read figure (in ${READ_SEGMENTS} slice(s) run round-robin over the baseline and the two emulators) and ${WRITE_CONNECTIONS} connections for ${round(WRITE_SECONDS, 2)} s per write figure (in ${WRITE_SEGMENTS} slice(s) round-robin over the five servers, then a wait for GET /health and a ${SETTLE_MS} ms pause after each), each after a ${WARMUP_SECONDS} s warm-up; the client shares the machine's ${machine.cpus} CPUs with the server.`,
    'Requests are sent as the Prefect 1.x Python client sends them: POST / with {"query": …, "variables": "<JSON string>"}, Authorization: Bearer <key>, Content-Type: application/json, X-PREFECT-CORE-VERSION: 1.4.1. The baseline gets the same requests.',
    'Latency percentiles are computed from every response\'s own latency (not autocannon\'s whole-millisecond histogram).',
    'Writes: one op = one create_api_key + delete_api_key pair (2 requests) by the bench user; pairs/s counts completed, successful deletes. The baseline answers the same requests with its fixed body.',
    'Start-up: wall time from spawn() until GET /health first answers 200; the URL comes from the ready line (port 0), then /health is polled every ~2 ms. The baseline start (the same procedure) is the reference for every start-up row.',
    'Peak RSS: VmHWM from /proc/<pid>/status after the read loads (the baseline likewise).',
    `Data-file load: ${LOAD_RUNS} starts with --data on an existing file (${raw.data100kBytes ? (raw.data100kBytes / 2 ** 20).toFixed(1) : '?'} MiB, written by the emulator from the 100k fixture), no --fixture.`,

    ...scaleNotes(raw),
  ];
  // The baseline does identical work for both read queries: how far its two figures differ
  // is a floor on how far apart two measurements of the same thing land on this machine now.
  const b1 = raw.reads.auth_info.baseline.perSecond;
  const b2 = raw.reads.auth_api_key.baseline.perSecond;
  const spread = Math.abs(b1 - b2) / Math.max(b1, b2);
  machine.loadAvg = { atStart: raw.loadAvgAtStart, atEnd: raw.loadAvgAtEnd };
  const noise = `Noise: the baseline's two read figures (identical work) differ by ${(spread * 100).toFixed(1)}%; load average (1/5/15 min) ${raw.loadAvgAtStart.join(' / ')} at the start and ${raw.loadAvgAtEnd.join(' / ')} at the end, on ${machine.cpus} CPUs.`;
  notes.push(noise);
  if (FAKE) notes.unshift('FAKE RUN: BENCH_EMULATOR=baseline, the baseline stood in for the emulator.');

  const result = {
    generatedAt: new Date().toISOString(),
    commit: gitCommit(),
    cli: FAKE ? 'bench/baseline-server.mjs (BENCH_EMULATOR=baseline)' : (relative(ROOT, CLI).startsWith('..') ? CLI : relative(ROOT, CLI)),
    fake: FAKE,
    settings: { durationSeconds: DURATION, readSeconds: READ_SECONDS, readSegments: READ_SEGMENTS, writeSegments: WRITE_SEGMENTS, writeSeconds: WRITE_SECONDS, warmupSeconds: WARMUP_SECONDS, readConnections: READ_CONNECTIONS, writeConnections: WRITE_CONNECTIONS, startupRuns: STARTUP_RUNS, loadRuns: LOAD_RUNS },
    machine,
    rows: rows.map(({ emulatorText: _e, baselineText: _b, ratioText: _r, ...r }) => r),
    loadChecks,
    stopProblems,
    noise: { baselineReadSpread: round(spread, 3) },
    raw: roundDeep(raw, 3),
    notes,
    totalSeconds: round(raw.totalSeconds, 1),
  };

  const headers = ['figure', 'emulator', 'baseline', 'ratio', 'target', 'ok?'];
  const cells = rows.map((r) => [r.figure, r.emulatorText, r.baselineText, r.ratioText, r.target, r.ok]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i === 0 || i === 4 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  const table = [line(headers), widths.map((n) => '-'.repeat(n)).join('  '), ...cells.map(line)].join('\n');

  const dirty = loadChecks.filter((c) => !c.clean);
  const failed = rows.filter((r) => r.ok.startsWith('NO') || r.ok === 'ERRORS');

  console.log('');
  if (FAKE) console.log('FAKE RUN (baseline standing in for the emulator)');
  console.log(table);
  console.log('');
  for (const c of dirty) {
    log(`load problem: ${c.load} on ${c.server}: ${c.responses} responses, ${c.non2xx} non-2xx, ${c.graphqlErrors} with "errors", ${c.socketErrors} socket errors, ${c.timeouts} timeouts${c.firstError ? `; first: ${c.firstError}` : ''}`);
  }
  for (const p of stopProblems) log(`stop problem: ${p}`);
  if (spread > 0.1 || raw.loadAvgAtStart[0] > machine.cpus * 0.75) console.log(`bench: warning - the machine was busy or noisy during the run. ${noise}`);
  console.log(`bench: ${rows.filter((r) => r.ok === 'yes').length} targets met, ${failed.length} not met or with errors; ${raw.totalSeconds.toFixed(0)} s in all`);

  const md = [
    '# prefect-cloud-emulator benchmark',
    '',
    `${result.generatedAt}, commit ${result.commit ?? '?'} (working tree), CLI ${result.cli}, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, BENCH_DURATION=${DURATION}${FAKE ? ' — **FAKE RUN: the baseline stood in for the emulator**' : ''}`,
    '',
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (i === 0 || i === 4 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...cells.map((c) => `| ${c.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`),
    '',
    '## Load checks',
    '',
    '| load | server | s | responses | non-2xx | "errors" | socket errors | timeouts |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...loadChecks.map((c) => `| ${c.load} | ${c.server} | ${c.seconds} | ${c.responses} | ${c.non2xx} | ${c.graphqlErrors} | ${c.socketErrors} | ${c.timeouts} |`),
    '',
    ...(dirty.length ? ['## Problems', '', ...dirty.map((c) => `- ${c.load} on ${c.server}: first bad answer: \`${(c.firstError ?? 'n/a').replace(/`/g, "'")}\``), ''] : []),
    ...(stopProblems.length ? ['## Stop problems', '', ...stopProblems.map((p) => `- ${redact(p)}`), ''] : []),
    '## Method',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), redact(JSON.stringify(result, null, 2)) + '\n');
  writeFileSync(join(RESULTS_DIR, 'latest.md'), redact(md));
  console.log(`bench: wrote ${relative(ROOT, join(RESULTS_DIR, 'latest.json'))} and ${relative(ROOT, join(RESULTS_DIR, 'latest.md'))}`);
  // Unmet targets are reported, not a failure of the bench; wrong answers and unclean exits are.
  return dirty.length === 0 && stopProblems.length === 0;
}

function roundDeep(v, digits) {
  if (typeof v === 'number') return round(v, digits);
  if (Array.isArray(v)) return v.map((x) => roundDeep(x, digits));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x, digits)]));
  return v;
}

main().then(
  async (allOk) => {
    killAllSync();
    cleanupTmp();
    process.exitCode = allOk ? 0 : 1;
  },
  (err) => {
    console.error('');
    console.error(redact(err instanceof BenchError ? err.message : (err?.stack ?? String(err))));
    console.error('bench: aborted; stopping every server it started');
    killAllSync();
    cleanupTmp();
    process.exit(1);
  },
);
