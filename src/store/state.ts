import type { AuthDirectory } from '../domain/auth.js';
import { normalizeRole, normalizeUser } from '../domain/legacy-data.js';
import { builtInRoles } from '../domain/roles.js';
import type {
  Agent, AgentConfig, ApiKey, ApiToken, Invitation, Membership, RevokedKey, Role, Tenant, User,
} from '../domain/types.js';
import type { Flow, FlowGroup, FlowRun, KeyValue, Project, RunLog, Secret, TaskRun } from '../domain/flow-runs/types.js';
import { FlowRunTable } from './run-queue.js';
import { rowArray, type RowsIn } from './row-source.js';
import { multi, unique, uniqueField } from './index-spec.js';
import { Table } from './table.js';

/** Every record kind the emulator keeps, by table name; the journal and snapshots use these names. */
export interface Rows {
  tenants: Tenant;
  users: User;
  memberships: Membership;
  roles: Role;
  apiKeys: ApiKey;
  revokedKeys: RevokedKey;
  apiTokens: ApiToken;
  agents: Agent;
  agentConfigs: AgentConfig;
  invitations: Invitation;
  projects: Project;
  flowGroups: FlowGroup;
  flows: Flow;
  flowRuns: FlowRun;
  taskRuns: TaskRun;
  runLogs: RunLog;
  keyValues: KeyValue;
  /** Secret values: in the data file (the user's own state), never in a snapshot (./snapshot-scope.ts). */
  secrets: Secret;
}

export type TableName = keyof Rows;

/** Every table, in the order documents list them; the compiler checks it names each record kind once. */
export const TABLE_NAMES = Object.keys({
  tenants: 0, users: 0, memberships: 0, roles: 0, apiKeys: 0, revokedKeys: 0, apiTokens: 0, agents: 0, agentConfigs: 0, invitations: 0,
  projects: 0, flowGroups: 0, flows: 0, flowRuns: 0, taskRuns: 0, runLogs: 0, keyValues: 0, secrets: 0,
} satisfies Record<TableName, 0>) as readonly TableName[];

/** The whole state as plain arrays: what snapshots and the data file hold. */
export type TableData = { [K in TableName]: Rows[K][] };

/** What a state is loaded from: per table, rows, or columns whose rows are made when first read. */
export type LoadData = { [K in TableName]: RowsIn<Rows[K]> };

/** How a tenant's secret is found by name. */
export const secretKey = (tenantId: string, name: string): string => `${tenantId}/${name}`;

const membershipKey = (userId: string, tenantId: string): string => `${userId}/${tenantId}`;

/** A table for every record kind: a kind added to Rows does not compile until State has its table. */
type Tables = { readonly [K in TableName]: Table<Rows[K], string> };

