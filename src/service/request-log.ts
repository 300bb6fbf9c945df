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
  caller: RequestLogCaller | null;
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

export interface RequestLogCaller {
  userId: string;
  username: string;
  accountType: string;
  tenantId: string;
  tenantSlug: string;
  role: string;
}

/** One request as the endpoint records it: `at` is the emulator clock's epoch milliseconds. */
export interface RequestRecord {
  at: number;
  operationName: string | null;
  operationType: RequestLogEntry['operationType'];
  /** Kept as given (not copied): the endpoint passes the list cached with the parsed query. */
  fields: readonly string[];
  caller: RequestLogCaller | null;
  outcome: RequestLogEntry['outcome'];
  errorCode: string | null;
  durationMs: number;
}

/** How far back a repeat is looked for: the storm interleaves with heartbeats and log uploads. */
const FOLD_WINDOW = 8;

const TYPES = [null, 'query', 'mutation', 'subscription'] as const;
const typeIndex = (type: RequestLogEntry['operationType']): number => TYPES.indexOf(type);
const sameFields = (a: readonly string[], b: readonly string[]): boolean =>
  a === b || (a.length === b.length && a.every((f, i) => f === b[i]));

/**
 * A ring buffer kept as columns: under a steady load every entry outlives a few young-generation
 * collections, so entries kept as objects would each be copied and promoted to the old
 * generation. Here a request writes numbers into number arrays (V8 keeps them unboxed) and
 * references to strings and field lists that already live as long as the state or the parsed
 * query (the caller's names are the state's own strings); entries are built as objects only
 * when read. The columns grow with the log, so an idle sandbox's log costs next to nothing.
 */
export class RequestLog {
  private size = 0;
  private next = 0;
  private at: number[] = [];
  private lastAt: number[] = [];
  private durationMs: number[] = [];
  private count: number[] = [];
  /** 0 ok, 1 error. */
  private outcome: number[] = [];
  private type: number[] = [];
  private operationName: (string | null)[] = [];
  private fields: (readonly string[])[] = [];
  private errorCode: (string | null)[] = [];
  private userId: (string | null)[] = [];
  private username: string[] = [];
  private accountType: string[] = [];
  private tenantId: string[] = [];
  private tenantSlug: string[] = [];
  private role: string[] = [];

  constructor(readonly capacity = 500) {}

  /** Records one request. Nothing in it is copied or kept as a new object. */
  record(r: RequestRecord): void {
    if (this.capacity <= 0) return;
    const type = typeIndex(r.operationType);
    // Only refusals fold: each accepted request may have changed something, and stays on its own.
    if (r.outcome === 'error') {
      for (let i = 0; i < Math.min(FOLD_WINDOW, this.size); i++) {
        const j = (this.next - 1 - i + this.capacity) % this.capacity;
        if (this.outcome[j] === 1 && this.type[j] === type && this.operationName[j] === r.operationName && this.errorCode[j] === r.errorCode
          && this.userId[j] === (r.caller?.userId ?? null) && (r.caller === null || this.tenantId[j] === r.caller.tenantId) && sameFields(this.fields[j]!, r.fields)) {
          this.count[j] = this.count[j]! + 1;
          this.lastAt[j] = r.at;
          return;
        }
      }
    }
    // While the log fills, `i` is the columns' length: each write appends.
    const i = this.next;
    this.at[i] = r.at;
    this.lastAt[i] = r.at;
    this.durationMs[i] = r.durationMs;
    this.count[i] = 1;
    this.outcome[i] = r.outcome === 'error' ? 1 : 0;
    this.type[i] = type;
    this.operationName[i] = r.operationName;
    this.fields[i] = r.fields;
    this.errorCode[i] = r.errorCode;
    const c = r.caller;
    this.userId[i] = c?.userId ?? null;
    this.username[i] = c?.username ?? '';
    this.accountType[i] = c?.accountType ?? '';
    this.tenantId[i] = c?.tenantId ?? '';
    this.tenantSlug[i] = c?.tenantSlug ?? '';
    this.role[i] = c?.role ?? '';
    this.next = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Newest first. */
  recent(limit = this.capacity): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let k = 0; k < Math.min(this.size, Math.max(0, limit)); k++) out.push(this.entry((this.next - 1 - k + this.capacity) % this.capacity));
    return out;
  }

  clear(): void {
    this.size = 0;
    this.next = 0;
    this.at = [];
    this.lastAt = [];
    this.durationMs = [];
    this.count = [];
    this.outcome = [];
    this.type = [];
    this.operationName = [];
    this.fields = [];
    this.errorCode = [];
    this.userId = [];
    this.username = [];
    this.accountType = [];
    this.tenantId = [];
    this.tenantSlug = [];
    this.role = [];
  }

  private entry(i: number): RequestLogEntry {
    const userId = this.userId[i] ?? null;
    const entry: RequestLogEntry = {
      at: new Date(this.at[i]!).toISOString(),
      operationName: this.operationName[i] ?? null,
      operationType: TYPES[this.type[i]!] ?? null,
      fields: [...this.fields[i]!],
      caller: userId === null ? null : {
        userId, username: this.username[i]!, accountType: this.accountType[i]!, tenantId: this.tenantId[i]!, tenantSlug: this.tenantSlug[i]!, role: this.role[i]!,
      },
      outcome: this.outcome[i] === 1 ? 'error' : 'ok',
      errorCode: this.errorCode[i] ?? null,
      durationMs: this.durationMs[i]!,
    };
    if (this.count[i]! > 1) {
      entry.count = this.count[i]!;
      entry.lastAt = new Date(this.lastAt[i]!).toISOString();
    }
    return entry;
  }
}
