// The agent's queue poll, for bench/run.mjs: `get_runs_in_queue` as the Prefect 1.x agent
// sends it, on two emulators that differ only in how many runs wait in the tenant: 10 due
// runs in both, plus 9,990 scheduled later in one (both were seeded alike, see seed()). The
// answer is the same 10 ids on both, so any difference in latency is the cost of finding
// them: an index answers in the same time.
//
// A p99 of about a millisecond over one short segment is decided by a handful of scheduler
// hiccups and collections: the figure is the median of the ratios of many short rounds taken
// in ABBA order, so neither a disturbed round nor a drift of the machine decides it (pooling
// every response instead lets one disturbed round move the p99), on several pairs of processes.
// The server's own CPU time per poll is read beside it (lib/cpu.mjs): that is what an index
// bug would raise.
import autocannon from 'autocannon';
import { gzipSync } from 'node:zlib';
import { cpuNow, cpuSince, cpuSum, perRequestUs } from './lib/cpu.mjs';
import { defaultFixtureKey, request, stats } from './scale.mjs';
import { ratioOverPairs } from './side-by-side.mjs';

const DUE = 10;
const LARGE = 10_000;
const CONNECTIONS = 4;
const CREATE_CONCURRENCY = 8;
const LABELS = ['bench'];

const Q_HAS = '{ __type(name: "Mutation") { fields { name } } }';
const M_PROJECT = 'mutation($input: create_project_input!) { create_project(input: $input) { id } }';
const M_FLOW = 'mutation($input: create_flow_from_compressed_string_input!) { create_flow_from_compressed_string(input: $input) { id } }';
const M_RUN = 'mutation($input: create_flow_run_input!) { create_flow_run(input: $input) { id } }';
const M_DELETE_RUN = 'mutation($input: delete_flow_run_input!) { delete_flow_run(input: $input) { success } }';
const M_POLL = 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }';

/** A one-task flow as the 1.4.1 client serializes it (what the backend reads of it). */
const flow = () => ({
  name: 'bench-flow', type: 'prefect.core.flow.Flow', schedule: null, __version__: '1.4.1', parameters: [],
  tasks: [{ slug: 'only-1', name: 'only', type: 'prefect.tasks.core.function.FunctionTask', tags: [] }],
  edges: [], reference_tasks: [], run_config: { type: 'LocalRun', labels: LABELS, env: null, working_dir: null, __version__: '1.4.1' },
  storage: { type: 'Local', directory: '/flows', path: null, stored_as_script: false, flows: { 'bench-flow': '/flows/bench.prefect' }, secrets: [], __version__: '1.4.1' },
});

/** The agent's timestamps: isoformat with +00:00. */
const agentTime = (ms) => new Date(ms).toISOString().replace('Z', '+00:00');

