import { open, readFile, type FileHandle } from 'node:fs/promises';
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

interface Pending {
  seq: number;
  line: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class Journal {
  private pending: Pending[] = [];
  private draining: Promise<void> | null = null;
  private paused = false;
  bytes = 0;

  private constructor(private readonly handle: FileHandle, readonly path: string, private readonly onFlushed: () => void) {}

  /**
   * Reads what an earlier run journaled. A torn last line (a crash mid-write, before its fsync
   * and so before anyone was told it succeeded) is cut off; a bad line before the end is
   * corruption and stops the start.
   */
  static async open(path: string, onFlushed: () => void): Promise<{ journal: Journal; entries: JournalEntry[] }> {
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const entries: JournalEntry[] = [];
    const lastNewline = text.lastIndexOf('\n');
    const complete = lastNewline === -1 ? '' : text.slice(0, lastNewline);
    complete.split('\n').forEach((line, i) => {
      if (line === '') return;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (typeof entry.seq !== 'number' || !Array.isArray(entry.ops)) throw new Error('not a journal entry');
        entries.push(entry);
      } catch (error) {
        throw new Error(`cannot read journal ${path}: line ${i + 1} is corrupt (${(error as Error).message}). The file was left untouched.`, { cause: error });
      }
    });
    const handle = await open(path, 'a+', 0o600);
    const goodBytes = Buffer.byteLength(text.slice(0, lastNewline + 1));
    if (goodBytes !== Buffer.byteLength(text)) {
      await handle.truncate(goodBytes);
      await handle.sync();
    }
    const journal = new Journal(handle, path, onFlushed);
    journal.bytes = goodBytes;
    return { journal, entries };
  }

  append(seq: number, ops: readonly Op[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ seq, line: `${JSON.stringify({ seq, ops })}\n`, resolve, reject });
      this.kick();
    });
  }

  /**
   * Stops writing, waits for the write in flight, and hands back the waiting entries up to
   * `seq`: a snapshot that includes them makes them durable instead.
   */
  async pauseForSnapshot(seq: number): Promise<Pending[]> {
    this.paused = true;
    await this.draining;
    const covered = this.pending.filter((p) => p.seq <= seq);
    this.pending = this.pending.filter((p) => p.seq > seq);
    return covered;
  }

  /** Empties the file once a snapshot holds everything in it, then lets writes resume. */
  async truncateAndResume(): Promise<void> {
    try {
      await this.handle.truncate(0);
      await this.handle.sync();
      this.bytes = 0;
    } finally {
      this.paused = false;
      this.kick();
    }
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  private kick(): void {
    if (this.draining || this.paused || this.pending.length === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (!this.paused && this.pending.length > 0) this.kick();
      else this.onFlushed();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.paused) {
      const batch = this.pending;
      this.pending = [];
      const text = batch.map((p) => p.line).join('');
      try {
        await this.handle.appendFile(text, 'utf8');
        await this.handle.datasync();
        this.bytes += Buffer.byteLength(text);
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error as Error);
      }
    }
  }
}
