import http from 'node:http';
import {
  CREATE_KEY, DELETE_KEY, fixtureKey, gql, HEARTBEAT, IncompleteResponseError, REGISTER_AGENT, USERS, type HttpResult,
} from './cli.js';

export interface AckedKey {
  id: string;
  userId: string;
  tenantId: string;
  /** The plaintext, for requests only: never printed. */
  key: string;
}

const ACME = '11111111-1111-4111-8111-111111111111';
const GLOBEX = '22222222-2222-4222-8222-222222222222';

/** Who creates keys for whom: each pair is one client. */
const CREATORS = [
  { caller: 'acme-tenant-admin', userId: USERS.alice, tenantId: ACME },
  { caller: 'acme-tenant-admin', userId: USERS.acmeAgent, tenantId: ACME },
  { caller: 'globex-tenant-admin', userId: USERS.gina, tenantId: GLOBEX },
  { caller: 'globex-tenant-admin', userId: USERS.globexAgent, tenantId: GLOBEX },
  { caller: 'acme-user', userId: USERS.bob, tenantId: ACME },
  { caller: 'globex-user', userId: USERS.gus, tenantId: GLOBEX },
] as const;

export interface WorkloadOptions {
  /** Also revoke some of the created keys (acme admin, its own and acme-agent's). */
  deletes?: boolean;
  /**
   * Also keep re-writing one agent whose labels weigh this many bytes: every heartbeat journals
   * the whole row while the state does not grow, so the journal passes the compaction threshold
   * (1 MiB, or the snapshot's size) every few heartbeats.
   */
  ballastBytes?: number;
}

/**
 * Several concurrent clients sending mutations as fast as they are answered, recording what was
 * acknowledged: an HTTP 200 with data, arrived whole. A client stops at its first failed
 * connection (the server died or stopped accepting).
 */
export class Workload {
  readonly acked = new Map<string, AckedKey>();
  readonly deleteAttempted = new Set<string>();
  readonly deleted = new Set<string>();
  /** Responses that arrived whole but were not the expected data (should never happen). */
  readonly unexpected: string[] = [];
  /** Responses that started and did not complete. */
  incomplete = 0;
  agentId: string | null = null;
  heartbeats = 0;
  /** When the last acknowledged heartbeat was sent: the stored lastQueried cannot be older. */
  lastHeartbeatSentAt = 0;
  registrations = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  private agent: http.Agent | null = null;
  private counter = 0;

  constructor(private readonly options: WorkloadOptions = {}) {}

  /** Acknowledged writes so far. */
  get acknowledged(): number {
    return this.acked.size + this.deleted.size + this.registrations + this.heartbeats;
  }

  start(url: string): void {
    this.running = true;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    this.loops = CREATORS.map((c) => this.loop(() => this.create(url, c)));
    if (this.options.deletes) this.loops.push(this.loop(() => this.revoke(url)));
    if (this.options.ballastBytes) this.loops.push(this.loop(() => this.ballast(url)));
  }

  /** Lets every client finish its request in flight, then stops them. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.agent?.destroy();
  }

  /** Whether every client has stopped on its own (its connection failed). */
  async ended(): Promise<void> {
    await Promise.all(this.loops);
    this.agent?.destroy();
  }

  private async loop(step: () => Promise<boolean>): Promise<void> {
    while (this.running) {
      try {
        if (!(await step())) await new Promise((r) => setTimeout(r, 5));
      } catch (error) {
        if (error instanceof IncompleteResponseError) this.incomplete += 1;
        return;
      }
    }
  }

  private check(result: HttpResult, field: string, what: string): Record<string, unknown> | null {
    const data = result.body.data?.[field] as Record<string, unknown> | null | undefined;
    if (result.status === 200 && data && !result.body.errors) return data;
    this.unexpected.push(`${what}: HTTP ${result.status} ${result.body.errors?.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ') ?? ''}`);
    return null;
  }

  private async create(url: string, c: (typeof CREATORS)[number]): Promise<boolean> {
    const name = `crash ${++this.counter}`;
    const result = await gql(url, fixtureKey(c.caller), CREATE_KEY, { input: { user_id: c.userId, name } }, this.agent!);
    const data = this.check(result, 'create_api_key', 'create_api_key');
    if (data) this.acked.set(data.id as string, { id: data.id as string, userId: c.userId, tenantId: c.tenantId, key: data.key as string });
    return true;
  }

  private async revoke(url: string): Promise<boolean> {
    let target: AckedKey | undefined;
    for (const k of this.acked.values()) {
      if (k.tenantId === ACME && (k.userId === USERS.alice || k.userId === USERS.acmeAgent) && !this.deleteAttempted.has(k.id)) {
        target = k;
        break;
      }
    }
    // Keep most keys: revoke one in three.
    if (!target || this.deleteAttempted.size * 3 > this.acked.size) return false;
    this.deleteAttempted.add(target.id);
    const result = await gql(url, fixtureKey('acme-tenant-admin'), DELETE_KEY, { input: { key_id: target.id } }, this.agent!);
    const data = this.check(result, 'delete_api_key', 'delete_api_key');
    if (data?.success === true) this.deleted.add(target.id);
    else if (data) this.unexpected.push('delete_api_key: success was not true');
    return true;
  }

  private async ballast(url: string): Promise<boolean> {
    const key = fixtureKey('acme-tenant-admin');
    if (!this.agentId) {
      const bytes = this.options.ballastBytes ?? 0;
      const labels = Array.from({ length: Math.ceil(bytes / 250) }, (_, i) => `${i}-${'b'.repeat(240)}`);
      const result = await gql(url, key, REGISTER_AGENT, { input: { name: 'ballast', type: 'LocalAgent', labels } }, this.agent!);
      const data = this.check(result, 'register_agent', 'register_agent (ballast)');
      // Recorded as unexpected; this client stops.
      if (!data) throw new Error('the ballast agent was not registered');
      this.agentId = data.id as string;
      this.registrations += 1;
      return true;
    }
    const sentAt = Date.now();
    const result = await gql(url, key, HEARTBEAT, { input: { agent_id: this.agentId } }, this.agent!);
    if (this.check(result, 'update_agent_heartbeat', 'update_agent_heartbeat')) {
      this.heartbeats += 1;
      this.lastHeartbeatSentAt = Math.max(this.lastHeartbeatSentAt, sentAt);
    }
    return true;
  }
}
