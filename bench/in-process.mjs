#!/usr/bin/env node
// Run by bench/run.mjs in a child process of its own: the costs a test process pays when it
// uses the programmatic API (dist/index.js) in the same process as its tests. Prints one JSON
// line: every sample in milliseconds. No key is printed.
//
//   node --import tsx bench/in-process.mjs <runs>
//
// - reset: `emulator.reset()` on an emulator started with the default fixture (in memory);
// - sandbox: creating a sandbox from the main fixture (the service the control API calls),
//   deleted again right after, so the number of sandboxes stays at one. The programmatic API
//   has no sandbox call, so the service is imported from src/ (run with `--import tsx`).
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 300);
const warmup = Math.max(20, Math.round(runs / 10));

const { startEmulator } = await import('../dist/index.js');
// Paths built at run time: the checker reads bench/ as JavaScript, which may not import .ts files.
const source = (path) => import(new URL(`../src/${path}`, import.meta.url).href);
const { Emulator } = await source('service/emulator.ts');
const { fixtureOrigin } = await source('fixtures/load.ts');

const emulator = await startEmulator({ logLevel: 'silent' });
const reset = [];
for (let i = 0; i < warmup + runs; i++) {
  const t = performance.now();
  await emulator.reset();
  const ms = performance.now() - t;
  if (i >= warmup) reset.push(ms);
}
await emulator.close();

const service = await Emulator.create({ origin: { ...fixtureOrigin({ name: 'default' }), clock: { frozenAt: null, offsetMs: 0 } } });
const sandbox = [];
for (let i = 0; i < warmup + runs; i++) {
  const t = performance.now();
  const made = await service.createSandbox({ id: `s${i}`, origin: { ...service.mainOrigin(), clock: { frozenAt: null, offsetMs: 0 } } });
  const ms = performance.now() - t;
  await service.deleteSandbox(made.id);
  if (i >= warmup) sandbox.push(ms);
}
await service.close();

process.stdout.write(`${JSON.stringify({ reset, sandbox })}\n`);
