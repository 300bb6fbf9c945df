import type { ClockState } from '../clock/clock.js';
import { FilePersistence } from './file-persistence.js';
import { applyOps, type Op } from './ops.js';
import { dependentFailure, persistenceError } from './persistence-error.js';
import { STATE_FORMAT, STATE_VERSION, validateStateDocument, type StateDocument } from './snapshot.js';
import { State, type TableData } from './state.js';
import { inverseOps } from './undo.js';

const DONE: Promise<void> = Promise.resolve();

/**
 * The state and how it lasts. Commits apply to memory at once, synchronously, so a request that
 * validated against the state changes exactly that state; the returned promise settles when the
 * change is durable (at once in memory).
 *
 * A write either happens completely or not at all: when persisting fails (a full disk), the
 * change is undone in memory, together with every change made after it (they were validated
 * against it, and their writes are refused with it), last first, and the promise rejects with a
 * PersistenceError. So memory never holds a change the data file does not, once settled.
 */
export class Store {
  private current = new State();
  private seq = 0;
  private persistence: FilePersistence | null = null;
  /** Whether the state is exactly what was given at creation (in memory, or a new data file). */
  private builtFromInitial = true;
  /** Changes applied to memory whose write has not settled yet, by seq, with how to undo each. */
  private readonly inFlight = new Map<number, () => void>();

  private constructor() {}

  static inMemory(data: TableData): Store {
    const store = new Store();
    store.state.load(data);
    return store;
  }

  /** An in-memory store that takes `state` over (a copy of a pristine state, see State.copy). */
  static inMemoryFrom(state: State): Store {
    const store = new Store();
    store.current = state;
    return store;
  }

  /** Read it afresh each time: a reset replaces the whole object. */
  get state(): State {
    return this.current;
  }

  /** Opens a JSON data file, creating it from `initial` when it does not exist yet. */
  static async openFile(path: string, initial: () => TableData): Promise<Store> {
    const store = new Store();
    const { persistence, document, created, entries } = await FilePersistence.open(
      path,
      () => ({ format: STATE_FORMAT, version: STATE_VERSION, seq: 0, clock: null, tables: initial() }),
      () => store.document(null),
    );
    try {
      // A loaded file's state was built while checking it; a new one's comes from `initial`.
      if (document.state) store.current = document.state;
      else store.state.load(document.tables);
      store.seq = document.seq;
      for (const entry of entries) {
        applyOps(store.state, entry.ops);
        store.seq = entry.seq;
      }
      if (entries.length > 0) validateStateDocument(store.document(null), `data file ${persistence.dataFile} with its journal replayed`);
    } catch (error) {
      // Refused at start: nothing was written, and the lock must not outlive the attempt.
      await persistence.abandon();
      throw error;
    }
    store.persistence = persistence;
    store.builtFromInitial = created;
    return store;
  }

  get createdFromInitial(): boolean {
    return this.builtFromInitial;
  }

  get dataFile(): string | null {
    return this.persistence?.dataFile ?? null;
  }

  commit(ops: readonly Op[]): Promise<void> {
    if (ops.length === 0) return DONE;
    if (!this.persistence) {
      applyOps(this.state, ops);
      this.seq += 1;
      return DONE;
    }
    const undo = inverseOps(this.state, ops);
    applyOps(this.state, ops);
    const seq = ++this.seq;
    return this.settle(seq, () => applyOps(this.state, undo), this.persistence.append(seq, ops));
  }

  /** Replaces the whole state (reset, snapshot restore), durably; put back as it was if that fails. */
  replaceAll(data: TableData): Promise<void> {
    if (!this.persistence) {
      this.state.load(data);
      this.seq += 1;
      return DONE;
    }
    const previous = this.state.export();
    this.state.load(data);
    const seq = ++this.seq;
    // The snapshot is taken once the journal is quiet, so it also holds the commits made after this.
    return this.settle(seq, () => this.state.load(previous), this.persistence.replace(seq));
  }

  /** Tracks a change until its write settles; undoes it (and all after it) if the write fails. */
  private settle(seq: number, undo: () => void, durable: Promise<void>): Promise<void> {
    this.inFlight.set(seq, undo);
    return durable.then(
      () => {
        // Undone meanwhile, with an earlier change whose write failed: it did not happen.
        if (!this.inFlight.delete(seq)) throw dependentFailure();
      },
      (error: unknown) => {
        this.rollBackFrom(seq);
        throw persistenceError(error);
      },
    );
  }

  private rollBackFrom(seq: number): void {
    const undone = [...this.inFlight.keys()].filter((s) => s >= seq).sort((a, b) => b - a);
    for (const s of undone) {
      this.inFlight.get(s)!();
      this.inFlight.delete(s);
    }
  }

  /**
   * Replaces the whole state by `state` (reset): in memory, it becomes the state at once, in
   * one step, so no request ever sees half of a reset. With a data file, as replaceAll.
   */
  replaceWith(state: State): Promise<void> {
    if (this.persistence) return this.replaceAll(state.export());
    this.current = state;
    this.seq += 1;
    return DONE;
  }

  document(clock: ClockState | null): StateDocument {
    return { format: STATE_FORMAT, version: STATE_VERSION, seq: this.seq, clock, tables: this.state.export() };
  }

  async close(): Promise<void> {
    await this.persistence?.close();
  }
}
