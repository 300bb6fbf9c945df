#!/usr/bin/env node
// Must stay the first import: it tunes the heap before anything is loaded.
import './heap.js';
import { runCli } from './program.js';

await runCli(process.argv);