/** The in-memory state with its indexes. Reads only; writes go through the Store. */
export class State implements AuthDirectory, Tables {
  readonly tenants = new Table<Tenant, 'slug'>({ slug: uniqueField<Tenant>('slug') });
  readonly users = new Table<User, 'username' | 'service' | 'email'>({
    username: unique((u) => u.username),
    // Invitations name their invitee by email, whatever its case.
    email: multi((u) => u.email?.toLowerCase() ?? null),
    // Service accounts are few next to keys: listing a tenant's service-account keys starts here.
    service: multi((u) => (u.accountType === 'SERVICE' ? 'SERVICE' : null)),
  });
  readonly memberships = new Table<Membership, 'userTenant' | 'user' | 'tenant'>({
    userTenant: unique((m) => membershipKey(m.userId, m.tenantId)),
    user: multi((m) => m.userId),
    tenant: multi((m) => m.tenantId),
  });
  readonly roles = new Table<Role, 'tenant'>({ tenant: multi((r) => r.tenantId) });
  readonly apiKeys = new Table<ApiKey, 'hash' | 'user'>({
    hash: uniqueField<ApiKey>('keyHash'),
    user: multi((k) => k.userId),
  });
  readonly revokedKeys = new Table<RevokedKey, 'hash'>({ hash: unique((k) => k.keyHash) });
  readonly apiTokens = new Table<ApiToken, 'hash'>({ hash: unique((t) => t.tokenHash) });
  readonly agents = new Table<Agent, 'tenant'>({ tenant: multi((a) => a.tenantId) });
  readonly agentConfigs = new Table<AgentConfig, 'tenant'>({ tenant: multi((c) => c.tenantId) });
  readonly invitations = new Table<Invitation, 'tenant' | 'email'>({ tenant: multi((i) => i.tenantId), email: multi((i) => i.email) });
  readonly projects = new Table<Project, 'tenant' | 'tenantName'>({
    tenant: multi((p) => p.tenantId),
    tenantName: unique((p) => `${p.tenantId}/${p.name}`),
  });
  readonly flowGroups = new Table<FlowGroup, 'project' | 'projectName'>({
    project: multi((g) => g.projectId),
    projectName: unique((g) => `${g.projectId}/${g.name}`),
  });
  readonly flows = new Table<Flow, 'tenant' | 'group'>({ tenant: multi((f) => f.tenantId), group: multi((f) => f.flowGroupId) });
  readonly flowRuns = new FlowRunTable();
  readonly taskRuns = new Table<TaskRun, 'flowRun' | 'runTask'>({
    flowRun: multi((t) => t.flowRunId),
    runTask: unique((t) => `${t.flowRunId}/${t.taskId}/${t.mapIndex}`),
  });
  readonly runLogs = new Table<RunLog, 'flowRun'>({ flowRun: multi((l) => l.flowRunId) });
  readonly keyValues = new Table<KeyValue, 'tenant' | 'tenantKey'>({
    tenant: multi((k) => k.tenantId),
    tenantKey: unique((k) => `${k.tenantId}/${k.key}`),
  });
  readonly secrets = new Table<Secret, 'tenant' | 'tenantName'>({
    tenant: multi((s) => s.tenantId),
    tenantName: unique((s) => secretKey(s.tenantId, s.name)),
  });

  constructor() {
    for (const role of builtInRoles) this.roles.put(role);
  }

  table<K extends TableName>(name: K): Table<Rows[K], string> {
    return (this as Tables)[name];
  }

  keyByHash(hash: string): ApiKey | undefined { return this.apiKeys.by('hash', hash); }
  revokedKeyByHash(hash: string): RevokedKey | undefined { return this.revokedKeys.by('hash', hash); }
  tokenByHash(hash: string): ApiToken | undefined { return this.apiTokens.by('hash', hash); }
  user(id: string): User | undefined { return this.users.get(id); }
  tenant(id: string): Tenant | undefined { return this.tenants.get(id); }
  role(id: string): Role | undefined { return this.roles.get(id); }
  membershipOf(userId: string, tenantId: string): Membership | undefined {
    return this.memberships.by('userTenant', membershipKey(userId, tenantId));
  }

  /** The service accounts that belong to a tenant. */
  serviceAccountsOf(tenantId: string): User[] {
    return this.users.allBy('service', 'SERVICE').filter((u) => this.membershipOf(u.id, tenantId) !== undefined);
  }

  /** Replaces everything with `data`; the built-in roles stay. */
  load(data: LoadData): void {
    for (const name of TABLE_NAMES) {
      const rows: RowsIn<Rows[TableName]> = data[name] ?? [];
      if (name === 'users') this.users.fill(rowArray(rows as RowsIn<User>).map(normalizeUser));
      else if (name === 'roles') this.roles.fill([...builtInRoles, ...rowArray(rows as RowsIn<Role>).map(normalizeRole)]);
      else this.table(name).fill(rows as never);
    }
  }

  /**
   * A copy of this state, sharing its rows (which are replaced, never changed in place): a
   * sandbox or a reset starts from a kept pristine state at the cost of copying its maps.
   */
  copy(): State {
    const copy = new State();
    for (const name of TABLE_NAMES) copy.table(name).copyFrom(this.table(name) as never);
    return copy;
  }

  /** The state as plain arrays, without the built-in roles (every emulator has those). */
  export(): TableData {
    const data = {} as TableData;
    for (const name of TABLE_NAMES) {
      const rows = [...this.table(name).all()];
      (data as Record<TableName, unknown[]>)[name] = name === 'roles' ? rows.filter((r) => (r as Role).tenantId !== null) : rows;
    }
    return data;
  }
}
