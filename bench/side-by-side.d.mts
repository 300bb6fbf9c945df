/** The median of the pairs' medians (judged), the median of all slices pooled, each pair's median, the lowest and highest slice ratio and their number. */
export declare function ratioOverPairs(pairs: number[][]): { median: number; pooled: number; pairMedians: number[]; low: number; high: number; n: number };
/** A running server as bench/lib/processes.mjs hands it out (its url, pid and label are read). */
export type Server = Record<string, unknown>;
/** Pairs of emulators loaded at once, query by query: each pair's slice ratios (100k against 10). */
export declare function sideBySide(o: {
  fx: Record<string, unknown>; queries: string[]; pairs: number; slices: number; seconds: number; connections: number;
  first: { small: Server; large: Server } | null;
  startPair: (i: number) => Promise<{ small: Server; large: Server }>;
  stopPair: (pair: { small: Server; large: Server }) => Promise<void>;
  log: (m: string) => void;
}): Promise<Record<string, { ratios: number[][]; clean: boolean }>>;
