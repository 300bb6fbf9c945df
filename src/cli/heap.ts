import { setFlagsFromString } from 'node:v8';

/**
 * The emulator holds its whole state in memory (a 100,000-key template is about 60 MB live),
 * and under a steady request load V8 lets the old generation grow to several times that before
 * it collects. Capping the growth at 30% keeps a large emulator's footprint near its live size;
 * V8 reads this flag at every collection, so setting it here, after start, takes effect.
 * The young generation's size cannot be changed this way: V8 fixes its bounds when it starts
 * (`--max-semi-space-size` set here has no effect, as `--trace-gc` shows: scavenges at the same
 * intervals), and only a flag on node's own command line would change it. It is not needed:
 * a read request leaves nothing that outlives a scavenge (the request log is kept as columns,
 * the executor keeps no per-request entries in long-lived maps), so scavenges copy a few
 * kilobytes, promote nothing, and the full collections that must walk the whole state do not
 * happen under a read load.
 * Only the CLI sets it: the programmatic API runs in the test process, whose flags are its own.
 * Called by main.ts before the state is loaded, and by the start-up snapshot's main function
 * (snapshot-entry.ts) at run time: a flag set while the snapshot is built would not be the
 * flags it runs under, and node refuses a snapshot made under other V8 flags.
 */
export const tuneHeap = (): void => setFlagsFromString('--heap-growing-percent=30');
