// Loads with autocannon: read and write loops run round-robin over the servers, every response
// timed and checked.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchError, FAKE, PLACEHOLDER_ID, READ_CONNECTIONS, READ_SECONDS, READ_SEGMENTS, SETTLE_MS, WARMUP_SECONDS, WRITE_CONNECTIONS, WRITE_SECONDS, WRITE_SEGMENTS, redact, round } from './config.mjs';
import { cpuNow, cpuSince, cpuSum, perRequestUs } from './cpu.mjs';
import { assertAlive, describeOutput, getStatus } from './processes.mjs';
import { checkWrite, clientHeaders, createBody, deleteBody, gqlBody, queryName } from './requests.mjs';

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
function cannon({ url, connections, seconds, requests, pid = null }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let non2xx = 0;
    // The server's own CPU clock over the same window (see lib/cpu.mjs), when its pid is given.
    const cpu0 = pid === null ? null : cpuNow(pid);
    const t = performance.now();
    const inst = autocannon({ url, connections, duration: seconds, requests, timeout: 10 }, (err, result) => {
      if (err) return reject(err);
      const cpu = cpu0 && pid !== null ? cpuSince(pid, cpu0) : null;
      resolve({ seconds: (performance.now() - t) / 1000, latencies, non2xx, errors: result.errors, timeouts: result.timeouts, cpu });
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
  const cpu = parts.every((p) => p.cpu) ? cpuSum(parts.map((p) => p.cpu)) : null;
  return {
    seconds,
    cpuMs: cpu,
    cpuUsPerRequest: cpu ? perRequestUs(cpu, all.length) : null,
    responses: all.length,
    perSecond: all.length / seconds,
    segmentRates: parts.map((p) => p.latencies.length / p.seconds),
    // The server's CPU µs per request in each slice (all threads), null without /proc.
    segmentCpuUs: parts.map((p) => (p.cpu ? perRequestUs(p.cpu, p.latencies.length).all : null)),
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
 * into READ_SEGMENTS short slices run round-robin over the servers, in forward then reverse
 * order (A B C C B A A B C …): a drift of the machine lands on every server alike, and no
 * server always follows the same one. Each slice also reads the server's CPU clock.
 */
async function readLoads(servers, fx, query) {
  const state = servers.map((h) => {
    /** @type {Record<string, any>} */
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
    for (const st of seg % 2 ? [...state].reverse() : state) {
      st.parts.push(await cannon({ url: st.h.url, connections: READ_CONNECTIONS, seconds: READ_SECONDS / READ_SEGMENTS, requests: st.requests, pid: st.h.pid }));
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
  /** @type {Record<string, any>[]} */
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

export { cannon, loadChecks, readLoads, writeLoads };
