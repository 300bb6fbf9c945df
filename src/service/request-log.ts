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
 * A ring buffer of columns: entries kept as objects outlived scavenges and were promoted. A
 * request writes numbers and references to strings that already exist (the state's, the parsed
 * query's); entries are built when read. The columns grow as the log fills.
 */
const columns = () => ({
  at: [] as number[], lastAt: [] as number[], durationMs: [] as number[], count: [] as number[],
  /** 0 ok, 1 error. */
  outcome: [] as number[], type: [] as number[],
  operationName: [] as (string | null)[], fields: [] as (readonly string[])[], errorCode: [] as (string | null)[], userId: [] as (string | null)[],
  username: [] as string[], accountType: [] as string[], tenantId: [] as string[], tenantSlug: [] as string[], role: [] as string[],
});

export class RequestLog {
  private size = 0;
  private next = 0;
  private cols = columns();

  constructor(readonly capacity = 500) {}

  /** Records one request. Nothing in it is copied or kept as a new object. */
  record(r: RequestRecord): void {
    if (this.capacity <= 0) return;
    const c = this.cols;
    const type = typeIndex(r.operationType);
    // Only refusals fold: each accepted request may have changed something, and stays on its own.
    if (r.outcome === 'error') {
      for (let i = 0; i < Math.min(FOLD_WINDOW, this.size); i++) {
        const j = (this.next - 1 - i + this.capacity) % this.capacity;
        if (c.outcome[j] === 1 && c.type[j] === type && c.operationName[j] === r.operationName && c.errorCode[j] === r.errorCode
          && c.userId[j] === (r.caller?.userId ?? null) && (r.caller === null || c.tenantId[j] === r.caller.tenantId) && sameFields(c.fields[j]!, r.fields)) {
          c.count[j] = c.count[j]! + 1;
          c.lastAt[j] = r.at;
          return;
        }
      }
    }
    // While the log fills, `i` is the columns' length: each write appends.
    const i = this.next;
    c.at[i] = r.at;
    c.lastAt[i] = r.at;
    c.durationMs[i] = r.durationMs;
    c.count[i] = 1;
    c.outcome[i] = r.outcome === 'error' ? 1 : 0;
    c.type[i] = type;
    c.operationName[i] = r.operationName;
    c.fields[i] = r.fields;
    c.errorCode[i] = r.errorCode;
    const who = r.caller;
    c.userId[i] = who?.userId ?? null;
    c.username[i] = who?.username ?? '';
    c.accountType[i] = who?.accountType ?? '';
    c.tenantId[i] = who?.tenantId ?? '';
    c.tenantSlug[i] = who?.tenantSlug ?? '';
    c.role[i] = who?.role ?? '';
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
    this.cols = columns();
  }

  private entry(i: number): RequestLogEntry {
    const c = this.cols;
    const userId = c.userId[i] ?? null;
    const entry: RequestLogEntry = {
      at: new Date(c.at[i]!).toISOString(),
      operationName: c.operationName[i] ?? null,
      operationType: TYPES[c.type[i]!] ?? null,
      fields: [...c.fields[i]!],
      caller: userId === null ? null : {
        userId, username: c.username[i]!, accountType: c.accountType[i]!, tenantId: c.tenantId[i]!, tenantSlug: c.tenantSlug[i]!, role: c.role[i]!,
      },
      outcome: c.outcome[i] === 1 ? 'error' : 'ok',
      errorCode: c.errorCode[i] ?? null,
      durationMs: c.durationMs[i]!,
    };
    if (c.count[i]! > 1) {
      entry.count = c.count[i]!;
      entry.lastAt = new Date(c.lastAt[i]!).toISOString();
    }
    return entry;
  }
}
