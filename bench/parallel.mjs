// Parallel sandboxes, for bench/run.mjs: N sandboxes driven at once (as N parallel test
// workers would) against one sandbox driven alone, with the same load generator, the same
// connections and the same requests: auth_info, create_api_key, delete_api_key, in a loop.
// Two emulators, one driving a lone sandbox while the other drives many, at once, then swapped
// (see parallelSandboxes); each segment reads its server's own CPU clock.
import autocannon from 'autocannon';
import { cpuNow, cpuSince } from './lib/cpu.mjs';
import { sliceCapacityRatio, swappedPairs } from './lib/ratios.mjs';
import { request, stats } from './scale.mjs';

const Q_AUTH = 'query { auth_info { tenant_id user_id } }';
const M_CREATE = 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }';
const M_DELETE = 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }';
const NO_ID = '00000000-0000-4000-8000-000000000000';

/** The median of sorted values. */
export const middle = (sorted) => {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
};

function loop(prefix, key, userId, tally) {
  const headers = { 'Authorization': `Bearer ${key}`, 'Content-Type': 'application/json', 'X-PREFECT-CORE-VERSION': '1.4.1' };
  const body = (query, variables) => JSON.stringify({ query, variables: JSON.stringify(variables) });
  const bad = (status, text) => {
    tally.bad++;
    tally.firstBad ??= `HTTP ${status}: ${text.slice(0, 300)}`;
  };
  const check = (status, text) => {
    if (status !== 200 || text.includes('"errors"')) bad(status, text);
  };
  return [
    { method: 'POST', path: `${prefix}/`, headers, body: body(Q_AUTH, null), onResponse: check },
    {
      method: 'POST', path: `${prefix}/`, headers, body: body(M_CREATE, { input: { name: 'parallel', user_id: userId } }),
      onResponse: (status, text, context) => {
        context.keyId = NO_ID;
        if (status !== 200 || text.includes('"errors"')) return bad(status, text);
        const id = /"id":"([^"]+)"/.exec(text)?.[1];
        if (id) context.keyId = id;
        else bad(status, text);
      },
    },
    {
      method: 'POST', path: `${prefix}/`, headers,
      setupRequest: (req, context) => ({ ...req, body: body(M_DELETE, { input: { key_id: context.keyId ?? NO_ID } }) }),
      onResponse: (status, text) => {
        if (status !== 200 || !text.includes('"success":true')) bad(status, text);
      },
    },
  ];
}

/**
 * One load segment: `connections` spread round-robin over the `prefixes`; latencies per prefix,
 * and the server's CPU ms (all threads) over the segment when its `pid` is given.
 */
function segment(url, prefixes, connections, seconds, key, userId, tally, pid = null) {
  const per = prefixes.map(() => []);
  const loops = prefixes.map((p) => loop(p, key, userId, tally));
  let next = 0;
  return new Promise((resolve, reject) => {
    const cpu0 = pid === null ? null : cpuNow(pid);
    const t = performance.now();
    const inst = autocannon({
      url, connections, duration: seconds, timeout: 10, requests: loops[0],
      setupClient: (client) => {
        const i = next++ % prefixes.length;
        client.sandbox = i;
        client.setRequests(loops[i]);
      },
    }, (err, result) => {
      if (err) return reject(err);
      tally.errors += result.errors + result.timeouts + result.non2xx;
      const cpu = cpu0 && pid !== null ? cpuSince(pid, cpu0) : null;
      resolve({ seconds: (performance.now() - t) / 1000, per, cpuMs: cpu ? (cpu.sched ?? cpu.stat) : null });
    });
    inst.on('response', (client, _status, _bytes, ms) => per[client.sandbox ?? 0].push(ms));
  });
}

/**
 * Two emulators built alike, each with `count` sandboxes plus one to drive alone. In each
 * round one drives its lone sandbox while the other drives its `count` sandboxes, at the same
 * moment (so a slower moment of the host lands on both), and the next round swaps them (so a
 * process faster than its twin favours neither side). A round's ratio is together / alone in
 * requests per second of the server's own CPU time (all threads); two swapped rounds make one
 * figure (the geometric mean of their ratios), and the judged ratio is the median of those.
 * The wall-clock ratio is beside it. A stall (waiting while the CPU idles) shows as a sandbox
 * far behind the others or with a long tail.
 */
