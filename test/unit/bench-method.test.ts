/** The bench's method: the CPU clock it reads from outside a server, and how it turns interleaved samples into a judged ratio. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyShare, cpuNow, cpuSince, cpuSum, machineTicks, perRequestUs } from '../../bench/lib/cpu.mjs';
import { capacityRatio, sliceCapacityRatio, sliceRatios, startupFigures, swappedPairs, throughputRatio } from '../../bench/lib/ratios.mjs';
import { ratioOverPairs } from '../../bench/side-by-side.mjs';

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

describe('whether the machine is quiet', () => {
  it('is the busy share of the CPUs\' time between two readings: idle and iowait are idle, steal is busy', () => {
    // user nice system idle iowait irq softirq steal
    const before = [100, 0, 50, 1000, 10, 0, 5, 0];
    expect(busyShare(before, [110, 0, 55, 1180, 10, 0, 5, 0])).toBeCloseTo(15 / 195, 9);
    expect(busyShare(before, [100, 0, 50, 1190, 20, 0, 5, 0])).toBe(0);
    // The hypervisor ran something else for 40 of 240 ticks: not quiet.
    expect(busyShare(before, [100, 0, 50, 1200, 10, 0, 5, 40])).toBeCloseTo(40 / 240, 9);
    expect(busyShare(null, before)).toBeNull();
    expect(busyShare(before, before)).toBeNull();
  });

  it('reads this machine\'s counters, which only grow', () => {
    const a = machineTicks();
    if (a === null) return expect(existsSync('/proc/stat')).toBe(false);
    expect(a).toHaveLength(8);
    const b = machineTicks()!;
    b.forEach((x, i) => expect(x).toBeGreaterThanOrEqual(a[i]!));
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

  it('capacity: requests per second of server CPU, slice by slice, whatever share of the CPUs each slice got', () => {
    // The 100k server got less of the machine in two slices (lower rates), at the same CPU per request.
    const emu100k = { segmentRates: [60, 95, 100, 70], perSecond: 81.25, segmentCpuUs: [40, 41, 40, 44], cpuUsPerRequest: { all: 41 } };
    const emu10 = { segmentRates: [100, 100, 100, 100], perSecond: 100, segmentCpuUs: [40, 40, 40, 40], cpuUsPerRequest: { all: 40 } };
    expect(throughputRatio(emu100k, emu10).median).toBeCloseTo(0.825, 6);
    const cap = capacityRatio(emu100k, emu10);
    expect(cap).not.toBeNull();
    // Slice ratios 40/40, 40/41, 40/40, 40/44: sorted 0.909, 0.976, 1, 1.
    expect(cap!.median).toBeCloseTo((40 / 41 + 1) / 2, 6);
    expect(cap!.low).toBeCloseTo(40 / 44, 6);
    expect(cap!.high).toBe(1);
    expect(cap!.pooled).toBeCloseTo(40 / 41, 6);
    expect(cap!.n).toBe(4);
    // A slice without a CPU reading (no /proc) leaves no capacity figure: the caller falls back to throughput.
    expect(capacityRatio({ ...emu100k, segmentCpuUs: [40, null, 40, 44] }, emu10)).toBeNull();
    expect(capacityRatio({ cpuUsPerRequest: null }, emu10)).toBeNull();
  });

  it('side by side: each slice compares responses per CPU ms taken at the same moment; the median over every pair\'s slices is judged', () => {
    // The 100k server answered fewer requests in the slice but spent less CPU too: the same cost each.
    expect(sliceCapacityRatio({ responses: 900, cpuMs: 450 }, { responses: 1000, cpuMs: 500 })).toBeCloseTo(1, 9);
    expect(sliceCapacityRatio({ responses: 1000, cpuMs: 550 }, { responses: 1000, cpuMs: 500 })).toBeCloseTo(500 / 550, 9);
    // No CPU reading, or no answers: no ratio.
    expect(sliceCapacityRatio({ responses: 1000, cpuMs: null }, { responses: 1000, cpuMs: 500 })).toBeNull();
    expect(sliceCapacityRatio({ responses: 0, cpuMs: 10 }, { responses: 1000, cpuMs: 500 })).toBeNull();
    // One pair of processes far slower than the others moves its own median, not the judged one.
    const p = ratioOverPairs([[1, 0.98, 1.02], [0.45, 0.5, 0.48], [1.01, 0.97, 0.99]]);
    expect(p.n).toBe(9);
    expect(p.pairMedians).toEqual([1, 0.48, 0.99]);
    expect(p.median).toBe(0.99);
    // Pooled, its slices pull the median of all nine down.
    expect(p.pooled).toBe(0.98);
    expect([p.low, p.high]).toEqual([0.45, 1.02]);
    expect(ratioOverPairs([]).median).toBeNaN();
  });

  it('swapped rounds: a server faster than its twin favours neither role', () => {
    // Server A is 1.25× as fast as B: with A alone the ratio reads 0.8 of the truth, with B alone 1.25 of it.
    const truth = 0.96;
    const pairs = swappedPairs([truth * 0.8, truth * 1.25, truth * 0.8, truth * 1.25, 0.5]);
    expect(pairs).toHaveLength(2);
    for (const p of pairs) expect(p).toBeCloseTo(truth, 9);
    expect(swappedPairs([1, 4, 1, 1])).toEqual([1, 2]);
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

describe("the servers' environment", () => {
  it("leaves out the emulator's variables and node's own, which change how node starts, and names those it left out", async () => {
    const config = new URL('../../bench/lib/config.mjs', import.meta.url).href;
    const script = `const c = await import(${JSON.stringify(config)}); console.log(JSON.stringify({ keys: Object.keys(c.CHILD_ENV), leftOut: c.LEFT_OUT_ENV }));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem', NODE_OPTIONS: '--max-old-space-size=512', PREFECT_EMULATOR_DATA: 'x.json', KEEP_ME: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += String(d); });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const { keys, leftOut } = JSON.parse(out) as { keys: string[]; leftOut: string[] };
    expect(keys).toContain('KEEP_ME');
    expect(keys.filter((k) => k.startsWith('NODE_') || k.startsWith('PREFECT_EMULATOR_'))).toEqual([]);
    expect(leftOut).toEqual(['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']);
  });
});
