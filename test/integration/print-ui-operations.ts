/** Prints the table of the UI's operations for docs/wire-compatibility.md: `npx tsx test/integration/print-ui-operations.ts`. */
import { operationsTable } from './ui-operations.js';

process.stdout.write(`${operationsTable()}\n`);
