/** A load's per-slice rates and its pooled rate, as bench/lib/load.mjs summarizes it. */
export interface SlicedLoad {
  segmentRates: number[];
  perSecond: number;
}
/** A load's per-slice server CPU µs per request (null without /proc) and its pooled figure. */
export interface CpuSlicedLoad {
  segmentCpuUs?: (number | null)[];
  cpuUsPerRequest?: { all: number | null } | null;
}
/** Start-up samples in pairs, as bench/startup.mjs measures them. */
export interface StartupSamples {
  emulator: { ms: number[]; cpuMs: (number | null)[] };
  baseline: { ms: number[]; cpuMs: (number | null)[] };
}
/** The ratios of slice i of `a` to slice i of `b`, sorted. */
export declare function sliceRatios(a: SlicedLoad, b: SlicedLoad): number[];
/** The median of the slice ratios (judged), the pooled ratio and the lowest and highest slice ratio. */
export declare function throughputRatio(a: SlicedLoad, b: SlicedLoad): { median: number; pooled: number; low: number; high: number; n: number };
/** Requests per second of server CPU, `a` against `b`, slice by slice: the median, pooled, lowest and highest; null without CPU readings. */
export declare function capacityRatio(a: CpuSlicedLoad, b: CpuSlicedLoad): { median: number; pooled: number; low: number; high: number; n: number } | null;
/** The median of the pairs' ratios (judged), the ratio of the medians, the middle half of the pair ratios and the CPU medians. */
export declare function startupFigures(s: StartupSamples): {
  emulatorMs: number; baselineMs: number; pairRatio: number; ratioOfMedians: number;
  pairQuartiles: [number, number]; emulatorCpuMs: number; baselineCpuMs: number; pairs: number;
};
/** Round ratios in swapped pairs (2k, 2k+1): the geometric mean of each pair, sorted. */
export declare function swappedPairs(ratios: number[]): number[];
/** One server's answers and CPU time (all threads, ms; null without /proc) in a slice. */
export interface CapacitySlice {
  responses: number;
  cpuMs: number | null;
}
/** `a`'s responses per CPU ms against `b`'s in the same slice; null without CPU readings or answers. */
export declare function sliceCapacityRatio(a: CapacitySlice, b: CapacitySlice): number | null;
