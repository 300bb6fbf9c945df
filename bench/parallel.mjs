// Parallel sandboxes, for bench/run.mjs: N sandboxes driven at once (as N parallel test
// workers would) against one sandbox driven alone, with the same load generator, the same
// connections and the same requests: auth_info, create_api_key, delete_api_key, in a loop.
// Segments alternate (alone, together, alone, …) so a drift of the machine lands on both.
import autocannon from 'autocannon';
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

/** One load segment: `connections` spread round-robin over the `prefixes`; latencies per prefix. */
function segment(url, prefixes, connections, seconds, key, userId, tally) {
  const per = prefixes.map(() => []);
  const loops = prefixes.map((p) => loop(p, key, userId, tally));
  let next = 0;
  return new Promise((resolve, reject) => {
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
      resolve({ seconds: (performance.now() - t) / 1000, per });
    });
    inst.on('response', (client, _status, _bytes, ms) => per[client.sandbox ?? 0].push(ms));
  });
}

/**
 * Creates `count` sandboxes plus one to drive alone, then alternates `rounds` pairs of
 * segments. Throughput counts every answered request; the ratio is the median over rounds of
 * together / alone. A stall shows as a sandbox far behind the others or with a long tail.
 */
export async function parallelSandboxes(h, { count, connections, rounds, seconds, key, userId }) {
  const make = async (id) => {
    const r = await request(h.url, { method: 'POST', path: '/__emulator/sandboxes', body: JSON.stringify({ id }) });
    if (r.status !== 201) throw new Error(`${h.label}: creating sandbox ${id} answered ${r.status}: ${r.body.slice(0, 300)}`);
    return `/sandboxes/${id}`;
  };
  const alone = [await make('alone')];
  const together = [];
  for (let i = 0; i < count; i++) together.push(await make(`together-${i}`));
  /** @type {{ bad: number, errors: number, firstBad: string | null }} */
  const tally = { bad: 0, errors: 0, firstBad: null };
  // Warm-up of both shapes, not counted.
  await segment(h.url, alone, connections, 1, key, userId, { bad: 0, errors: 0 });
  await segment(h.url, together, connections, 1, key, userId, { bad: 0, errors: 0 });
  /** @type {number[]} */
  const soloRates = [];
  /** @type {number[]} */
  const groupRates = [];
  /** @type {number[]} */
  const soloLatencies = [];
  /** @type {number[][]} */
  const perSandbox = together.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const a = await segment(h.url, alone, connections, seconds, key, userId, tally);
    soloRates.push(a.per[0].length / a.seconds);
    soloLatencies.push(...a.per[0]);
    const g = await segment(h.url, together, connections, seconds, key, userId, tally);
    groupRates.push(g.per.reduce((n, l) => n + l.length, 0) / g.seconds);
    g.per.forEach((l, i) => perSandbox[i].push(...l));
  }
  for (const id of ['alone', ...together.map((_, i) => `together-${i}`)]) {
    await request(h.url, { method: 'DELETE', path: `/__emulator/sandboxes/${id}` });
  }
  const ratios = groupRates.map((g, i) => g / soloRates[i]).sort((x, y) => x - y);
  const solo = stats(soloLatencies);
  const each = perSandbox.map((l) => ({ responses: l.length, ...stats(l) }));
  const meanResponses = each.reduce((n, s) => n + s.responses, 0) / each.length;
  return {
    soloPerSecond: soloRates.reduce((a, b) => a + b, 0) / rounds,
    groupPerSecond: groupRates.reduce((a, b) => a + b, 0) / rounds,
    ratio: middle(ratios),
    ratios,
    soloP99: solo.p99,
    worstP99: Math.max(...each.map((s) => s.p99)),
    worstMax: Math.max(...each.map((s) => s.max)),
    fewestShare: Math.min(...each.map((s) => s.responses)) / meanResponses,
    clean: tally.bad === 0 && tally.errors === 0,
    firstBad: tally.firstBad,
  };
}
