/** The bench's method: the CPU clock it reads from outside a server, and how it turns interleaved samples into a judged ratio. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuNow, cpuSince, cpuSum, perRequestUs } from '../../bench/lib/cpu.mjs';
import { sliceRatios, startupFigures, throughputRatio } from '../../bench/lib/ratios.mjs';

// A child that, for each line "<ms>", spins for that long and answers with its own CPU time
// for the spin (process.cpuUsage): a process whose CPU use is known to compare the reading with.
const BURNER = `
let buf = '';
process.stdin.on('data', (d) => {
  buf += d;
  for (let i; (i = buf.indexOf('\\n')) >= 0;) {
    const ms = Number(buf.slice(0, i)); buf = buf.slice(i + 1);
    const u0 = process.cpuUsage(); const t = process.hrtime.bigint();
    while (Number(process.hrtime.bigint() - t) / 1e6 < ms) { /* spin */ }
    const u = process.cpuUsage(u0);
    process.stdout.write(((u.user + u.system) / 1000) + '\\n');
  }
});`;

describe('bench CPU clock (/proc, from outside the process)', () => {
  let child: ChildProcessWithoutNullStreams;
  const onLinux = existsSync('/proc/self/stat');
  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', BURNER]);
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(() => { child.kill(); });

  const burn = async (ms: number): Promise<number> => {
    const answer = once(child.stdout, 'data');
    child.stdin.write(`${ms}\n`);
    return Number(String((await answer)[0]).trim());
  };

  it('reads what the process itself counts, within a few ms (all threads, main thread, and /proc/<pid>/stat)', async () => {
    const before = cpuNow(child.pid!);
    const own = await burn(300);
    const d = cpuSince(child.pid!, before);
    if (!onLinux) {
      expect(d).toEqual({ stat: null, sched: null, main: null });
      return;
    }
    // The reading spans the spin plus reading a line and writing one: a few ms more at most;
    // getrusage (process.cpuUsage) and the scheduler's own account differ by a few ms either way.
    const slack = 5 + own * 0.03;
    expect(d.sched!).toBeGreaterThan(own - slack);
    expect(d.sched!).toBeLessThan(own + 15);
    expect(d.main!).toBeGreaterThan(own - slack);
    expect(d.main!).toBeLessThanOrEqual(d.sched! + 0.001);
    // Ticks of 10 ms.
    expect(Math.abs(d.stat! - own)).toBeLessThan(25);
  });

  it('adds readings up and divides them per request', () => {
    const sum = cpuSum([{ stat: 10, sched: 12.5, main: 11 }, { stat: 20, sched: 17.5, main: 16 }]);
    expect(sum).toEqual({ stat: 30, sched: 30, main: 27 });
    expect(perRequestUs(sum, 1000)).toEqual({ all: 30, main: 27, statAll: 30 });
    expect(cpuSum([{ stat: 1, sched: null, main: 1 }]).sched).toBeNull();
    expect(perRequestUs({ stat: null, sched: null, main: null }, 10)).toEqual({ all: null, main: null, statAll: null });
  });

  it('gives null, not a number, for a process that is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    expect(cpuNow(gone.pid!)).toEqual({ stat: null, sched: null, main: null });
  });
});

describe('bench ratios', () => {
  it('pairs slice i of one server with slice i of the other, and judges the median of those ratios', () => {
    const emu = { segmentRates: [90, 50, 100, 95], perSecond: 83.75 };
    const base = { segmentRates: [100, 100, 100, 100], perSecond: 100 };
    expect(sliceRatios(emu, base)).toEqual([0.5, 0.9, 0.95, 1]);
    // One slice disturbed (0.5) moves the pooled ratio, not the median.
    expect(throughputRatio(emu, base)).toEqual({ median: 0.925, pooled: 0.8375, low: 0.5, high: 1, n: 4 });
  });

  it('start-up: the median of the pairs\' ratios, the ratio of the medians and the middle half', () => {
    const f = startupFigures({
      emulator: { ms: [120, 118, 300, 122, 119], cpuMs: [130, 128, 131, 129, 200] },
      baseline: { ms: [60, 62, 61, 200, 59], cpuMs: [60, 61, 62, 63, 64] },
    });
    // Pair ratios 2, 1.903, 4.918, 0.61, 2.017: one slow emulator start and one slow baseline start.
    expect(f.pairRatio).toBeCloseTo(2, 6);
    expect(f.ratioOfMedians).toBeCloseTo(120 / 61, 6);
    expect(f.pairQuartiles[0]).toBeCloseTo(118 / 62, 6);
    expect(f.pairQuartiles[1]).toBeCloseTo(119 / 59, 6);
    expect(f.emulatorCpuMs).toBe(130);
    expect(f.baselineCpuMs).toBe(62);
    expect(f.pairs).toBe(5);
    expect(startupFigures({ emulator: { ms: [1], cpuMs: [null] }, baseline: { ms: [1], cpuMs: [1] } }).emulatorCpuMs).toBeNaN();
  });
});
