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
// BENCH_CLI=<path> benches another build of the CLI (default bin/prefect-cloud-emulator, as its
// users start it; a .js file is run with node).
// For plumbing tests only: BENCH_EMULATOR=baseline runs the whole bench with the baseline
// server standing in for the emulator (answers are then not checked for content).
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { writeBenchFixtures } from './fixtures.mjs';
import { BenchError, CLI, DEFAULT_FIXTURE, FAKE, LEFT_OUT_ENV, LOAD_RUNS, Q_AUTH_API_KEY, Q_AUTH_INFO, READ_CONNECTIONS, READ_SECONDS, ROOT, STARTUP_RUNS, WARMUP_SECONDS, WATCHDOG_MS, WRITE_CONNECTIONS, WRITE_SECONDS, log, median, redact, round } from './lib/config.mjs';
import { cleanupTmp, killAllSync, launch, makeTmpDir, peakRss, stopServer } from './lib/processes.mjs';
import { busyShare, machineTicks } from './lib/cpu.mjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkRead, queryName } from './lib/requests.mjs';
import { cannon, readLoads, writeLoads } from './lib/load.mjs';
import { report } from './lib/report.mjs';
import { parallelSandboxes } from './parallel.mjs';
import { queuePoll } from './queue.mjs';
import { measureStartups } from './startup.mjs';
import { bareRoundTrips, defaultFixtureKey, inProcess, resets, sandboxes } from './scale.mjs';
import { IN_PROCESS_RUNS, PARALLEL, QUEUE, QUIET, QUIET_LOAD, RESET_RUNS, SANDBOX_COUNT, SANDBOX_RUNS, SIDE, START_100K_RUNS } from './lib/config.mjs';
import { sideBySide } from './side-by-side.mjs';
import { checkBasics, createBody, deleteBody, postOnce } from './lib/requests.mjs';

// ---------------------------------------------------------------------------------------------
// Figures


