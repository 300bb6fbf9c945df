// 100,000 keys against 10, for bench/run.mjs: both emulators loaded at the same moment, so
// whatever the machine does in a slice lands on both. Run one after the other, two slices
// half a second apart differ by 10–25% in what a request costs on a shared 2-CPU machine
// (CPU time per request included: a slower moment of the host slows every instruction);
// driven at once, the two servers share that moment, and the ratio of their costs per request
// is what remains. Two processes built alike also differ by a few percent (code optimised and
// laid out differently), and now and then one process runs far slower than its twin for its
// whole life (seen: 2.4× the CPU per request, on a busy host); so the comparison runs on
// several pairs of processes, and the judged figure is the median of the pairs' medians.
import { cannon } from './lib/load.mjs';
import { median } from './lib/config.mjs';
import { sliceCapacityRatio } from './lib/ratios.mjs';
import { assertAlive } from './lib/processes.mjs';
import { checkRead, clientHeaders, gqlBody, queryName } from './lib/requests.mjs';

/**
 * The judged figure from every pair's slice ratios: the median of the pairs' medians (one
 * process slower than its twin moves its own pair's figure only), beside the median of all the
 * slices pooled and the spread.
 * @param {number[][]} pairs slice ratios, one array per pair of processes
 */
export function ratioOverPairs(pairs) {
  const all = pairs.flat().sort((x, y) => x - y);
  const pairMedians = pairs.filter((r) => r.length > 0).map((r) => median(r));
  return {
    median: pairMedians.length ? median(pairMedians) : NaN,
    pooled: all.length ? median(all) : NaN,
    pairMedians,
    low: all[0] ?? NaN,
    high: all[all.length - 1] ?? NaN,
    n: all.length,
  };
}

const sliceOf = (part) => ({ responses: part.latencies.length, cpuMs: part.cpu ? (part.cpu.sched ?? part.cpu.stat) : null, bad: part.non2xx + part.errors + part.timeouts });

/**
 * `pairs` pairs of emulators (`first`, if given, is the first pair, already running; the others
 * come from `startPair` and are stopped by `stopPair`), each query loaded on both at once in
 * `slices` slices of `seconds`, `connections` each, after a warm-up.
 * @param {{ fx: any, queries: string[], pairs: number, slices: number, seconds: number, connections: number,
 *   first: { small: any, large: any } | null, startPair: (i: number) => Promise<{ small: any, large: any }>,
 *   stopPair: (pair: { small: any, large: any }) => Promise<void>, log: (m: string) => void }} o
 * @returns {Promise<Record<string, { ratios: number[][], clean: boolean }>>}
 */
export async function sideBySide({ fx, queries, pairs, slices, seconds, connections, first, startPair, stopPair, log }) {
  /** @type {Record<string, { ratios: number[][], clean: boolean }>} */
  const out = Object.fromEntries(queries.map((q) => [queryName(q), { ratios: [], clean: true }]));
  for (let p = 0; p < pairs; p++) {
    const pair = p === 0 && first ? first : await startPair(p);
    log(`bench: 100k keys against 10 side by side, pair ${p + 1} of ${pairs}`);
    for (const query of queries) {
      const entry = out[queryName(query)];
      for (const h of [pair.small, pair.large]) await checkRead(h, fx, query);
      // Every answer is looked at, as in the loads one after the other: a fast error is not a result.
      const onResponse = (/** @type {number} */ status, /** @type {string} */ body) => {
        if (status !== 200 || body.includes('"errors"')) entry.clean = false;
      };
      const requests = [{ method: 'POST', path: '/', headers: clientHeaders(fx.readKey), body: gqlBody(query), onResponse }];
      const both = () => Promise.all([pair.large, pair.small].map((h) => cannon({ url: h.url, connections, seconds, requests, pid: h.pid })));
      await both();
      /** @type {number[]} */
      const ratios = [];
      for (let s = 0; s < slices; s++) {
        const [large, small] = (await both()).map(sliceOf);
        if (large.bad || small.bad) entry.clean = false;
        const r = sliceCapacityRatio(large, small);
        if (r !== null) ratios.push(r);
      }
      entry.ratios.push(ratios);
      assertAlive(pair.small);
      assertAlive(pair.large);
    }
    if (!(p === 0 && first)) await stopPair(pair);
  }
  return out;
}
