// The report rows of the scale figures (bench/scale.mjs, bench/parallel.mjs, bench/queue.mjs),
// for bench/run.mjs's table. `row(figure, unit, emulator, baseline, target, clean)`.

const pct = (x) => `${(x * 100).toFixed(1)}%`;

export function scaleRows(raw, { row, vsBase, atMost, start100k }) {
  const bare = raw.bareRoundTrip;
  if (raw.reset100k) {
    const r = raw.reset100k.reset;
    const share = r.median / start100k;
    row(`reset, 100k fixture, over HTTP (median of ${r.n})`, 'ms', r.median, bare?.median ?? NaN,
      { text: `≤ 5% of the 100k start (${pct(share)})`, pass: share <= 0.05 });
    row('first create_api_key after a 100k reset', 'ms', raw.reset100k.firstWriteMs, bare?.median ?? NaN, null);
  }
  const ip = raw.inProcess;
  if (ip) {
    row(`reset, default fixture, in process (median of ${ip.reset.n})`, 'ms', ip.reset.median, bare.median, atMost(ip.reset.median, 1, ' ms'));
    row('reset, default fixture, in process, p99', 'ms', ip.reset.p99, bare.p99, null);
    row(`sandbox creation, default fixture, in process (median of ${ip.sandbox.n})`, 'ms', ip.sandbox.median, bare.median, atMost(ip.sandbox.median, 1, ' ms'));
    row('sandbox creation, default fixture, in process, p99', 'ms', ip.sandbox.p99, bare.p99, atMost(ip.sandbox.p99, 5, ' ms'));
  }
  const sb = raw.sandboxes;
  if (sb) {
    // One control request through express, which alone costs a few bare round trips; beside the
    // round trips taken between the creations.
    const beside = sb.bare;
    row(`sandbox creation over HTTP (median of ${sb.create.n}; baseline: a bare round trip beside each)`, 'ms', sb.create.median, beside.median, vsBase(sb.create.median / beside.median, '≤', 5));
    row('sandbox creation over HTTP, p99', 'ms', sb.create.p99, beside.p99, vsBase(sb.create.p99 / beside.p99, '≤', 10));
    row(`RSS added by ${sb.count.toLocaleString('en-US')} default sandboxes`, 'MiB', sb.addedMiB, raw.rss.baseline.rssMiB, atMost(sb.addedMiB, 150, ' MiB'));
  }
  const p = raw.parallel;
  if (p) {
    const wall = `wall clock ${pct(p.ratio)}, ${pct(p.ratios[0])}–${pct(p.ratios[p.ratios.length - 1])}`;
    const judged = p.capacityRatios
      ? { text: `≥ 90% of one alone, per second of server CPU, at the same moment (${pct(p.capacityRatio)}, median of ${p.capacityRatios.length} swapped pairs of rounds, ${pct(p.capacityRatios[0])}–${pct(p.capacityRatios[p.capacityRatios.length - 1])}; ${wall})`, pass: p.capacityRatio >= 0.9 }
      : { text: `≥ 90% of one alone (${wall}, median of ${p.ratios.length} swapped pairs of rounds; no CPU readings here)`, pass: p.ratio >= 0.9 };
    row(`16 sandboxes driven at once: requests/s (one alone: ${Math.round(p.soloPerSecond).toLocaleString('en-US')}/s)`, '/s', p.groupPerSecond, NaN, judged, p.clean);
    row(`16 sandboxes at once: worst sandbox's p99 (one alone: ${p.soloP99.toFixed(2)} ms)`, 'ms', p.worstP99, NaN,
      { text: `≤ 2× one alone (${(p.worstP99 / p.soloP99).toFixed(2)}×); fewest answers ${pct(p.fewestShare)} of the mean`, pass: p.worstP99 <= 2 * p.soloP99 && p.fewestShare >= 0.5 }, p.clean);
  }
  const q = raw.queue;
  if (q?.supported) {
    // The CPU rows' baseline: the bare server's CPU per request under the auth_info read load.
    const bareCpu = raw.reads?.auth_info?.baseline?.cpuUsPerRequest?.all ?? NaN;
    const cpu = (side) => side.cpuUsPerPoll?.all ?? NaN;
    const pairs = q.pairRatios.length > 1 ? `median of ${q.pairs} pairs of processes, each the median of its ${q.rounds} round ratios: ${q.pairRatios.map((r) => `${r.toFixed(3)}×`).join(', ')}` : `median of ${q.rounds} round ratios`;
    row(`get_runs_in_queue p99, ${q.small.runs} scheduled runs in the tenant`, 'ms', q.small.p99, bare.p99, null, q.clean);
    row(`get_runs_in_queue p99, ${q.large.runs.toLocaleString('en-US')} scheduled runs in the tenant`, 'ms', q.large.p99, bare.p99,
      { text: `≤ 1.1× with ${q.small.runs} (${q.ratio.toFixed(3)}×, ${pairs}; all rounds pooled ${q.pooledRatio.toFixed(2)}×; rounds ${q.lowRound.toFixed(2)}–${q.highRound.toFixed(2)}×)`, pass: q.ratio <= 1.1 }, q.clean);
    row(`get_runs_in_queue server CPU per poll, ${q.small.runs} scheduled runs`, 'µs', cpu(q.small), bareCpu, null, q.clean);
    row(`get_runs_in_queue server CPU per poll, ${q.large.runs.toLocaleString('en-US')} scheduled runs`, 'µs', cpu(q.large), bareCpu,
      { text: `(information: ${(cpu(q.large) / cpu(q.small)).toFixed(2)}× the CPU per poll with ${q.small.runs})`, pass: null }, q.clean);
  } else if (q) {
    row(`get_runs_in_queue p99 (${q.reason})`, 'ms', NaN, NaN, { text: '≤ 1.1× with 10 runs', pass: false });
  }
}

