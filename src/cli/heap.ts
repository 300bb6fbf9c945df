import { setFlagsFromString } from 'node:v8';

/**
 * The emulator holds its whole state in memory (100,000 keys are about 60 MB live), and under
 * a steady request load V8 lets the old generation grow to several times that before it
 * collects. Capping the growth at 30% keeps a large emulator's footprint near its live size.
 * A larger young generation lets request garbage die there instead of being promoted, so the
 * full collections that must walk the whole state are rarer: with both, reads with 100,000
 * keys measured as fast as with 10 (npm run bench).
 * Only the CLI sets it: the programmatic API runs in the test process, whose flags are its own.
 * Imported first by main.ts so it applies before the state is loaded.
 */
setFlagsFromString('--heap-growing-percent=30');
setFlagsFromString('--max-semi-space-size=32');
