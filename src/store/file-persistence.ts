import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile, tempFilePattern } from './json-file-adapter.js';
import { Journal, type JournalEntry } from './journal.js';
import { DataFileLock } from './lock.js';
import type { Op } from './ops.js';
import { validateStateDocument, type StateDocument } from './snapshot.js';

/** Below this the journal is left alone: rewriting a small file buys nothing. */
const MIN_COMPACT_BYTES = 1 << 20;

/**
 * The data file (a lowdb JSON snapshot) and its journal. A commit is acknowledged once its
 * journal line is fsynced; the journal is folded into the snapshot in the background once it
 * is as large as the snapshot itself, so the cost per write stays constant as the store grows.
 */
export class FilePersistence {
  private compacting: Promise<void> | null = null;
  private snapshotBytes = 0;
  private closed = false;

  private constructor(
    readonly dataFile: string,
    private readonly db: Low<StateDocument | null>,
    private readonly adapter: DurableJsonFile<StateDocument | null>,
    private readonly journal: Journal,
    private readonly lock: DataFileLock,
    private readonly current: () => StateDocument,
  ) {}

  /**
   * Opens (or creates from `initial`) the data file. An existing file is loaded as it is and
   * never overwritten with a fixture; a corrupt or newer one stops the start, untouched.
   */
  static async open(
    path: string,
    initial: () => StateDocument,
    current: () => StateDocument,
  ): Promise<{ persistence: FilePersistence; document: StateDocument; entries: JournalEntry[] }> {
    const dataFile = resolve(path);
    await mkdir(dirname(dataFile), { recursive: true });
    const lock = DataFileLock.acquire(dataFile);
    try {
      await removeStaleTempFiles(dataFile);
      const adapter = new DurableJsonFile<StateDocument | null>(dataFile);
      const db = new Low<StateDocument | null>(adapter, null);
      await db.read();
      // The journal reports flushes to the persistence created below, once it exists.
      const owner: { current?: FilePersistence } = {};
      const opened = await Journal.open(`${dataFile}.journal`, () => owner.current?.compactIfDue());
      let document: StateDocument;
      if (db.data === null) {
        if (opened.entries.length > 0) {
          await opened.journal.close();
          throw new Error(`data file ${dataFile} is missing but its journal ${dataFile}.journal has entries; restore the data file or remove the journal`);
        }
        document = initial();
        db.data = document;
        await db.write();
      } else {
        document = validateStateDocument(db.data, `data file ${dataFile}`);
      }
      const persistence = new FilePersistence(dataFile, db, adapter, opened.journal, lock, current);
      persistence.snapshotBytes = MIN_COMPACT_BYTES;
      owner.current = persistence;
      return { persistence, document, entries: opened.entries.filter((e) => e.seq > document.seq) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  append(seq: number, ops: readonly Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return this.journal.append(seq, ops);
  }

  /** Writes the whole state now (reset, restore, import): the journal before it no longer matters. */
  async replace(document: StateDocument): Promise<void> {
    await this.compacting;
    await this.snapshot(document);
  }

  compactIfDue(): void {
    if (this.compacting || this.closed) return;
    if (this.journal.bytes < Math.max(MIN_COMPACT_BYTES, this.snapshotBytes)) return;
    this.compacting = this.snapshot(this.current())
      .catch(() => {
        // The journal still holds everything; the next flush tries again.
      })
      .finally(() => {
        this.compacting = null;
      });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.journal.flush();
    await this.compacting;
    // A clean stop leaves one complete, human-readable JSON file.
    if (this.journal.bytes > 0) await this.snapshot(this.current());
    await this.journal.close();
    this.lock.release();
  }

  private async snapshot(document: StateDocument): Promise<void> {
    const covered = await this.journal.pauseForSnapshot(document.seq);
    try {
      this.db.data = document;
      await this.db.write();
      this.snapshotBytes = Math.max(MIN_COMPACT_BYTES, this.adapter.lastBytes);
    } catch (error) {
      this.journal.resume();
      for (const p of covered) p.reject(error as Error);
      throw error;
    }
    await this.journal.truncateAndResume();
    for (const p of covered) p.resolve();
  }
}

/** Temporary files of a run that died mid-write: we hold the lock, so none is in use. */
const removeStaleTempFiles = async (dataFile: string): Promise<void> => {
  const pattern = tempFilePattern(dataFile);
  for (const name of await readdir(dirname(dataFile))) {
    if (pattern.test(name)) await rm(join(dirname(dataFile), name), { force: true });
  }
};