function client(url, key) {
  const headers = { 'Authorization': `Bearer ${key}`, 'X-PREFECT-CORE-VERSION': '1.4.1' };
  /** @param {string} query @param {unknown} [variables] */
  return async (query, variables = null) => {
    const r = await request(url, { method: 'POST', path: '/', headers, body: JSON.stringify({ query, variables: JSON.stringify(variables) }) });
    const json = JSON.parse(r.body);
    if (json.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(json.errors).slice(0, 400)}`);
    return json.data;
  };
}

/**
 * A project, a flow and LARGE runs, the first DUE of them due now and the others a day on; then
 * the others are deleted again unless `keep` runs are wanted. Both emulators go through the same
 * writes, so they differ in the number of runs in the tenant, not in their heap's history (after
 * 10,000 creations V8 has grown the young generation, and each scavenge takes longer).
 */
async function seed(h, key, tenantId, keep) {
  const total = LARGE;
  const gql = client(h.url, key);
  const project = (await gql(M_PROJECT, { input: { name: 'bench' } })).create_project.id;
  const serialized = gzipSync(Buffer.from(JSON.stringify(flow()))).toString('base64');
  const flowId = (await gql(M_FLOW, { input: { project_id: project, serialized_flow: serialized, set_schedule_active: false } })).create_flow_from_compressed_string.id;
  const now = Date.now();
  let next = 0;
  const worker = async () => {
    // Each worker has its own connection (request() keeps one per origin; fine for a seed).
    for (let i = next++; i < total; i = next++) {
      const at = i < DUE ? now - 60_000 - i : now + 86_400_000 + i * 1000;
      const run = (await gql(M_RUN, { input: { flow_id: flowId, scheduled_start_time: agentTime(at) } })).create_flow_run.id;
      if (i >= DUE) later.push(run);
    }
  };
  /** @type {string[]} */
  const later = [];
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  if (keep < total) {
    const doomed = later.slice(0, total - keep);
    const remover = async () => {
      for (let id = doomed.pop(); id; id = doomed.pop()) await gql(M_DELETE_RUN, { input: { flow_run_id: id } });
    };
    await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, remover));
  }
  const poll = { input: { before: agentTime(Date.now() + 10_000), labels: LABELS, tenant_id: tenantId } };
  const ids = (await gql(M_POLL, poll)).get_runs_in_queue.flow_run_ids;
  if (ids.length !== DUE) throw new Error(`${h.label}: get_runs_in_queue answered ${ids.length} runs, expected the ${DUE} due ones`);
  return JSON.stringify({ query: M_POLL, variables: JSON.stringify(poll) });
}

/** One poll segment on one server: every response's latency, and the server's CPU over it. */
function segment(h, key, body, seconds, tally) {
  const latencies = [];
  const url = h.url;
  const cpu0 = cpuNow(h.pid);
  return new Promise((resolve, reject) => {
    const inst = autocannon({
      url, connections: CONNECTIONS, duration: seconds, timeout: 10,
      requests: [{
        method: 'POST', path: '/', body,
        headers: { 'Authorization': `Bearer ${key}`, 'Content-Type': 'application/json', 'X-PREFECT-CORE-VERSION': '1.4.1' },
        onResponse: (status, text) => {
          if (status !== 200 || text.includes('"errors"')) tally.bad++;
        },
      }],
    }, (err, result) => {
      if (err) return reject(err);
      tally.bad += result.errors + result.timeouts + result.non2xx;
      resolve({ latencies, cpu: cpuSince(h.pid, cpu0) });
    });
    inst.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
}

/** @typedef {{ supported: true, clean: boolean, parts: { latencies: number[], cpu: ReturnType<typeof cpuSince> }[][], roundRatios: number[] }} PairResult */

/**
 * One pair of emulators (default fixture, in memory), started and seeded, then `rounds` rounds
 * of one poll segment on each, in ABBA order: each round's p99(large) / p99(small), and every
 * segment's latencies and CPU.
 * @returns {Promise<{ supported: false, reason: string } | PairResult>}
 */
async function onePair({ launch, stopServer, emuArgs, log, admin, defaultFixture, seconds, rounds, pair }) {
  const small = await launch(`emulator (queue, ${DUE} runs, pair ${pair})`, 'emulator', emuArgs('--in-memory', '--fixture', defaultFixture));
  const large = await launch(`emulator (queue, ${LARGE} runs, pair ${pair})`, 'emulator', emuArgs('--in-memory', '--fixture', defaultFixture));
  try {
    const mutations = (await client(small.url, admin.key)(Q_HAS)).__type.fields.map((f) => f.name);
    // Without flow runs (create_flow_run), the queue is always empty: nothing to measure.
    if (!mutations.includes('create_flow_run')) return { supported: false, reason: 'this build has no flow runs' };
    const tenantId = (await client(small.url, admin.key)('{ auth_info { tenant_id } }')).auth_info.tenant_id;
    log(`bench: the agent's queue poll, pair ${pair}: seeding ${LARGE.toLocaleString('en-US')} scheduled runs in each emulator, ${DUE} due, then deleting the ${(LARGE - DUE).toLocaleString('en-US')} later ones in one`);
    // Both at once: the same writes on each, in half the time.
    const bodies = await Promise.all([seed(small, admin.key, tenantId, DUE), seed(large, admin.key, tenantId, LARGE)]);
    const servers = [small, large];
    const tally = { bad: 0 };
    for (let i = 0; i < 2; i++) await segment(servers[i], admin.key, bodies[i], 1, { bad: 0 });
    log(`bench: the agent's queue poll, pair ${pair}: ${rounds} rounds of ${seconds} s on each emulator (ABBA order)`);
    /** @type {{ latencies: number[], cpu: ReturnType<typeof cpuSince> }[][]} */
    const parts = [[], []];
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) parts[i].push(await segment(servers[i], admin.key, bodies[i], seconds, tally));
    }
    const roundRatios = parts[1].map((p, r) => stats(p.latencies).p99 / stats(parts[0][r].latencies).p99).sort((a, b) => a - b);
    return { supported: true, clean: tally.bad === 0, parts, roundRatios };
  } finally {
    await stopServer(small);
    await stopServer(large);
  }
}

/**
 * `pairs` pairs of emulators one after the other (see onePair): two processes built alike
 * differ by a few percent for their whole life, and one pair's p99s as much again from one run
 * to the next, more than the target's margin. The figure is the median of the pairs' medians of
 * the round ratios; every pair's median, the ratio of the p99s of all rounds pooled and the CPU
 * µs per poll are shown beside it.
 */
export async function queuePoll({ launch, stopServer, emuArgs, log, defaultFixture, seconds, rounds, pairs }) {
  const admin = defaultFixtureKey(defaultFixture, 'acme-tenant-admin');
  /** @type {PairResult[]} */
  const done = [];
  for (let pair = 1; pair <= pairs; pair++) {
    const one = await onePair({ launch, stopServer, emuArgs, log, admin, defaultFixture, seconds, rounds, pair });
    if (!one.supported) return one;
    done.push(one);
  }
  const over = ratioOverPairs(done.map((d) => d.roundRatios));
  const side = (i, runs) => {
    const segments = done.flatMap((d) => d.parts[i]);
    const all = stats(segments.flatMap((p) => p.latencies));
    const cpu = cpuSum(segments.map((p) => p.cpu));
    return { runs, ...all, cpuMs: cpu, cpuUsPerPoll: perRequestUs(cpu, all.n) };
  };
  const small = side(0, DUE);
  const large = side(1, LARGE);
  return {
    supported: true,
    clean: done.every((d) => d.clean),
    rounds, seconds, pairs,
    small, large,
    ratio: over.median,
    pairRatios: over.pairMedians,
    roundRatios: done.map((d) => d.roundRatios),
    pooledRatio: large.p99 / small.p99,
    lowRound: over.low,
    highRound: over.high,
  };
}
