// What the bundled script (dist/lib/emulator.js, see bundled.ts) exports: the programmatic API,
// and the command line, built on first use so that the library does not build commander's program.
export * from '../index.js';

/** Runs the command line (program.ts). */
export const runCli = async (argv: readonly string[], compiled?: string): Promise<void> => (await import('./program.js')).runCli(argv, compiled);
