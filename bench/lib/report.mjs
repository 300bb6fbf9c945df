// The report: the figures against their targets, printed and written to bench/results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import os from 'node:os';
import { CLI, DURATION, FAKE, LEFT_OUT_ENV, LOAD_RUNS, QUIET, QUIET_LOAD, SIDE, READ_CONNECTIONS, READ_SECONDS, READ_SEGMENTS, RESULTS_DIR, ROOT, SETTLE_MS, STARTUP_RUNS, WARMUP_SECONDS, WRITE_CONNECTIONS, WRITE_SECONDS, WRITE_SEGMENTS, log, median, redact, round } from './config.mjs';
import { stopProblems } from './processes.mjs';
import { startupFigures } from './ratios.mjs';
import { loadChecks } from './load.mjs';
import { scaleNotes, scaleRows } from '../scale-rows.mjs';
import { readNotes, readRows, startupRows } from '../read-rows.mjs';

// ---------------------------------------------------------------------------------------------
// Report

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch { return null; }
}

function fmt(x, unit) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return 'n/a';
  switch (unit) {
    case 'ms': return x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(1)} ms`;
    case 'µs': return `${x.toFixed(1)} µs`;
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
    const judged = target && target.pass !== null;
    if (judged) ok = target.pass ? 'yes' : 'NO';
    if (!clean) ok = judged ? 'NO (errors)' : 'ERRORS';
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

  const start = startupRows(raw, { row });
  const reads = readRows(raw, { row });

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
  const load100k = startupFigures(raw.load100k);
  row(`start-up loading a 100k-key data file (median of ${load100k.pairs} pairs)`, 'ms', load100k.emulatorMs, load100k.baselineMs, {
    text: `≤ 4× baseline (median of pair ratios ${load100k.pairRatio.toFixed(2)}×; middle half ${load100k.pairQuartiles[0].toFixed(2)}×–${load100k.pairQuartiles[1].toFixed(2)}×)`,
    pass: load100k.pairRatio <= 4,
  });
  if (raw.firstWriteAfterLoadMs != null) row('first create_api_key after loading the 100k data file (builds the grouping indexes)', 'ms', raw.firstWriteAfterLoadMs, raw.bareRoundTrip?.median ?? NaN, null);
  row('start-up creating the data file from the 100k fixture', 'ms', raw.createData100kMs, baseStart, null);
  const start100k = median(raw.start100k);
  row(`start-up in memory with the 100k fixture (median of ${raw.start100k.length})`, 'ms', start100k, baseStart, null);
  scaleRows(raw, { row, vsBase, atMost, start100k });

  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemMiB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const notes = [
    `Load: autocannon 9 in this process, ${READ_CONNECTIONS} connections for the reads and ${WRITE_CONNECTIONS} connections for ${round(WRITE_SECONDS, 2)} s per write figure (in ${WRITE_SEGMENTS} slice(s) round-robin over the five servers), a wait for GET /health and a ${SETTLE_MS} ms pause after every slice, each load after a ${WARMUP_SECONDS} s warm-up; the client shares the machine's ${machine.cpus} CPUs with the server.`,
    ...readNotes({ readSeconds: READ_SECONDS, readSegments: READ_SEGMENTS, readConnections: READ_CONNECTIONS, startupRuns: STARTUP_RUNS, startedHow: raw.startedHow, cli: relative(ROOT, CLI), sidePairs: SIDE.pairs, sideSlices: SIDE.slices, sideSeconds: SIDE.seconds, sideConnections: SIDE.connections }),
    'Requests are sent as the Prefect 1.x Python client sends them: POST / with {"query": …, "variables": "<JSON string>"}, Authorization: Bearer <key>, Content-Type: application/json, X-PREFECT-CORE-VERSION: 1.4.1. The baseline gets the same requests.',
    'Latency percentiles are computed from every response\'s own latency (not autocannon\'s whole-millisecond histogram).',
    'Writes: one op = one create_api_key + delete_api_key pair (2 requests) by the bench user; pairs/s counts completed, successful deletes. The baseline answers the same requests with its fixed body.',
    'Peak RSS: VmHWM from /proc/<pid>/status after the read loads (the baseline likewise).',
    `Data-file load: ${LOAD_RUNS} pairs of starts, each with --data on an existing file beside a bare start (back to back, alternating which goes first, after one untimed start of each, judged as the start-up is: the median of the pairs' ratios) (${raw.data100kBytes ? (raw.data100kBytes / 2 ** 20).toFixed(1) : '?'} MiB, written by the emulator from the 100k fixture), no --fixture; the tables' unique indexes (keys by hash, rows by id) are built from the file's columns before the emulator answers, each row made into an object when first read, the grouping indexes (keys by user, …) by a table's first listing or change, so the first create_api_key after the load (after one auth_info) is shown beside it.`,
    ...scaleNotes(raw),
  ];
  // The baseline does identical work for both read queries: how far its two figures differ
  // is a floor on how far apart two measurements of the same thing land on this machine now.
  const b1 = raw.reads.auth_info.baseline.perSecond;
  const b2 = raw.reads.auth_api_key.baseline.perSecond;
  const spread = Math.abs(b1 - b2) / Math.max(b1, b2);
  machine.loadAvg = { atStart: raw.loadAvgAtStart, atEnd: raw.loadAvgAtEnd, quietAtStart: raw.quietAtStart, busyAtStart: raw.busyAtStart, quietBusyAtMost: QUIET.busy, quietBelow: QUIET_LOAD };
  const measuredBusy = typeof raw.busyAtStart === 'number';
  const busyText = measuredBusy ? `${(raw.busyAtStart * 100).toFixed(1)}% of the CPUs were busy over ${QUIET.seconds} s before the first measurement (quiet: ≤ ${QUIET.busy * 100}%)` : `1-min load average ${raw.loadAvgAtStart[0]} at the start (quiet: ≤ ${QUIET_LOAD})`;
  const busy = raw.quietAtStart ? null : `The machine was not quiet: ${busyText}, so other work shared the CPUs and the figures may not hold on a quiet machine.`;
  const quietRule = measuredBusy
    ? `a run is flagged as not quiet, on the console and at the top of the report, when more than ${QUIET.busy * 100}% of the CPUs' time is busy over the ${QUIET.seconds} s before its first measurement (/proc/stat; the load average decays over minutes and still holds the build npm run bench makes first)`
    : `a run that starts with a 1-min load above ${QUIET_LOAD} is flagged as not quiet, on the console and at the top of the report`;
  const noise = `Noise: the baseline's two read figures (identical work) differ by ${(spread * 100).toFixed(1)}%; ${measuredBusy ? `${(raw.busyAtStart * 100).toFixed(1)}% of the CPUs busy before the first measurement; ` : ''}load average (1/5/15 min) ${raw.loadAvgAtStart.join(' / ')} at the start and ${raw.loadAvgAtEnd.join(' / ')} at the end, on ${machine.cpus} CPUs (${quietRule}).`;
  notes.push(noise);
  if (LEFT_OUT_ENV.length > 0) notes.push(`Environment: ${LEFT_OUT_ENV.join(' and ')} ${LEFT_OUT_ENV.length > 1 ? 'were' : 'was'} set for the bench and left out of every server's environment (bench/lib/config.mjs says why): the servers start as node starts by default.`);
  if (FAKE) notes.unshift('FAKE RUN: BENCH_EMULATOR=baseline, the baseline stood in for the emulator.');
  if (busy) notes.unshift(busy);

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
    noise: { baselineReadSpread: round(spread, 3), quietAtStart: raw.quietAtStart, warning: busy },
    figures: roundDeep({ startup: start, reads }, 4),
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
  if (busy) log(`bench: WARNING - ${busy}`);
  if (spread > 0.1 || raw.loadAvgAtStart[0] > machine.cpus * 0.75) console.log(`bench: warning - the machine was busy or noisy during the run. ${noise}`);
  console.log(`bench: ${rows.filter((r) => r.ok === 'yes').length} targets met, ${failed.length} not met or with errors; ${raw.totalSeconds.toFixed(0)} s in all`);

  const md = [
    '# prefect-cloud-emulator benchmark',
    '',
    `${result.generatedAt}, commit ${result.commit ?? '?'} (working tree), CLI ${result.cli}, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, BENCH_DURATION=${DURATION}${FAKE ? ' — **FAKE RUN: the baseline stood in for the emulator**' : ''}`,
    '',
    `${measuredBusy ? `CPUs ${(raw.busyAtStart * 100).toFixed(1)}% busy over ${QUIET.seconds} s before the first measurement. ` : ''}Load average (1/5/15 min): ${raw.loadAvgAtStart.join(' / ')} at the start, ${raw.loadAvgAtEnd.join(' / ')} at the end.${busy ? ` **${busy}**` : ' Quiet at the start.'}`,
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

export { report };
