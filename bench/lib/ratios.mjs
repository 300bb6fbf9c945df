// The statistics that turn interleaved measurements of two servers into one judged ratio and
// the figures that show how firmly it stands. Pure: no I/O, no clock.
import { median } from './config.mjs';

/**
 * The ratios of two servers' slices taken side by side (slice i of `a` against slice i of
 * `b`, from `segmentRates`), sorted.
 */
export function sliceRatios(a, b) {
  return a.segmentRates.map((rate, i) => rate / b.segmentRates[i]).sort((x, y) => x - y);
}

/** A throughput ratio: the median of the slice ratios (judged), the pooled ratio and the spread. */
export function throughputRatio(a, b) {
  const r = sliceRatios(a, b);
  return { median: median(r), pooled: a.perSecond / b.perSecond, low: r[0], high: r[r.length - 1], n: r.length };
}

/**
 * A capacity ratio: requests per second of the servers' own CPU time, `a` against `b`, slice
 * by slice (slice i of each, from `segmentCpuUs`). Throughput on a shared 2-CPU machine moves
 * with whatever else gets the CPUs in a slice (the load generator, the hypervisor); the CPU a
 * server spends per request moves far less, so where two servers do the same work its ratio
 * shows a difference of a few percent that throughput buries in noise. Null when a slice has
 * no CPU reading (no /proc).
 * @returns {{ median: number, pooled: number, low: number, high: number, n: number } | null}
 */
export function capacityRatio(a, b) {
  const ac = a.segmentCpuUs ?? [];
  const bc = b.segmentCpuUs ?? [];
  if (ac.length === 0 || ac.length !== bc.length || [...ac, ...bc].some((x) => typeof x !== 'number' || !(x > 0))) return null;
  const r = ac.map((us, i) => bc[i] / us).sort((x, y) => x - y);
  return { median: median(r), pooled: b.cpuUsPerRequest.all / a.cpuUsPerRequest.all, low: r[0], high: r[r.length - 1], n: r.length };
}

/**
 * Start-up in pairs: the median of the pairs' ratios (judged: each pair shares its moment of
 * the machine), the ratio of the medians beside it, and the middle half of the pair ratios.
 * @param {{ emulator: { ms: number[], cpuMs: (number | null)[] }, baseline: { ms: number[], cpuMs: (number | null)[] } }} s
 */
export function startupFigures(s) {
  const pairs = s.emulator.ms.map((e, i) => e / s.baseline.ms[i]).sort((a, b) => a - b);
  const q = (f) => pairs[Math.min(pairs.length - 1, Math.round(f * (pairs.length - 1)))];
  const cpu = (xs) => (xs.some((x) => x === null) ? NaN : median(/** @type {number[]} */ (xs)));
  return {
    emulatorMs: median(s.emulator.ms),
    baselineMs: median(s.baseline.ms),
    pairRatio: median(pairs),
    ratioOfMedians: median(s.emulator.ms) / median(s.baseline.ms),
    pairQuartiles: [q(0.25), q(0.75)],
    emulatorCpuMs: cpu(s.emulator.cpuMs),
    baselineCpuMs: cpu(s.baseline.cpuMs),
    pairs: pairs.length,
  };
}

/**
 * Round ratios taken in swapped pairs (round 2k with one server in a role, 2k+1 with the other
 * in it): the geometric mean of each pair, sorted. A server faster than its twin by a factor
 * f raises one round's ratio by f and lowers the other's by f: the mean keeps neither.
 * @param {number[]} ratios
 */
export function swappedPairs(ratios) {
  const out = [];
  for (let i = 0; i + 1 < ratios.length; i += 2) out.push(Math.sqrt(ratios[i] * ratios[i + 1]));
  return out.sort((x, y) => x - y);
}

/**
 * Per slice: each server's responses per second of its own CPU time (all threads), and their
 * ratio (`a` against `b`). A slice without a CPU reading (no /proc) yields no ratio.
 * @param {{ responses: number, cpuMs: number | null }} a
 * @param {{ responses: number, cpuMs: number | null }} b
 * @returns {number | null}
 */
export function sliceCapacityRatio(a, b) {
  if (!(a.cpuMs && a.cpuMs > 0 && b.cpuMs && b.cpuMs > 0 && a.responses > 0 && b.responses > 0)) return null;
  return (a.responses / a.cpuMs) / (b.responses / b.cpuMs);
}