function emuArgs(...rest) {
  return ['--host', '127.0.0.1', '--port', '0', ...rest];
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
  } else if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new BenchError(`bench: ${relative(ROOT, CLI)} or dist/cli/main.js does not exist - run \`node scripts/build.mjs\` (npm run bench does).`);
  }
  log(`bench: load phases ${READ_SECONDS} s (reads, ${READ_CONNECTIONS} connections) / ${round(WRITE_SECONDS, 2)} s (writes, ${WRITE_CONNECTIONS} connections), warm-up ${WARMUP_SECONDS} s each; ${os.cpus().length} CPUs`);

  raw.loadAvgAtStart = os.loadavg().map((x) => round(x, 2));
  const tmpDir = makeTmpDir();
  const t = performance.now();
  const fx = writeBenchFixtures(tmpDir);
  log(`bench: fixtures written in ${((performance.now() - t) / 1000).toFixed(1)} s (10, 100 and 100,000 keys; 1,001 users)`);
  // Quiet is judged on what the CPUs do now, over a short window before the first measurement:
  // the load average decays over minutes and still holds the build `npm run bench` makes first.
  const ticks = machineTicks();
  await sleep(QUIET.seconds * 1000);
  const busy = busyShare(ticks, machineTicks());
  raw.busyAtStart = busy === null ? null : round(busy, 3);
  raw.quietAtStart = busy === null ? raw.loadAvgAtStart[0] <= QUIET_LOAD : busy <= QUIET.busy;
  log(`bench: ${busy === null ? '' : `CPUs ${(busy * 100).toFixed(1)}% busy over ${QUIET.seconds} s; `}load average (1/5/15 min) ${raw.loadAvgAtStart.join(' / ')} on ${os.cpus().length} CPUs`);
  if (LEFT_OUT_ENV.length > 0) log(`bench: ${LEFT_OUT_ENV.join(' and ')} left out of the servers' environment (they change how node itself starts)`);
  if (!raw.quietAtStart) {
    log(`bench: WARNING - the machine is not quiet (${busy === null ? `1-min load ${raw.loadAvgAtStart[0]} > ${QUIET_LOAD}` : `${(busy * 100).toFixed(1)}% of the CPUs busy before the first measurement, > ${QUIET.busy * 100}%`}): other work shares the CPUs, so the figures may not hold; the report says so`);
  }

  // 1. Start-up: the real CLI, in memory, default fixture.
  const startupArgs = existsSync(DEFAULT_FIXTURE)
    ? emuArgs('--in-memory', '--fixture', DEFAULT_FIXTURE)
    : emuArgs('--in-memory');
  if (!existsSync(DEFAULT_FIXTURE)) log(`bench: note - ${relative(ROOT, DEFAULT_FIXTURE)} is missing; start-up runs without --fixture`);
  // How the bin started the code (from its start-up snapshot, or compiling the script), as its
  // debug line says: one untimed start, so the report says what the start-up figures measured.
  if (!FAKE) {
    const probe = await launch('emulator (how it starts)', 'emulator', [...startupArgs, '--log-level', 'debug']);
    raw.startedHow = probe.stderr.find((line) => line.startsWith('[debug] '))?.slice('[debug] '.length) ?? null;
    await stopServer(probe);
    log(`bench: the emulator ${raw.startedHow ?? 'printed no debug line on how it started'}`);
  }
  log(`bench: start-up, ${STARTUP_RUNS} pairs (emulator and baseline back to back, alternating which goes first, after one warm-up launch each)`);
  raw.startup = await measureStartups(startupArgs, STARTUP_RUNS);
  const baseStart = median(raw.startup.baseline.ms);

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

  // 4a. 100k keys against 10 side by side, on these two and on fresh pairs.
  if (!FAKE) {
    raw.sideBySide = await sideBySide({
      fx, queries: [Q_AUTH_INFO, Q_AUTH_API_KEY], ...SIDE, log,
      first: { small: emu10, large: emu100k },
      startPair: async (i) => ({
        small: await launch(`emulator (10 keys, pair ${i + 1})`, 'emulator', emuArgs('--in-memory', '--fixture', fx.files.keys10)),
        large: await launch(`emulator (100k keys, pair ${i + 1})`, 'emulator', emuArgs('--in-memory', '--fixture', fx.files.keys100k)),
      }),
      stopPair: async (pair) => { await stopServer(pair.small); await stopServer(pair.large); },
    });
  }

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
  // In pairs with a bare start, as the start-up is: the judged ratio is the median of the
  // pairs' ratios. One more load then stays up for the durable writes at 100k keys.
  raw.load100k = await measureStartups(emuArgs('--data', data100k), LOAD_RUNS);
  const dur100k = await launch('emulator (100k keys, data file)', 'emulator', emuArgs('--data', data100k));
  // A loaded table builds its grouping indexes (keys by user, …) on its first listing or
  // change: shown beside the load so the start-up figure hides nothing it left for later.
  if (!FAKE) {
    await postOnce(dur100k.url, fx.readKey, JSON.stringify({ query: Q_AUTH_INFO, variables: 'null' }));
    const t = performance.now();
    const c = await postOnce(dur100k.url, fx.readKey, createBody(fx));
    raw.firstWriteAfterLoadMs = performance.now() - t;
    checkBasics(`${dur100k.label} first create_api_key after the load`, c);
    await postOnce(dur100k.url, fx.readKey, deleteBody(c.json.data.create_api_key.id));
  }

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
    raw.sandboxes = await sandboxes(sb, { runs: SANDBOX_RUNS, count: SANDBOX_COUNT, rssOf: peakRss, base });
    log(`bench: ${PARALLEL.count} sandboxes driven at once against one alone (${PARALLEL.rounds} rounds of ${PARALLEL.seconds} s each)`);
    const admin = defaultFixtureKey(DEFAULT_FIXTURE, 'acme-tenant-admin');
    const twin = await launch('emulator (sandboxes, default fixture, second)', 'emulator', startupArgs);
    raw.parallel = await parallelSandboxes([sb, twin], { ...PARALLEL, key: admin.key, userId: admin.userId });
    await stopServer(twin);
    await stopServer(sb);
    raw.queue = await queuePoll({ launch, stopServer, emuArgs, log, defaultFixture: DEFAULT_FIXTURE, ...QUEUE });
  }
  await stopServer(base);

  clearTimeout(watchdog);
  raw.totalSeconds = (performance.now() - started) / 1000;
  raw.loadAvgAtEnd = os.loadavg().map((x) => round(x, 2));
  return report(raw, baseStart, fx);
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
