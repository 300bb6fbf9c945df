// What the bundled script (dist/lib/emulator.js, see bundled.ts) exports: the programmatic API,
// and the command line, built on first use so that the library does not build commander's program.
import { prebuiltTemplate } from '../fixtures/prebuilt.js';
import { loadSchema } from '../graphql/schema.js';

export * from '../index.js';

/** Runs the command line (program.ts). */
export const runCli = async (argv: readonly string[], compiled?: string): Promise<void> => (await import('./program.js')).runCli(argv, compiled);

/**
 * What the start-up snapshot holds done (snapshot-entry.ts): the executable schema, commander's
 * program and the templates of the ready fixtures, each what a start would otherwise make first.
 * Nothing here reads the clock, the environment or the command line.
 */
export const prepareSnapshot = async (): Promise<void> => {
  loadSchema();
  prebuiltTemplate.makeAll();
  await import('./program.js');
};
