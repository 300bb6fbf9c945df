import type { ClockState } from '../clock/clock.js';
import { FilePersistence } from './file-persistence.js';
import { applyOps, type Op } from './ops.js';
import { STATE_FORMAT, STATE_VERSION, type StateDocument } from './snapshot.js';
import { State, type TableData } from './state.js';

const DONE: Promise<void> = Promise.resolve();

/**
 * The state and how it lasts. Commits apply to memory at once, synchronously, so a request that
 * validated against the state changes exactly that state; the returned promise settles when the
 * change is durable (at once in memory).
 */
export class Store {
  private current = new State();
  private seq = 0;
  private persistence: FilePersistence | null = null;
  /** Whether the state is exactly what was given at creation (in memory, or a new data file). */
  private builtFromInitial = true;

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
    store.state.load(document.tables);
    store.seq = document.seq;
    for (const entry of entries) {
      applyOps(store.state, entry.ops);
      store.seq = entry.seq;
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
    applyOps(this.state, ops);
    this.seq += 1;
    return this.persistence ? this.persistence.append(this.seq, ops) : DONE;
  }

  /** Replaces the whole state (reset, snapshot restore), durably. */
  replaceAll(data: TableData): Promise<void> {
    this.state.load(data);
    this.seq += 1;
    // The snapshot is taken once the journal is quiet, so it also holds the commits made after this.
    return this.persistence ? this.persistence.replace() : DONE;
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
