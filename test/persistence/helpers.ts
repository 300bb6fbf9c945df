import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent, ApiKey } from '../../src/domain/types.js';
import { buildFixture } from '../../src/fixtures/build.js';
import { loadFixture } from '../../src/fixtures/load.js';
import { mintKey } from '../../src/store/secrets.js';
import type { TableData } from '../../src/store/state.js';
import { readDataFile } from '../helpers/data-file.js';

export const ACME = '11111111-1111-4111-8111-111111111111';
export const ALICE = '1a1a1a1a-0000-4000-8000-000000000001';
export const ACME_AGENT_ACCOUNT = '1d1d1d1d-0000-4000-8000-000000000001';
const NOW = '2026-06-01T00:00:00.000Z';

/** A fresh directory under the OS temp dir; removed by `removeDirs`. */
const dirs: string[] = [];
export const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pce-persistence-'));
  dirs.push(dir);
  return dir;
};
export const removeDirs = (): void => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};

let base: TableData | undefined;
/** The default fixture's tables (fresh arrays each time). */
export const baseTables = async (): Promise<TableData> => {
  if (!base) {
    const loaded = await loadFixture({ name: 'default' });
    base = buildFixture(loaded.fixture, Date.parse(NOW), mintKey).tables;
  }
  return structuredClone(base);
};

let serial = 0;
const run = createHash('sha256').update(randomUUID()).digest('hex').slice(0, 40);

/**
 * An API key row of alice in acme with a name of exactly `nameLength` characters; every call
 * gives a new id and hash (cheaply: the write-cost test makes 100,000).
 */
export const keyRow = (i: number, nameLength = 20): ApiKey => ({
  id: `${run.slice(0, 8)}-0000-4000-8000-${(++serial).toString(16).padStart(12, '0')}`,
  name: `k${String(i).padStart(nameLength - 1, '0')}`.slice(0, nameLength),
  userId: ALICE,
  tenantId: ACME,
  keyHash: `${run}${serial.toString(16).padStart(24, '0')}`,
  expiresAt: null,
  createdById: ALICE,
  created: NOW,
  updated: NOW,
});

/** An agent row of acme whose labels weigh about `labelBytes` bytes. */
export const agentRow = (labelBytes: number, id: string = randomUUID(), stamp = NOW): Agent => ({
  id,
  tenantId: ACME,
  name: 'ballast',
  type: 'LocalAgent',
  labels: Array.from({ length: Math.max(1, Math.ceil(labelBytes / 200)) }, (_, i) => `label-${i}-${'x'.repeat(190)}`),
  agentConfigId: null,
  registeredById: ALICE,
  lastQueried: stamp,
  created: NOW,
});

export const dataFileIn = (dir: string): string => join(dir, 'state.json');
export const journalOf = (dataFile: string): string => `${dataFile}.journal`;

/** The bytes of a file, or null when it does not exist. */
export const bytesOf = (path: string): Buffer | null => (existsSync(path) ? readFileSync(path) : null);

/**
 * What a crash at this moment would leave on disk: a copy of the data file and its journal in
 * a new directory (the lock of the running store is not copied: the process "died").
 */
export const crashImage = (dataFile: string): string => {
  const dir = join(tempDir(), 'after-crash');
  mkdirSync(dir);
  const copy = dataFileIn(dir);
  copyFileSync(dataFile, copy);
  if (existsSync(journalOf(dataFile))) copyFileSync(journalOf(dataFile), journalOf(copy));
  return copy;
};

export const readDocument = readDataFile;

/** The journal's complete lines, parsed. */
export const journalLines = (dataFile: string): { seq: number; ops: unknown[] }[] => {
  const text = existsSync(journalOf(dataFile)) ? readFileSync(journalOf(dataFile), 'utf8') : '';
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { seq: number; ops: unknown[] });
};
