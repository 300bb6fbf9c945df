// The report rows of start-up and of the read loads, for bench/lib/report.mjs's table:
// every judged ratio with the figures that show how firmly it stands (the spread over the
// slices or pairs it is the median of, the pooled ratio, the servers' own CPU per request).
// `row(figure, unit, emulator, baseline, target, clean)`; a target whose `pass` is null is
// shown as information only.
import { capacityRatio, startupFigures, throughputRatio } from './lib/ratios.mjs';
import { ratioOverPairs } from './side-by-side.mjs';

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const times = (x) => `${x.toFixed(2)}×`;

const cpuUs = (load) => load.cpuUsPerRequest?.all ?? NaN;

export function startupRows(raw, { row }) {
  const s = startupFigures(raw.startup);
  row(`start-up, in memory, default fixture (median of ${s.pairs} pairs)`, 'ms', s.emulatorMs, s.baselineMs, {
    text: `≤ 1.5× baseline (median of pair ratios ${times(s.pairRatio)}; middle half ${times(s.pairQuartiles[0])}–${times(s.pairQuartiles[1])})`,
    pass: s.pairRatio <= 1.5,
  });
  row('start-up CPU time until healthy, default fixture (median; all threads)', 'ms', s.emulatorCpuMs, s.baselineCpuMs, null);
  return s;
}

export function readRows(raw, { row }) {
  const figures = {};
  for (const name of ['auth_info', 'auth_api_key']) {
    const r = raw.reads[name];
    const cleanBase = r.baseline.clean;
    const c10 = r.emu10.clean && cleanBase;
    const c100k = r.emu100k.clean && cleanBase;
    const vsBase = throughputRatio(r.emu10, r.baseline);
    const vs10 = throughputRatio(r.emu100k, r.emu10);
    // Both emulators do the same work per request, so the judged ratio is their capacity:
    // requests per second of server CPU, slice by slice (wall-clock throughput beside it).
    const cap10 = capacityRatio(r.emu100k, r.emu10);
    figures[name] = { vsBase, vs10, capacity: cap10 };
    row(`${name} throughput, 10 keys`, '/s', r.emu10.perSecond, r.baseline.perSecond,
      name === 'auth_info'
        ? { text: `≥ 0.5× baseline (median of ${vsBase.n} slice ratios ${times(vsBase.median)}; slices ${times(vsBase.low)}–${times(vsBase.high)})`, pass: vsBase.median >= 0.5 }
        : null, c10);
    row(`${name} p50 latency, 10 keys`, 'ms', r.emu10.p50, r.baseline.p50, null, c10);
    row(`${name} p99 latency, 10 keys`, 'ms', r.emu10.p99, r.baseline.p99,
      name === 'auth_info' ? { text: '≤ 3× baseline', pass: r.emu10.p99 / r.baseline.p99 <= 3 } : null, c10);
    row(`${name} server CPU per request, 10 keys`, 'µs', cpuUs(r.emu10), cpuUs(r.baseline), null, c10);
    const wall = `median of ${vs10.n} slice ratios ${pct(vs10.median)}; pooled ${pct(vs10.pooled)}; slices ${pct(vs10.low)}–${pct(vs10.high)}`;
    const side = raw.sideBySide?.[name];
    const pooled = side ? ratioOverPairs(side.ratios) : null;
    figures[name].sideBySide = pooled;
    const apart = `one after the other: wall clock ${wall}${cap10 ? `; per second of CPU ${pct(cap10.median)}` : ''}`;
    row(`${name} throughput, 100k keys`, '/s', r.emu100k.perSecond, r.baseline.perSecond, pooled && pooled.n > 0
      ? {
        text: `≥ 95% of 10 keys, per second of server CPU, side by side (median of ${pooled.pairMedians.length} pairs of processes ${pct(pooled.median)}: pairs ${pooled.pairMedians.map(pct).join(', ')}, each the median of its slices; all ${pooled.n} slices pooled ${pct(pooled.pooled)}, ${pct(pooled.low)}–${pct(pooled.high)}; ${apart})`,
        pass: pooled.median >= 0.95,
      }
      : { text: `≥ 95% of 10 keys (${wall}; no CPU readings here)`, pass: vs10.median >= 0.95 }, c100k && r.emu10.clean && (side?.clean ?? true));
    row(`${name} p50 latency, 100k keys`, 'ms', r.emu100k.p50, r.baseline.p50, null, c100k);
    row(`${name} p99 latency, 100k keys`, 'ms', r.emu100k.p99, r.baseline.p99, null, c100k);
    const cpuShare = cpuUs(r.emu100k) / cpuUs(r.emu10);
    row(`${name} server CPU per request, 100k keys`, 'µs', cpuUs(r.emu100k), cpuUs(r.baseline),
      Number.isFinite(cpuShare) ? { text: `(information: ${times(cpuShare)} the CPU per request with 10 keys)`, pass: null } : null, c100k);
  }
  return figures;
}

