import { writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { afterEach, vi } from 'vitest';
import type { Op } from '../../src/store/ops.js';
import { STATE_FORMAT, STATE_VERSION, type StateDocument } from '../../src/store/snapshot.js';
import type { TableData } from '../../src/store/state.js';
import { Store } from '../../src/store/store.js';
import { baseTables, keyRow, removeDirs } from './helpers.js';

/** What the store suites share: opening and tracking stores, documents and journal lines, timing. */

export const openStore = async (dataFile: string, tables?: TableData): Promise<Store> => {
  const initial = tables ?? (await baseTables());
  return Store.openFile(dataFile, () => initial);
};

const stores: Store[] = [];
export const track = (store: Store): Store => {
  stores.push(store);
  return store;
};

/** node's FileHandle prototype (not ours): instrumented to count and gate fsyncs. */
export const fileHandlePrototype = async (): Promise<FileHandle> => {
  const probe = await open(import.meta.filename, 'r');
  await probe.close();
  return Object.getPrototypeOf(probe) as FileHandle;
};

export const putKey = (i: number, nameLength?: number): Op => ['put', 'apiKeys', keyRow(i, nameLength)];

export const documentOf = (tables: TableData, seq: number, extra: Record<string, unknown> = {}): StateDocument =>
  ({ format: STATE_FORMAT, version: STATE_VERSION, seq, clock: null, tables, ...extra }) as StateDocument;

export const writeJson = (path: string, value: unknown): void => writeFileSync(path, JSON.stringify(value, null, 1));

export const line = (seq: number, ops: Op[]): string => `${JSON.stringify({ seq, ops })}\n`;

/** Settles `promise` and reports whether it did within `ms`. */
export const settlesWithin = async (promise: Promise<unknown>, ms: number): Promise<boolean> => {
  let settled = false;
  void promise.finally(() => {
    settled = true;
  });
  await new Promise((r) => setTimeout(r, ms));
  return settled;
};

/** After each test: mocks restored, every tracked store closed, every temporary directory removed. */
export const useStoreCleanup = (): void => {
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
    removeDirs();
  });
};
