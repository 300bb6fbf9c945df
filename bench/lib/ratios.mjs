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
