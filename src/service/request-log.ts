/**
 * The last requests an emulator answered, for tests and the UI panel to inspect. It records
 * who called and how it ended; never a header, a variable or a key.
 */
export interface RequestLogEntry {
  /** When, by the emulator's clock (ISO-8601). */
  at: string;
  /** The operation's name, or null for an anonymous one. */
  operationName: string | null;
  /** null when the request never parsed. */
  operationType: 'query' | 'mutation' | 'subscription' | null;
  /** The root fields asked for, e.g. ["create_api_key"]. */
  fields: string[];
  /** Who the key authenticated as; null without a valid key. */
  caller: { userId: string; username: string; accountType: string; tenantId: string; tenantSlug: string; role: string } | null;
  outcome: 'ok' | 'error';
  /** The first error's `extensions.code` (UNAUTHENTICATED, FORBIDDEN, …), or null. */
  errorCode: string | null;
  durationMs: number;
  /**
   * How many identical refused requests this entry stands for (same operation, fields, caller
   * and error within the last few entries): a flow whose key was revoked retries hundreds of
   * times a second, and folding keeps everyone else's requests in the log. Absent: 1.
   */
  count?: number;
  /** When the last folded repeat arrived. */
  lastAt?: string;
}

/** How far back a repeat is looked for: the storm interleaves with heartbeats and log uploads. */
const FOLD_WINDOW = 8;

const foldKey = (e: RequestLogEntry): string =>
  JSON.stringify([e.operationName, e.operationType, e.fields, e.caller?.userId ?? null, e.caller?.tenantId ?? null, e.outcome, e.errorCode]);

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private next = 0;

  constructor(readonly capacity = 500) {}

  add(entry: RequestLogEntry): void {
    if (this.capacity <= 0) return;
    const key = foldKey(entry);
    const len = this.entries.length;
    // Only refusals fold: each accepted request may have changed something, and stays on its own.
    for (let i = 0; entry.outcome === 'error' && i < Math.min(FOLD_WINDOW, len); i++) {
      const previous = this.entries[(this.next - 1 - i + len) % len]!;
      if (foldKey(previous) === key) {
        previous.count = (previous.count ?? 1) + 1;
        previous.lastAt = entry.at;
        return;
      }
    }
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Newest first. */
  recent(limit = this.capacity): RequestLogEntry[] {
    const ordered = this.entries.length < this.capacity
      ? [...this.entries]
      : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.reverse().slice(0, Math.max(0, limit));
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}
