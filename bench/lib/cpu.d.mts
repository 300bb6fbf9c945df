/** One reading of a process's CPU clocks in ms (null where /proc is not there). */
export interface CpuReading {
  /** utime + stime from /proc/<pid>/stat, every thread (10 ms resolution). */
  stat: number | null;
  /** Run time of the live threads from their schedstat (ns resolution). */
  sched: number | null;
  /** Run time of the main thread (the event loop). */
  main: number | null;
}
export declare function statCpuMs(pid: number): number | null;
export declare function schedCpuMs(pid: number, options?: { mainOnly?: boolean }): number | null;
export declare function cpuNow(pid: number): CpuReading;
export declare function cpuSince(pid: number, before: CpuReading): CpuReading;
export declare function cpuSum(parts: CpuReading[]): CpuReading;
export declare function perRequestUs(cpu: CpuReading, responses: number): { all: number | null; main: number | null; statAll: number | null };
/** The machine's /proc/stat "cpu" counters (user … steal, ticks), or null without /proc. */
export declare function machineTicks(): number[] | null;
/** The busy share of the machine's CPU time between two readings (steal counts as busy), or null. */
export declare function busyShare(before: number[] | null, after: number[] | null): number | null;
