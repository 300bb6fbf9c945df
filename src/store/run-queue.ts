import { currentState, isScheduledLike } from '../domain/flow-runs/states.js';
import type { FlowRun } from '../domain/flow-runs/types.js';
import { rowArray, type RowsIn } from './row-source.js';
import { multi } from './index-spec.js';
import { Table } from './table.js';

interface Entry { at: number; id: string }

/** Index of the first entry at or after `at` (binary search). */
const lowerBound = (list: Entry[], at: number): number => {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** When a run waits to be picked up, the instant it may start; null when it does not wait. */
const queuedAt = (run: FlowRun): number | null => {
  const state = currentState(run.states);
  if (!isScheduledLike(state.type)) return null;
  return Date.parse(state.startTime ?? run.scheduledStartTime);
};

/**
 * The flow-run table, with the agents' queue as an index: per tenant, the runs that wait to be
 * run, sorted by start time. `get_runs_in_queue` reads the due prefix of one tenant's list
 * instead of scanning every run, so it costs the same with 10 or 10,000 scheduled runs.
 */
export class FlowRunTable extends Table<FlowRun, 'tenant' | 'flow'> {
  private queues = new Map<string, Entry[]>();
  private queued = new Map<string, { tenantId: string; at: number }>();

  constructor() {
    super({ tenant: multi((r) => r.tenantId), flow: multi((r) => r.flowId) });
  }

  override put(row: FlowRun): void {
    this.dequeue(row.id);
    super.put(row);
    const at = queuedAt(row);
    if (at === null || Number.isNaN(at)) return;
    let list = this.queues.get(row.tenantId);
    if (!list) this.queues.set(row.tenantId, (list = []));
    // After the last entry with the same time: runs due at the same instant keep their arrival order.
    list.splice(lowerBound(list, at + 1), 0, { at, id: row.id });
    this.queued.set(row.id, { tenantId: row.tenantId, at });
  }

  /** The queue of a copy (see Table.copyFrom) is its own at once: one entry per waiting run, small next to the rows. */
  override copyFrom(source: this): void {
    super.copyFrom(source);
    this.queues = new Map([...source.queues].map(([tenant, list]) => [tenant, list.slice()]));
    this.queued = new Map(source.queued);
  }

  override delete(id: string): FlowRun | undefined {
    this.dequeue(id);
    return super.delete(id);
  }

  /** Row by row: each waiting run joins its tenant's queue in order. */
  override fill(rows: RowsIn<FlowRun>): void {
    this.clear();
    for (const row of rowArray(rows)) this.put(row);
  }

  override clear(): void {
    this.queues.clear();
    this.queued.clear();
    super.clear();
  }

  /** The tenant's waiting runs whose start time is at or before `before` (epoch ms), earliest first. */
  due(tenantId: string, before: number): FlowRun[] {
    const list = this.queues.get(tenantId) ?? [];
    const out: FlowRun[] = [];
    for (const entry of list) {
      if (entry.at > before) break;
      const run = this.get(entry.id);
      if (run) out.push(run);
    }
    return out;
  }

  /** How many runs of the tenant wait, due or not. */
  waiting(tenantId: string): number {
    return this.queues.get(tenantId)?.length ?? 0;
  }

  private dequeue(id: string): void {
    const entry = this.queued.get(id);
    if (!entry) return;
    this.queued.delete(id);
    const list = this.queues.get(entry.tenantId);
    if (!list) return;
    for (let i = lowerBound(list, entry.at); i < list.length && list[i]!.at === entry.at; i++) {
      if (list[i]!.id === id) { list.splice(i, 1); break; }
    }
    if (list.length === 0) this.queues.delete(entry.tenantId);
  }
}
