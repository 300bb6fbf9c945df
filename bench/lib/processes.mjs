// The servers the bench starts: spawning, waiting for health, stopping, memory; every child is
// killed at exit, on error too.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { BASELINE, BenchError, CHILD_ENV, CLI, FAKE, HEALTH_POLL_MS, ROOT, START_TIMEOUT_MS, STOP_TIMEOUT_MS, redact } from './config.mjs';

// ---------------------------------------------------------------------------------------------
// Child processes

const children = new Set();
let tmpDir = null;

/** The bench's temporary folder (fixtures, data files), removed at exit. */
function makeTmpDir() {
  tmpDir = mkdtempSync(join(os.tmpdir(), 'pce-bench-'));
  return tmpDir;
}

function killAllSync() {
  for (const h of children) {
    if (h.exit === null) {
      try { h.child.kill('SIGKILL'); } catch { /* already gone */ }
    }
  }
}

function cleanupTmp() {
  if (tmpDir && !process.env.BENCH_KEEP_TMP) {
    try { rmSync(tmpDir, { recursive: true, force: true }); } catch { /* best effort */ }
    tmpDir = null;
  }
}

process.on('exit', () => { killAllSync(); cleanupTmp(); });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`bench: ${sig}, stopping the servers`);
    killAllSync();
    cleanupTmp();
    process.exit(130);
  });
}

function tail(lines, n = 30) {
  return redact(lines.slice(-n).join('\n'));
}

/** How a script is started: a JavaScript file with this node, anything else (the bin) as it is. */
const commandFor = (script) => (/\.[cm]?js$/.test(script) ? [process.execPath, script] : [script]);

/**
 * Spawns a server (`kind`: 'emulator' or 'baseline'), resolves once it printed its ready line.
 * `t0` is taken immediately before spawn(); `readyMs` is when the ready line arrived.
 */
function startServer(label, kind, args) {
  const script = kind === 'emulator' && !FAKE ? CLI : BASELINE;
  const fullArgs = kind === 'emulator' && !FAKE ? args : ['--host', '127.0.0.1', '--port', '0'];
  /** @type {Record<string, any>} A server's handle: its process, output, URL, timings and exit, filled in as they come. */
  const h = { label, kind, args: fullArgs, stdout: [], stderr: [], exit: null, url: null, pid: null };
  const t0 = performance.now();
  const [command, ...commandArgs] = commandFor(script);
  const child = spawn(command, [...commandArgs, ...fullArgs], { cwd: ROOT, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  h.child = child;
  h.t0 = t0;
  h.pid = child.pid;
  children.add(h);
  h.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => { h.exit = { code, signal }; resolve(h.exit); });
    child.on('error', (err) => { h.exit = { code: null, signal: null, error: err.message }; resolve(h.exit); });
  });
  const keepLines = (arr) => {
    let partial = '';
    return (chunk) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        arr.push(line);
        if (arr.length > 200) arr.shift();
        if (arr === h.stdout && !h.url && /ready/i.test(line)) {
          const m = /http:\/\/[^\s'"<>)\]]+/.exec(line);
          if (m) {
            try { h.url = new URL(m[0].replace(/[.,;:]+$/, '')).origin; } catch { /* keep looking */ }
            if (h.url) { h.readyMs = performance.now() - t0; h.onReady?.(); }
          }
        }
      }
    };
  };
  child.stdout.on('data', keepLines(h.stdout));
  child.stderr.on('data', keepLines(h.stderr));
  h.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError(`${label}: no ready line with a URL on stdout within ${START_TIMEOUT_MS} ms\n${describeOutput(h)}`)), START_TIMEOUT_MS);
    h.onReady = () => { clearTimeout(timer); resolve(h); };
    h.exited.then((e) => { clearTimeout(timer); if (!h.url) reject(new BenchError(`${label}: exited before it was ready (${fmtExit(e)})\n${describeOutput(h)}`)); });
  });
  return h;
}

function fmtExit(e) {
  if (!e) return 'running';
  if (e.error) return `spawn error: ${e.error}`;
  return e.signal ? `signal ${e.signal}` : `exit code ${e.code}`;
}

function describeOutput(h) {
  const [command, ...commandArgs] = commandFor(h.kind === 'emulator' && !FAKE ? CLI : BASELINE);
  const shown = [command === process.execPath ? 'node' : relative(ROOT, command), ...commandArgs.map((a) => relative(ROOT, a))].join(' ');
  return `  command: ${shown} ${h.args.map((a) => (a.startsWith(os.tmpdir()) ? `<tmp>/${relative(tmpDir ?? os.tmpdir(), a)}` : a)).join(' ')}\n` +
    `  stdout (last lines):\n${indent(tail(h.stdout))}\n  stderr (last lines):\n${indent(tail(h.stderr))}`;
}

function indent(text) {
  return text ? text.split('\n').map((l) => `    | ${l}`).join('\n') : '    | (nothing)';
}

function assertAlive(h) {
  if (h.exit !== null) throw new BenchError(`${h.label}: the server process died (${fmtExit(h.exit)})\n${describeOutput(h)}`);
}

function getStatus(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

/** Waits for the ready line, then polls GET /health every ~2 ms; returns ms from spawn to the first 200. */
async function untilHealthy(h) {
  await h.ready;
  const deadline = h.t0 + START_TIMEOUT_MS;
  for (;;) {
    assertAlive(h);
    const status = await getStatus(`${h.url}/health`);
    if (status === 200) {
      h.healthyMs = performance.now() - h.t0;
      return h.healthyMs;
    }
    if (performance.now() > deadline) throw new BenchError(`${h.label}: GET /health did not answer 200 within ${START_TIMEOUT_MS} ms (last status ${status})\n${describeOutput(h)}`);
    await sleep(HEALTH_POLL_MS);
  }
}

async function launch(label, kind, args) {
  const h = startServer(label, kind, args);
  await untilHealthy(h);
  return h;
}

const stopProblems = [];

/** SIGTERM, wait for the exit (SIGKILL after a timeout); records anything but a clean exit 0. */
async function stopServer(h) {
  if (h.exit === null) {
    h.child.kill('SIGTERM');
    const t = performance.now();
    const timer = setTimeout(() => { if (h.exit === null) h.child.kill('SIGKILL'); }, STOP_TIMEOUT_MS);
    await h.exited;
    clearTimeout(timer);
    h.stopMs = performance.now() - t;
    if (h.exit.code !== 0) {
      stopProblems.push(`${h.label}: after SIGTERM, ${fmtExit(h.exit)} after ${h.stopMs.toFixed(0)} ms${h.exit.signal === 'SIGKILL' ? ' (killed: it did not exit within the timeout)' : ''}`);
    }
  } else {
    stopProblems.push(`${h.label}: had already exited (${fmtExit(h.exit)}) before the bench stopped it`);
  }
  children.delete(h);
  return h.exit;
}

function peakRss(h) {
  assertAlive(h);
  const status = readFileSync(`/proc/${h.pid}/status`, 'utf8');
  const kb = (name) => Number((new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status) ?? [])[1]);
  return { hwmMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024 };
}

export { assertAlive, cleanupTmp, describeOutput, getStatus, killAllSync, launch, makeTmpDir, peakRss, stopProblems, stopServer, tmpDir };
