#!/usr/bin/env node
// The bin. In the package it runs the bundled script, compiled with its code cache (bundled.ts);
// from the sources (`npm run dev`, tsx) there is no bundle and program.ts is imported as it is.
import { compileBundle } from './bundled.js';

const bundle = import.meta.url.endsWith('.ts') ? null : compileBundle();
// It tunes the heap: before the state is loaded, but after compiling, since V8 refuses a code
// cache made under other flags (the build makes it without these).
(await import('./heap.js')).tuneHeap();
const { runCli } = bundle ? bundle.run<typeof import('./program.js')>() : await import('./program.js');
const compiled = bundle?.cacheRejected
  ? 'compiled from the source: the code cache is missing, or was made by another Node version or under other V8 flags'
  : 'compiled with its code cache';
await runCli(process.argv, bundle ? compiled : undefined);
