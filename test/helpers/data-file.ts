import { readFileSync } from 'node:fs';
import { validateStateDocument, type StateDocument } from '../../src/store/snapshot.js';

/**
 * A data file's document, read as the emulator reads it: its tables as rows (the file writes
 * them column-wise, see src/store/columns.ts).
 */
export const readDataFile = (dataFile: string): StateDocument => {
  const { state: _, ...doc } = validateStateDocument(JSON.parse(readFileSync(dataFile, 'utf8')), dataFile);
  return doc;
};
