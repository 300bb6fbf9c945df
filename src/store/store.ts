import type { ClockState } from '../clock/clock.js';
import { FilePersistence } from './file-persistence.js';
import { applyOps, type Op } from './ops.js';
import { SecretVault } from './secret-vault.js';
import { STATE_FORMAT, STATE_VERSION, type StateDocument } from './snapshot.js';
import { State, type TableData } from './state.js';

const DONE: Promise<void> = Promise.resolve();

/**
 * The state and how it lasts. Commits apply to memory at once, synchronously, so a request that
 * validated against the state changes exactly that state; the returned promise settles when the
 * change is durable (at once in memory).
 */
export class Store {
  readonly state = new State();
  /** Tenant secrets, in memory only (never journaled nor exported). */
  readonly secrets = new SecretVault();
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
    this.secrets.clear();
    this.seq += 1;
    // The snapshot is taken once the journal is quiet, so it also holds the commits made after this.
    return this.persistence ? this.persistence.replace() : DONE;
  }

  document(clock: ClockState | null): StateDocument {
    return { format: STATE_FORMAT, version: STATE_VERSION, seq: this.seq, clock, tables: this.state.export() };
  }

  async close(): Promise<void> {
    await this.persistence?.close();
  }
}
