// Start-up, for bench/run.mjs: the emulator's start against the bare baseline's, in pairs
// taken back to back in alternating order (E B, B E, E B, …), so whatever the machine does
// at one moment lands on both halves of a pair and neither always goes first. Each start also
// reads the child's CPU time when it first answers /health (a supporting figure: the work
// the start did, whatever else the machine ran).
import { cpuNow } from './lib/cpu.mjs';
import { launch, stopServer } from './lib/processes.mjs';

/**
 * `runs` pairs of starts after one untimed start of each (so the file-system cache is warm
 * for every timed one).
 * @param {string[]} args the emulator's arguments
 * @param {number} runs
 */
export async function measureStartups(args, runs) {
  /** @type {Record<'emulator' | 'baseline', { ms: number[], cpuMs: (number | null)[] }>} */
  const out = { emulator: { ms: [], cpuMs: [] }, baseline: { ms: [], cpuMs: [] } };
  /** @type {('emulator' | 'baseline')[]} */
  const kinds = ['emulator', 'baseline'];
  for (const kind of kinds) {
    await stopServer(await launch(`${kind} start-up (warm-up)`, kind, kind === 'emulator' ? args : []));
  }
  for (let i = 0; i < runs; i++) {
    for (const kind of i % 2 ? [...kinds].reverse() : kinds) {
      const h = await launch(`${kind} start-up #${i + 1}`, kind, kind === 'emulator' ? args : []);
      const cpu = cpuNow(h.pid);
      out[kind].ms.push(h.healthyMs);
      out[kind].cpuMs.push(cpu.sched ?? cpu.stat);
      await stopServer(h);
    }
  }
  return out;
}
