/**
 * A write either happens completely or not at all: when persisting fails, memory is put back,
 * with every change that followed the failed one (validated against it), and the files hold
 * none of them.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PersistenceError } from '../../src/store/persistence-error.js';
import { Store } from '../../src/store/store.js';
import { baseTables, bytesOf, dataFileIn, journalLines, journalOf, keyRow, removeDirs, tempDir } from './helpers.js';

const stores: Store[] = [];
const openStore = async (dataFile: string): Promise<Store> => {
  const tables = await baseTables();
  const store = await Store.openFile(dataFile, () => tables);
  stores.push(store);
  return store;
};
afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  removeDirs();
});

const fileHandlePrototype = async (): Promise<FileHandle> => {
  const probe = await open(import.meta.filename, 'r');
  await probe.close();
  return Object.getPrototypeOf(probe) as FileHandle;
};
const diskFull = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('rollback when a write fails', () => {
  it('undoes a failed commit and the commits that arrived while it was being written', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = await openStore(dataFile);
    const proto = await fileHandlePrototype();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    vi.spyOn(proto, 'appendFile').mockImplementation(async () => {
      await gate;
      throw diskFull();
    });
    const before = store.state.export();
    const a = keyRow(1);
    const b = keyRow(2);
    const first = store.commit([['put', 'apiKeys', a]]).catch((e: unknown) => e);
    // Arrives while the first write is in flight: it is validated against a state holding a.
    const second = store.commit([['put', 'apiKeys', b], ['del', 'apiKeys', a.id]]).catch((e: unknown) => e);
    expect(store.state.apiKeys.get(b.id)).toEqual(b);
    release();
    expect(await first).toBeInstanceOf(PersistenceError);
    expect(await second).toBeInstanceOf(PersistenceError);
    expect(String(await first)).toMatch(/disk is full \(ENOSPC\)\. The change was not made/);
    expect(store.state.export()).toEqual(before);
    vi.restoreAllMocks();
    expect(journalLines(dataFile)).toEqual([]);
    // And the next write works as usual.
    await store.commit([['put', 'apiKeys', keyRow(3)]]);
    expect(journalLines(dataFile)).toHaveLength(1);
  });

  it('a failed reset puts the previous state back, fails the commits made on top of it, and leaves the files and no temp file', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = await openStore(dataFile);
    await store.commit([['put', 'apiKeys', keyRow(1)]]);
    const files = [bytesOf(dataFile), bytesOf(journalOf(dataFile))];
    const before = store.state.export();
    const proto = await fileHandlePrototype();
    vi.spyOn(proto, 'writeFile').mockImplementation(async () => {
      await new Promise((r) => setTimeout(r, 20));
      throw diskFull();
    });
    const replaced = store.replaceAll(await baseTables()).catch((e: unknown) => e);
    const onTop = store.commit([['put', 'apiKeys', keyRow(2)]]).catch((e: unknown) => e);
    expect(await replaced).toBeInstanceOf(PersistenceError);
    expect(await onTop).toBeInstanceOf(PersistenceError);
    expect(store.state.export()).toEqual(before);
    expect([bytesOf(dataFile), bytesOf(journalOf(dataFile))]).toEqual(files);
    expect(readdirSync(dirname(dataFile)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
