/**
 * Runs every cell of matrix-table.ts against the real GraphQL endpoint. For each cell it checks
 * the outcome, scans the response for anything the caller must not see, checks that a refused
 * mutation (and any query) left the state exactly as it was, and that a target the caller may
 * not see is answered exactly like one that does not exist.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchema } from '../../src/graphql/schema.js';
import { sessionMutations } from '../../src/graphql/resolvers/sessions.js';
import {
  CALLER_NAMES, CALLERS, cells, expected, grid, hidden, OPERATIONS, TARGETS,
  type CallerName, type Operation, type Outcome, type Target,
} from './matrix-table.js';
import { errorCodes, redacting, Secrets, type LiveGqlResult } from './helpers.js';
import { PROBES } from './matrix-probes.js';
import { buildWorld, type World } from './world.js';
import { FLOW_OPERATIONS } from './flow-matrix-table.js';



/** What one response amounts to, in the table's terms (or a description of something else). */
const outcomeOf = (operation: Operation, res: LiveGqlResult): string => {
  if (res.status !== 200) return `HTTP ${res.status}`;
  const codes = [...new Set(errorCodes(res.body))];
  if (codes.length > 1) return `mixed errors ${codes.join(',')}`;
  if (codes.length === 1) return codes[0] === 'NOT_FOUND' ? 'not-found' : codes[0]!;
  return PROBES[operation].classify(res.body.data?.hit);
};

/**
 * What a caller must never see, by the table's rules (computed from the state, not from the
 * code under test): every key and token and hash; records of tenants it is not a member of;
 * people and service accounts outside its key's tenant; other people's keys; service-account
 * keys unless it is an admin; other tenants' memberships, agents, configs and roles.
 */
