// A server's own CPU time, read from outside it (Linux /proc), so a figure can be shown beside
// the server's CPU cost per request: that cost does not depend on what else the machine runs,
// while throughput and latency do. Elsewhere (no /proc) every reading is null.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of utime/stime in /proc/<pid>/stat (USER_HZ: 100 on every Linux build). */
const TICKS_PER_SECOND = 100;

/**
 * The process's CPU time in ms (user + system, every thread, the dead ones too) from
 * /proc/<pid>/stat: resolution 10 ms, so read it over windows of a second or more.
 * @param {number} pid
 * @returns {number | null}
 */
function statCpuMs(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * The time the process's live threads have run on a CPU, in ms with nanosecond resolution,
 * from /proc/<pid>/task/<tid>/schedstat (the scheduler's own account). The main thread alone
 * with `mainOnly`: the event loop, where a request's JavaScript runs.
 * @param {number} pid
 * @param {{ mainOnly?: boolean }} [options]
 * @returns {number | null}
 */
function schedCpuMs(pid, { mainOnly = false } = {}) {
  const runNs = (tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  try {
    if (mainOnly) return runNs(pid) / 1e6;
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try { ns += runNs(tid); } catch { /* the thread ended between the listing and the read */ }
    }
    return ns / 1e6;
  } catch {
    return null;
  }
}

/**
 * One reading of a process's CPU clocks; `cpuSince` turns two of them into a difference.
 * @param {number} pid
 */
function cpuNow(pid) {
  return { stat: statCpuMs(pid), sched: schedCpuMs(pid), main: schedCpuMs(pid, { mainOnly: true }) };
}

/**
 * CPU ms spent since `before` (a `cpuNow` reading): `sched` (all threads, ns resolution) and
 * `main` (the event loop) are the figures; `stat` (ticks, dead threads too) is their check.
 * @param {number} pid
 * @param {ReturnType<typeof cpuNow>} before
 */
function cpuSince(pid, before) {
  const now = cpuNow(pid);
  const d = (a, b) => (a === null || b === null ? null : a - b);
  return { stat: d(now.stat, before.stat), sched: d(now.sched, before.sched), main: d(now.main, before.main) };
}

/**
 * Adds CPU readings (`cpuSince` results) up.
 * @param {ReturnType<typeof cpuSince>[]} parts
 */
function cpuSum(parts) {
  const sum = (k) => (parts.some((p) => p[k] === null) ? null : parts.reduce((a, p) => a + p[k], 0));
  return { stat: sum('stat'), sched: sum('sched'), main: sum('main') };
}

/**
 * CPU µs per request (all threads, and the event loop) over `responses` answers.
 * @param {ReturnType<typeof cpuSince>} cpu
 * @param {number} responses
 */
function perRequestUs(cpu, responses) {
  const us = (ms) => (ms === null || responses === 0 ? null : (ms * 1000) / responses);
  return { all: us(cpu.sched ?? cpu.stat), main: us(cpu.main), statAll: us(cpu.stat) };
}

/**
 * The machine's CPU counters (the "cpu" line of /proc/stat: user, nice, system, idle, iowait,
 * irq, softirq, steal, in ticks), or null without /proc.
 * @returns {number[] | null}
 */
function machineTicks() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
    return line ? line.trim().split(/\s+/).slice(1, 9).map(Number) : null;
  } catch {
    return null;
  }
}

/**
 * The share of the machine's CPU time that was busy between two `machineTicks` readings (idle
 * and iowait count as idle; time the hypervisor gave to others, steal, counts as busy), or null.
 * Unlike the load average, which decays over minutes, it says what ran in that window only.
 * @param {number[] | null} before
 * @param {number[] | null} after
 */
function busyShare(before, after) {
  if (!before || !after || before.length < 8 || after.length < 8) return null;
  const d = after.map((x, i) => x - (before[i] ?? 0));
  const total = d.reduce((a, b) => a + b, 0);
  return total > 0 ? 1 - (d[3] + d[4]) / total : null;
}

export { busyShare, cpuNow, cpuSince, cpuSum, machineTicks, perRequestUs, schedCpuMs, statCpuMs };
