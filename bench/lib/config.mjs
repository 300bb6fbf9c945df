// The bench's settings (from BENCH_* variables), the queries it sends, and output hygiene: nothing
// printed or written holds a key.
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY_PATTERN } from '../fixtures.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The emulator is started as its users start it: the bin (bin/prefect-cloud-emulator, which
// takes the node on PATH; the bench puts its own node first). A BENCH_CLI that is a .js file is
// run with node instead, as `node dist/cli/main.js` is.
const CLI = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(ROOT, 'bin', 'prefect-cloud-emulator');
const BASELINE = join(ROOT, 'bench', 'baseline-server.mjs');
const DEFAULT_FIXTURE = join(ROOT, 'fixtures', 'default.json');
const RESULTS_DIR = join(ROOT, 'bench', 'results');

// The CLI reads PREFECT_EMULATOR_* variables (a data file, a log level, …): the bench passes
// everything as flags, so none of the caller's environment changes what is measured. Nor do
// node's own variables: NODE_EXTRA_CA_CERTS makes node read and parse every certificate the file
// holds before the first line of any script (a system bundle of 144 took 85 ms of every start on
// one machine, more than node's start itself), which the emulator and the bare server would both
// pay, so every start-up ratio would shrink towards 1 by work neither of them does; NODE_OPTIONS
// can carry V8 flags, under which V8 refuses the emulator's code cache. Both are left out, and
// the report says so when they were set: the servers start as node starts by default.
const NODE_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
const LEFT_OUT_ENV = NODE_VARIABLES.filter((k) => process.env[k] !== undefined);
const CHILD_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PREFECT_EMULATOR_') && !NODE_VARIABLES.includes(k)));
CHILD_ENV.PATH = [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter);

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
// Many short slices rather than a few long ones: a ratio of two servers is the median of the
// ratios of adjacent slices, so the more slices, the less one disturbed moment of the machine
// (or one full garbage collection landing in one slice) moves it.
const READ_SEGMENTS = Math.max(1, Math.min(20, Math.floor(2 * DURATION)));
const WRITE_SEGMENTS = Math.max(1, Math.min(4, Math.floor(DURATION / 2)));
const SETTLE_MS = 300;
const STARTUP_RUNS = 61;
// Starts loading the 100k-key data file, each paired with a bare start as the start-up runs are:
// at 11 pairs the judged ratio moved by ±0.3× between runs on the same build, more than its margin.
const LOAD_RUNS = 25;
const START_100K_RUNS = 3;
const RESET_RUNS = 9;
const SANDBOX_RUNS = 1_000;
const SANDBOX_COUNT = 1_000;
const IN_PROCESS_RUNS = 1_000;
// Rounds in swapped pairs (bench/parallel.mjs): an even number.
const PARALLEL = { count: 16, connections: 32, rounds: 2 * Math.max(1, Math.min(8, Math.floor(DURATION * 0.8))), seconds: Math.max(0.5, DURATION / 10) };
// 100k keys against 10 side by side (bench/side-by-side.mjs): pairs of processes, slices per query and pair.
const SIDE = { pairs: 3, slices: Math.max(4, Math.min(12, Math.floor(1.2 * DURATION))), seconds: 0.5, connections: 16 };
const HEALTH_POLL_MS = 2;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
// The agent's queue poll: many short rounds, each a segment on either emulator (order ABBA), on
// three pairs of processes (one in a quick run).
const QUEUE = { rounds: Math.max(2, Math.min(16, Math.round(1.6 * DURATION))), seconds: Math.max(0.5, DURATION / 20), pairs: DURATION >= 5 ? 3 : 1 };
// Before the first measurement: the machine is quiet when at most this share of its CPU time
// is busy over a window of this many seconds (from /proc/stat; where there is none, when the
// 1-minute load average is at most QUIET_LOAD).
const QUIET = { busy: 0.1, seconds: 2 };
const QUIET_LOAD = 0.5;
const WATCHDOG_MS = (480 + 36 * DURATION) * 1000;

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
// Numbers

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function round(x, digits) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export { IN_PROCESS_RUNS, PARALLEL, QUEUE, QUIET, QUIET_LOAD, RESET_RUNS, SANDBOX_COUNT, SANDBOX_RUNS, SIDE, START_100K_RUNS };
export { BASELINE, BenchError, CHILD_ENV, CLI, LEFT_OUT_ENV, CORE_VERSION, DEFAULT_FIXTURE, DURATION, FAKE, HEALTH_POLL_MS, LOAD_RUNS, M_CREATE, M_DELETE, PLACEHOLDER_ID, Q_AUTH_API_KEY, Q_AUTH_INFO, READ_CONNECTIONS, READ_SECONDS, READ_SEGMENTS, RESULTS_DIR, ROOT, SETTLE_MS, STARTUP_RUNS, START_TIMEOUT_MS, STOP_TIMEOUT_MS, WARMUP_SECONDS, WATCHDOG_MS, WRITE_CONNECTIONS, WRITE_SECONDS, WRITE_SEGMENTS, log, median, redact, round };
