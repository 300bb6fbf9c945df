import { readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { decodeUtf8 } from '../domain/json-input.js';
import { parseJournalEntry } from './journal-entry.js';
import { readProblem } from './json-file-adapter.js';
import type { Op } from './ops.js';

/**
 * The append-only journal beside the data file: one JSON line per committed transaction.
 * Appending costs the size of the change, not of the store. Concurrent commits share one
 * write and one fsync (group commit): whoever arrives while a write is in flight joins the next.
 */
export interface JournalEntry {
  seq: number;
  ops: Op[];
}

export interface Pending {
  seq: number;
  line: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** What an earlier run journaled, read without changing the file. */
export interface JournalContents {
  entries: JournalEntry[];
  /** Bytes up to the end of the last complete line: a torn last line past them is cut at open. */
  goodBytes: number;
  totalBytes: number;
}

export class Journal {
  private pending: Pending[] = [];
  private draining: Promise<void> | null = null;
  /** While above 0 nothing is written: a snapshot is being taken that will cover what waits. */
  private holds = 0;
  bytes = 0;

  private constructor(private readonly handle: FileHandle, readonly path: string, private readonly onFlushed: () => void) {}

  /**
   * Reads what an earlier run journaled, changing nothing. A torn last line (a crash mid-write,
   * before its fsync and so before anyone was told it succeeded) is left out; a bad line before
   * the end is corruption and stops the start.
   */
  static async read(path: string): Promise<JournalContents> {
    let bytes = Buffer.alloc(0);
    try {
      // At once, at start, as the data file is (./json-file-adapter.ts says why).
      bytes = readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`cannot read journal ${path}: ${readProblem(error)}. The file was left untouched.`, { cause: error });
      }
    }
    const entries: JournalEntry[] = [];
    const lastNewline = bytes.lastIndexOf(0x0a);
    // Line by line in bytes, so a bad byte is reported with its line.
    let start = 0;
    for (let i = 1; start <= lastNewline; i++) {
      const end = bytes.indexOf(0x0a, start);
      const line = bytes.subarray(start, end);
      start = end + 1;
      if (line.length === 0) continue;
      try {
        entries.push(parseJournalEntry(decodeUtf8(line)));
      } catch (error) {
        throw new Error(`cannot read journal ${path}: line ${i} is corrupt (${(error as Error).message}). The file was left untouched.`, { cause: error });
      }
    }
    return { entries, goodBytes: lastNewline + 1, totalBytes: bytes.length };
  }

  /** Opens the journal for appending after `read`, cutting a torn last line off. */
  static async open(path: string, contents: Pick<JournalContents, 'goodBytes' | 'totalBytes'>, onFlushed: () => void): Promise<Journal> {
    const handle = await open(path, 'a+', 0o600);
    try {
      if (contents.goodBytes !== contents.totalBytes) {
        await handle.truncate(contents.goodBytes);
        await handle.sync();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    const journal = new Journal(handle, path, onFlushed);
    journal.bytes = contents.goodBytes;
    return journal;
  }

  append(seq: number, ops: readonly Op[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ seq, line: `${JSON.stringify({ seq, ops })}\n`, resolve, reject });
      this.kick();
    });
  }

  /** Stops writing (the write in flight completes) until the matching `release`. */
  hold(): void {
    this.holds += 1;
  }

  release(): void {
    this.holds -= 1;
    this.kick();
  }

  /** Settles once no write is in flight. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Hands over every waiting entry: a snapshot that includes them makes them durable instead. */
  takePending(): Pending[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Hands over the waiting entries from `seq` on. */
  takePendingFrom(seq: number): Pending[] {
    const taken = this.pending.filter((p) => p.seq >= seq);
    this.pending = this.pending.filter((p) => p.seq < seq);
    return taken;
  }

  /** Puts entries back in front, in order, when the snapshot that was to cover them failed. */
  requeue(entries: Pending[]): void {
    this.pending = [...entries, ...this.pending];
  }

  get waiting(): number {
    return this.pending.length;
  }

  /** Empties the file once a snapshot holds everything in it. */
  async truncate(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.sync();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.idle();
    await this.handle.close();
  }

  private kick(): void {
    if (this.draining || this.holds > 0 || this.pending.length === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && this.holds === 0) {
      const batch = this.pending;
      this.pending = [];
      const text = batch.map((p) => p.line).join('');
      try {
        await this.handle.appendFile(text, 'utf8');
        await this.handle.datasync();
        this.bytes += Buffer.byteLength(text);
        for (const p of batch) p.resolve();
        // After every write, not only when the queue runs dry: under a steady stream of
        // commits it never does, and the journal would never be compacted.
        this.onFlushed();
      } catch (error) {
        // Cut off whatever part of the batch reached the file, so the next write does not
        // follow a torn line (which the next start would take for corruption).
        await this.handle.truncate(this.bytes).catch(() => undefined);
        // The entries that arrived meanwhile were validated against the failed ones: they fail
        // too, before anything else is written, and the store undoes them all.
        const doomed = [...batch, ...this.pending];
        this.pending = [];
        for (const p of doomed) p.reject(error as Error);
      }
    }
  }
}
