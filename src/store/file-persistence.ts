import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { encodeStateText } from './columns.js';
import { DurableJsonFile, tempFilePattern } from './json-file-adapter.js';
import { Journal, type JournalEntry, type Pending } from './journal.js';
import { DataFileLock } from './lock.js';
import type { Op } from './ops.js';
import { validateStateDocument, type StateDocument } from './snapshot.js';
import type { State } from './state.js';

/** Below this the journal is left alone: rewriting a small file buys nothing. */
const MIN_COMPACT_BYTES = 1 << 20;

/**
 * The data file (a lowdb JSON snapshot) and its journal. A commit is acknowledged once its
 * journal line is fsynced; the journal is folded into the snapshot in the background once it
 * is as large as the snapshot itself, so the cost per write stays constant as the store grows.
 *
 * Snapshots (compaction, reset/restore, the final one at close) run one at a time. Each holds
 * the journal, waits for the write in flight, and only then takes the document: so every line
 * in the journal is in the snapshot before the journal is emptied, and the commits waiting
 * meanwhile are made durable by the snapshot itself.
 */
export class FilePersistence {
  private compacting: Promise<void> | null = null;
  private snapshots: Promise<void> = Promise.resolve();
  private snapshotBytes = MIN_COMPACT_BYTES;
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
   * never overwritten with a fixture; a corrupt or newer one, or a corrupt journal, stops the
   * start with both files untouched.
   */
  static async open(
    path: string,
    initial: () => StateDocument,
    current: () => StateDocument,
  ): Promise<{ persistence: FilePersistence; document: StateDocument & { state?: State }; created: boolean; entries: JournalEntry[] }> {
    const dataFile = resolve(path);
    // The start's file work is synchronous until the journal is opened: each asynchronous call
    // is a round trip through libuv's thread pool, before the emulator answers anything.
    mkdirSync(dirname(dataFile), { recursive: true });
    const lock = DataFileLock.acquire(dataFile);
    try {
      removeStaleTempFiles(dataFile);
      const adapter = new DurableJsonFile<StateDocument | null>(dataFile, (doc) => encodeStateText(doc!));
      const db = new Low<StateDocument | null>(adapter, null);
      await db.read();
      const journalPath = `${dataFile}.journal`;
      const contents = await Journal.read(journalPath);
      // lowdb keeps its default for a file that parses to null, 0, false or "": that is a
      // damaged data file, not a missing one, and must not be replaced by the fixture.
      let document: StateDocument & { state?: State };
      if (adapter.found) {
        document = validateStateDocument(db.data, `data file ${dataFile}`);
        // The parsed file (its columns, dictionaries, index arrays) is not needed once the state
        // is built from it; each snapshot hands lowdb the document it writes.
        db.data = null;
      } else {
        if (contents.entries.length > 0) {
          throw new Error(`data file ${dataFile} is missing but its journal ${journalPath} has entries; restore the data file or remove the journal`);
        }
        document = initial();
        db.data = document;
        await db.write();
      }
      // The journal reports flushes to the persistence created below.
      const owner: { current?: FilePersistence } = {};
      const journal = await Journal.open(journalPath, contents, () => owner.current?.compactIfDue());
      const persistence = new FilePersistence(dataFile, db, adapter, journal, lock, current);
      persistence.snapshotBytes = Math.max(MIN_COMPACT_BYTES, adapter.lastBytes);
      owner.current = persistence;
      return { persistence, document, created: !adapter.found, entries: contents.entries.filter((e) => e.seq > document.seq) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  append(seq: number, ops: readonly Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return this.journal.append(seq, ops);
  }

  /**
   * Writes the whole state now (reset, restore, import): the journal before it no longer
   * matters. Call it right after replacing the state, in the same tick: from then on journal
   * writes wait, so no commit made on top of the new state is acknowledged before it is durable.
   */
  replace(seq: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return this.snapshot(seq);
  }

  /** Lets go of the files after a refused start: nothing was written, the lock is released. */
  async abandon(): Promise<void> {
    this.closed = true;
    await this.journal.close().catch(() => undefined);
    this.lock.release();
  }

  compactIfDue(): void {
    if (this.compacting || this.closed) return;
    if (this.journal.bytes < Math.max(MIN_COMPACT_BYTES, this.snapshotBytes)) return;
    this.compacting = this.snapshot()
      .catch(() => {
        // The waiting commits went back to the journal, which still holds everything; the
        // next flush tries again.
      })
      .finally(() => {
        this.compacting = null;
      });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.snapshots;
    await this.journal.idle();
    // A clean stop leaves one complete JSON file (column-wise; the control API's snapshot reads as rows).
    if (this.journal.bytes > 0 || this.journal.waiting > 0) await this.snapshot();
    await this.journal.close();
    this.lock.release();
  }

  /**
   * Queues a snapshot of the current state; the journal is held from this call on. `replacing`
   * is the seq of the reset or import it makes durable: if it fails, the commits made on top of
   * the new state fail with it rather than being journaled over the old one.
   */
  private snapshot(replacing?: number): Promise<void> {
    this.journal.hold();
    const run = this.snapshots.then(() => this.writeSnapshot(replacing));
    this.snapshots = run.catch(() => undefined);
    return run;
  }

  private async writeSnapshot(replacing: number | undefined): Promise<void> {
    let covered: Pending[] | undefined;
    try {
      await this.journal.idle();
      // Taken now, with nothing in flight: it holds every journaled line and every waiting commit.
      const document = this.current();
      covered = this.journal.takePending();
      this.db.data = document;
      await this.db.write();
      this.snapshotBytes = Math.max(MIN_COMPACT_BYTES, this.adapter.lastBytes);
      await this.journal.truncate();
    } catch (error) {
      if (replacing !== undefined) {
        // Built on a state that never became durable: refused with it.
        const [before, after] = partition(covered ?? [], (p) => p.seq < replacing);
        covered = before;
        for (const p of [...after, ...this.journal.takePendingFrom(replacing)]) p.reject(error as Error);
      }
      // Not covered after all: the journal writes them as usual.
      if (covered) this.journal.requeue(covered);
      throw error;
    } finally {
      this.journal.release();
    }
    for (const p of covered) p.resolve();
  }
}

/** Temporary files of a run that died mid-write: we hold the lock, so none is in use. */
const removeStaleTempFiles = (dataFile: string): void => {
  const pattern = tempFilePattern(dataFile);
  for (const name of readdirSync(dirname(dataFile))) {
    if (pattern.test(name)) rmSync(join(dirname(dataFile), name), { force: true });
  }
};

const partition = <T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] => {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
};