/** How the scale figures are measured, for the report's method. */
export function scaleNotes(raw) {
  const notes = [
    `Reset, 100k fixture: POST /__emulator/reset on the emulator started in memory with the 100k fixture (after one untimed reset), against the median start with that fixture (${raw.start100k?.length ?? '?'} starts); the first create_api_key after it is shown because copy on write moves the cost of copying a table to its first change.`,
    'In process: a node process of its own (no CLI heap flags, as a test process): emulator.reset() with the default fixture through dist/index.js, and a sandbox created from the default fixture (and deleted) through the service the control API calls (src/service, loaded with tsx: the programmatic API has no sandbox call); after a warm-up.',
    'Sandboxes over HTTP, on an emulator with the default fixture (after 20 created and deleted): first the RSS (VmRSS) before and after creating 1,000 (500 ms pauses), then, once those are deleted, the latency of sequential POST /__emulator/sandboxes {} on one kept-alive connection, each beside one POST to the baseline (a bare round trip) taken right before or after it, in turn, so the two see the same moment of the machine.',
  ];
  if (raw.parallel) {
    notes.push(`Parallel sandboxes: two emulators started alike with the default fixture; in each round of ${raw.parallel.rounds} one drives 16 connections spread over 16 sandboxes while the other drives 16 connections on one sandbox alone, at the same moment, and the next round swaps them; each connection loops auth_info, create_api_key, delete_api_key with the default fixture's tenant-admin key; requests/s counts every answer. A round's ratio is together / alone in requests per second of each server's own CPU time (all threads, as for the reads): taken at the same moment, it does not move with how fast the host runs from one second to the next (which moves a round's wall-clock rate by ±25–50% here), and the swap cancels a process that runs faster than its twin. Two swapped rounds make one figure (the geometric mean of their ratios); the judged ratio is the median of those, with the wall-clock ratio beside it. A sandbox that waits while the CPU idles would show in the worst p99 and the fewest answers, judged in the next row.`);
  }
  if (raw.queue?.supported) {
    const q = raw.queue;
    notes.push(`Queue poll: get_runs_in_queue as the 1.x agent sends it (before = now + 10 s, labels, tenant_id) with 4 connections, on two emulators holding 10 due runs, one of them with 9,990 more scheduled a day later; both are seeded alike (10,000 runs created, then the 9,990 later ones deleted again in one), so the two differ in the runs in the tenant and not in the heap's history; both answer the same 10 ids; ${q.rounds} rounds of ${q.seconds} s on each, in ABBA order, on ${q.pairs} pair(s) of processes started and seeded one pair after the other; a pair's ratio is the median over its rounds of p99(10,000) / p99(10) (a p99 of one short round is decided by a few scheduler hiccups or collections, and the median keeps one disturbed round from deciding the figure), and the judged ratio is the median of the pairs' ratios (two processes built alike differ for their whole life, and one pair's ratio moved by ±7% from one run to the next here, more than the 10% margin allows); each pair's ratio, the ratio of the p99s of all rounds pooled and the lowest and highest round show how firmly it stands, and the servers' CPU per poll (as for the reads; the baseline column is the bare server's CPU per auth_info request) shows whether the larger queue costs the server more work.`);
  }
  return notes;
}