/** How the start-up and read figures are measured, for the report's method. */
export function readNotes({ readSeconds, readSegments, readConnections, startupRuns, startedHow, cli, sidePairs, sideSlices, sideSeconds, sideConnections }) {
  return [
    `Start-up: ${startupRuns} pairs of starts (emulator and baseline back to back, alternating which goes first: E B, B E, …) after one untimed start of each; the judged figure is the median of the pairs' ratios (a pair shares its moment of the machine), the ratio column is the ratio of the medians, and the middle half of the pair ratios shows their spread. Each start is the wall time from spawn() until GET /health first answers 200 (the URL from the ready line, port 0, then /health polled every ~2 ms); the baseline's median start is the reference for every start-up row. The CPU time until healthy is the child's own (all threads, from /proc) when /health first answers. The emulator is started by ${cli} (the bin, as its users start it; the bare server by node), and in this run it said how it started: ${startedHow ?? 'not said'}.`,
    `Reads: ${readSeconds} s per server and query in ${readSegments} slice(s) of ${(readSeconds / readSegments).toFixed(2)} s, ${readConnections} connections, round-robin over the baseline and the two emulators in forward then reverse order (A B C, C B A, …). Throughput ratios are the median of the ratios of the slices taken side by side in each round, so one disturbed slice does not decide the figure; the pooled ratio (all responses over all slice time) and the lowest and highest slice ratio are shown beside it. auth_info against the baseline is judged on wall-clock throughput. 100k keys against 10 is judged side by side, on capacity. The two emulators run the same code on the same requests, and what the figure asks is whether 100,000 keys make a request cost more. On a shared 2-CPU machine, slices taken one after the other differ by 10–50% (the host's speed changes from one half second to the next, and CPU time per request with it), more than the 5% margin; so after the loads above, both emulators are loaded at once, ${sideConnections} connections each, in slices of ${sideSeconds} s, and each slice compares their responses per second of their own CPU time (all threads), at the same moment of the machine. Two processes built alike also differ by a few percent (code optimised and laid out differently), and now and then one process runs far slower than its twin for its whole life (seen once: 2.4× the CPU per request), so this runs on ${sidePairs} pairs of processes (the two above, then fresh ones started alike), ${sideSlices} slices each after a warm-up slice; the judged ratio is the median of the pairs' medians, and every pair's median, the median of all slices pooled and the one-after-the-other ratios are shown beside it.`,
    'Server CPU per request: the server process\'s own CPU time (every thread: event loop, garbage collector, libuv) over each load slice, read from /proc/<pid>/task/*/schedstat (nanoseconds), divided by the responses. It depends far less than throughput on what else the machine runs (contention for caches and cores still raises it a little, alike for servers measured in alternating slices), so the ratio of two servers\' CPU per request tells whether a low throughput ratio is the work of the server or the machine.',
  ];
}