export async function parallelSandboxes(servers, { count, connections, rounds, seconds, key, userId }) {
  const make = async (h, id) => {
    const r = await request(h.url, { method: 'POST', path: '/__emulator/sandboxes', body: JSON.stringify({ id }) });
    if (r.status !== 201) throw new Error(`${h.label}: creating sandbox ${id} answered ${r.status}: ${r.body.slice(0, 300)}`);
    return `/sandboxes/${id}`;
  };
  const sides = [];
  for (const h of servers) {
    const together = [];
    for (let i = 0; i < count; i++) together.push(await make(h, `together-${i}`));
    sides.push({ h, alone: [await make(h, 'alone')], together });
  }
  /** @type {{ bad: number, errors: number, firstBad: string | null }} */
  const tally = { bad: 0, errors: 0, firstBad: null };
  const each = connections / 2;
  /** One round: `solo` drives its lone sandbox while `group` drives its many. */
  const round = async (solo, group, t) => {
    const [a, g] = await Promise.all([
      segment(solo.h.url, solo.alone, each, seconds, key, userId, t, solo.h.pid),
      segment(group.h.url, group.together, each, seconds, key, userId, t, group.h.pid),
    ]);
    const grouped = g.per.reduce((n, l) => n + l.length, 0);
    const capacity = sliceCapacityRatio({ responses: grouped, cpuMs: g.cpuMs }, { responses: a.per[0].length, cpuMs: a.cpuMs });
    return { a, g, soloRate: a.per[0].length / a.seconds, groupRate: grouped / g.seconds, capacity };
  };
  // Warm-up of both shapes on both, not counted.
  await round(sides[0], sides[1], { bad: 0, errors: 0 });
  await round(sides[1], sides[0], { bad: 0, errors: 0 });
  /** @type {number[]} */
  const soloRates = [];
  /** @type {number[]} */
  const groupRates = [];
  /** @type {number[]} */
  const soloLatencies = [];
  /** @type {number[][]} */
  const perSandbox = Array.from({ length: count }, () => []);
  /** @type {{ wall: number, capacity: number | null }[]} */
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const [solo, group] = r % 2 ? [sides[1], sides[0]] : [sides[0], sides[1]];
    const x = await round(solo, group, tally);
    soloRates.push(x.soloRate);
    groupRates.push(x.groupRate);
    soloLatencies.push(...x.a.per[0]);
    x.g.per.forEach((l, i) => perSandbox[i].push(...l));
    results.push({ wall: x.groupRate / x.soloRate, capacity: x.capacity });
  }
  for (const side of sides) {
    for (const id of ['alone', ...side.together.map((_, i) => `together-${i}`)]) {
      await request(side.h.url, { method: 'DELETE', path: `/__emulator/sandboxes/${id}` });
    }
  }
  const ratios = swappedPairs(results.map((x) => x.wall));
  const capacityRatios = results.every((x) => x.capacity !== null) ? swappedPairs(results.map((x) => /** @type {number} */ (x.capacity))) : null;
  const solo = stats(soloLatencies);
  const per = perSandbox.map((l) => ({ responses: l.length, ...stats(l) }));
  const meanResponses = per.reduce((n, s) => n + s.responses, 0) / per.length;
  return {
    soloPerSecond: soloRates.reduce((a, b) => a + b, 0) / rounds,
    groupPerSecond: groupRates.reduce((a, b) => a + b, 0) / rounds,
    ratio: middle(ratios),
    ratios,
    capacityRatio: capacityRatios ? middle(capacityRatios) : null,
    capacityRatios,
    rounds,
    soloP99: solo.p99,
    worstP99: Math.max(...per.map((s) => s.p99)),
    worstMax: Math.max(...per.map((s) => s.max)),
    fewestShare: Math.min(...per.map((s) => s.responses)) / meanResponses,
    clean: tally.bad === 0 && tally.errors === 0,
    firstBad: tally.firstBad,
  };
}