const forbiddenFor = (world: World, caller: CallerName): Secrets => {
  const out = new Secrets();
  for (const [value, label] of world.secrets.entries()) out.add(label, value);
  const kind = CALLERS[caller];
  const authed = kind.auth === 'key';
  const me = world.principals[world.credentials[caller].perspective];
  const t = world.baseline.tables;
  const homeId = world.tenants[me.home].id;
  const isAdmin = authed && 'role' in kind && kind.role === 'TENANT_ADMIN';
  const memberOf = new Set(authed ? t.memberships.filter((m) => m.userId === me.userId).map((m) => m.tenantId) : []);
  const inHome = new Set(t.memberships.filter((m) => m.tenantId === homeId).map((m) => m.userId));
  const users = new Map(t.users.map((u) => [u.id, u]));
  for (const tenant of t.tenants) {
    if (memberOf.has(tenant.id)) continue;
    out.add(`tenant ${tenant.slug}: id`, tenant.id);
    out.add(`tenant ${tenant.slug}: slug`, JSON.stringify(tenant.slug));
    out.add(`tenant ${tenant.slug}: name`, JSON.stringify(tenant.name));
  }
  for (const u of t.users) {
    const visible = (authed && (u.id === me.userId || inHome.has(u.id))) || (kind.auth === 'token' && u.id === me.userId);
    if (visible) continue;
    out.add(`user ${u.username}: id`, u.id);
    out.add(`user ${u.username}: username`, u.username);
  }
  for (const m of t.memberships) {
    if (authed && (m.userId === me.userId || m.tenantId === homeId)) continue;
    out.add(`membership ${m.id} of ${users.get(m.userId)?.username ?? m.userId}`, m.id);
  }
  for (const k of t.apiKeys) {
    const owner = users.get(k.userId);
    const visible = authed && (k.userId === me.userId || (owner?.accountType === 'SERVICE' && k.tenantId === homeId && isAdmin));
    if (visible) continue;
    out.add(`key "${k.name}": id`, k.id);
    out.add(`key "${k.name}": name`, JSON.stringify(k.name));
  }
  for (const k of t.revokedKeys) out.add(`revoked key ${k.id}`, k.id);
  for (const a of t.agents) if (!authed || a.tenantId !== homeId) { out.add(`agent "${a.name}": id`, a.id); if (a.name) out.add(`agent "${a.name}": name`, JSON.stringify(a.name)); }
  for (const c of t.agentConfigs) if (!authed || c.tenantId !== homeId) out.add(`agent config ${c.id}`, c.id);
  for (const r of t.roles) if (!authed || r.tenantId !== homeId) { out.add(`role ${r.name}: id`, r.id); out.add(`role ${r.name}: name`, JSON.stringify(r.name)); }
  const doomed = world.principals.doomed;
  out.add('deleted service account: id', doomed.userId);
  out.add('deleted service account: membership', doomed.membershipId);
  return out;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The response with every id the request named replaced by its variable path, so targets can be compared. */
const normalize = (text: string, variables: unknown, path = '$'): string => {
  if (typeof variables === 'string') return UUID.test(variables) ? text.split(variables).join(`<${path}>`) : text;
  if (variables === null || typeof variables !== 'object') return text;
  let out = text;
  for (const [k, v] of Object.entries(variables)) out = normalize(out, v, `${path}.${k}`);
  return out;
};

const QUERIES = new Set<Operation>(OPERATIONS.filter((op) => !PROBES[op].query.startsWith('mutation')));

describe('authorization matrix', () => {
  let world: World;
  const forbidden = new Map<CallerName, Secrets>();
  let tried = 0;
  let passed = 0;
  let leaks = 0;
  let counter = 0;

  beforeAll(async () => {
    world = await buildWorld();
    for (const caller of CALLER_NAMES) forbidden.set(caller, forbiddenFor(world, caller));
  });

  afterAll(async () => {
    process.stdout.write(`authorization matrix: ${tried} cells tried, ${passed} passed, ${leaks} leaks found\n`);
    await world?.close();
    expect(leaks).toBe(0);
    expect(passed).toBe(tried);
    expect(tried).toBe(cells().length);
  });

  it('covers every query and mutation of schema.graphql', () => {
    const schema = loadSchema();
    // The UI's session mutations take their own tokens, not the caller's key: test/integration/sessions.test.ts covers them.
    const sessions = new Set(Object.keys(sessionMutations));
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].filter((f) => !sessions.has(f));
    // The flow operations have their own matrix (flow-matrix-table.ts).
    expect([...OPERATIONS, ...FLOW_OPERATIONS].sort()).toEqual(fields.sort());
    expect(cells()).toHaveLength(OPERATIONS.length * CALLER_NAMES.length * TARGETS.length);
  });

  it('is shown as it is in test/security/README.md', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    expect(readme.includes(grid()), 'regenerate the grid in README.md from matrix-table.ts').toBe(true);
  });

  it('expects every hidden target to be answered like a nonexistent one', () => {
    const inconsistent = cells().filter((c) => hidden(c.operation, c.caller, c.target) && c.outcome !== expected(c.operation, c.caller, 'none'));
    expect(inconsistent).toEqual([]);
  });

  it('builds the world the table describes: each working key acts with the role the table gives it', async () => {
    await redacting(world.secrets, async () => {
      for (const caller of CALLER_NAMES) {
        const kind = CALLERS[caller];
        const cred = world.credentials[caller];
        const res = await world.server.gql({ query: 'query { auth_info { user_id tenant_id role } user { account_type } }', ...cred });
        if (kind.auth !== 'key') {
          expect(errorCodes(res.body), caller).toContain('UNAUTHENTICATED');
          continue;
        }
        const me = world.principals[cred.perspective];
        expect(res.body.data?.auth_info, caller).toEqual({ user_id: me.userId, tenant_id: world.tenants[me.home].id, role: kind.role });
        expect(res.body.data?.user, caller).toEqual([{ account_type: kind.account === 'service' ? 'SERVICE' : 'USER' }]);
      }
    });
  });

  describe.each(OPERATIONS)('%s', (operation) => {
    it.each(CALLER_NAMES)('× %s × every target', async (caller) => {
      const failures = await redacting(world.secrets, async () => {
        const problems: string[] = [];
        const cred = world.credentials[caller];
        const bundles = world.targets(cred.perspective);
        const probe = PROBES[operation];
        const baseline = world.tablesText();
        const bodies = new Map<Target, string>();
        const cellOk = new Map<Target, boolean>();
        // `none` first: every target the caller may not see is compared with it.
        for (const target of ['none', 'own', 'human', 'sa', 'other'] as const satisfies readonly Target[]) {
          tried += 1;
          counter += 1;
          const want: Outcome = expected(operation, caller, target);
          const bundle = bundles[target];
          const now = new Date(world.app.main.clock.now()).toISOString();
          const variables = probe.variables(bundle, counter, now);
          const res = await world.server.gql({ query: probe.query, variables, ...cred });
          const name = `${operation} × ${caller} × ${target}`;
          let ok = true;
          const got = outcomeOf(operation, res);
          if (got !== want) {
            ok = false;
            const first = res.body.errors?.[0];
            problems.push(`${name}: expected ${want}, got ${got}${first ? ` (${first.message})` : ''}`);
          }
          const found = forbidden.get(caller)!.scan(res.text, res.sent);
          if (found.length > 0) {
            ok = false;
            leaks += found.length;
            problems.push(`${name}: response carries ${found.join('; ')}`);
          }
          if (operation === 'auth_info' && want === 'data') {
            const me = world.principals[cred.perspective];
            const info = res.body.data?.hit as { user_id?: string; tenant_id?: string | null } | undefined;
            const tenantId = CALLERS[caller].auth === 'token' ? null : world.tenants[me.home].id;
            if (info?.user_id !== me.userId || info?.tenant_id !== tenantId) {
              ok = false;
              problems.push(`${name}: auth_info names the wrong user or tenant`);
            }
          }
          const after = world.tablesText();
          if (after !== baseline) {
            if (want !== 'data' || QUERIES.has(operation)) {
              ok = false;
              problems.push(`${name}: a ${want === 'data' ? 'query' : 'refused call'} changed the state`);
            }
            await world.restore();
          }
          bodies.set(target, normalize(res.text, variables));
          cellOk.set(target, ok);
        }
        for (const target of TARGETS) {
          if (target === 'none' || !hidden(operation, caller, target) || expected(operation, caller, target) === 'data') continue;
          if (bodies.get(target) !== bodies.get('none')) {
            cellOk.set(target, false);
            problems.push(`${operation} × ${caller} × ${target}: answered differently from a nonexistent target`);
          }
        }
        passed += [...cellOk.values()].filter(Boolean).length;
        return problems;
      });
      expect(failures).toEqual([]);
    });
  });
});
