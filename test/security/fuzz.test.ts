/**
 * Property-based fuzz: random sequences of every query and mutation, with valid and invalid
 * variables, random credentials and tenant headers, key minting and clock jumps, against the
 * real GraphQL endpoint. After every step: no 5xx, no internal error, only the documented error
 * codes, no known key in any response, and the store's invariants hold (hashes unique, keys
 * bound to a tenant their owner belongs or belonged to, every tenant keeps a human admin, and
 * what each fixture caller sees in auth_api_key is exactly what the rules allow).
 *
 * Fixed seed; `FUZZ_RUNS` (default 120) and `FUZZ_SEED` make bigger or different runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/domain/keys.js';
import type { ApiKey as ApiKeyRow } from '../../src/domain/types.js';
import type { StateDocument } from '../../src/store/snapshot.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { bearer, errorCodes, listen, Secrets, unknownKey, type GqlResult, type LiveServer } from './support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
const MAX_STEPS = 30;

const ALLOWED_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST']);
const MANAGE_SA_KEYS = 'read:service-api-key';
const DAY = 86_400_000;

// ---- what a step is made of ---------------------------------------------------------------

type RefKind = 'user' | 'tenant' | 'membership' | 'key' | 'agent' | 'agentConfig' | 'role' | 'self' | 'ownMembership' | 'ownTenant';

/** An index into the ids of a kind of record, resolved when the step runs (so ids made during the run count too). */
class Ref {
  constructor(readonly kind: RefKind, readonly index: number) {}
  toJSON(): string { return `<${this.kind} #${this.index}>`; }
}

type Credential =
  | { kind: 'none' | 'malformed' | 'unknown' | 'token' | 'expired' | 'revoked' }
  | { kind: 'garbage'; text: string }
  | { kind: 'fixture'; ref: string }
  | { kind: 'made'; index: number };

interface GqlStep { kind: 'gql'; op: string; variables: Record<string, unknown>; credential: Credential; tenant: string | undefined; stringVariables: boolean }
interface ClockStep { kind: 'clock'; by: number }
interface MintStep { kind: 'mint'; body: Record<string, unknown> }
interface RawStep { kind: 'raw'; query: string }
type Step = GqlStep | ClockStep | MintStep | RawStep;

const printable = (max: number) => fc.stringMatching(new RegExp(`^[ -~]{0,${max}}$`));

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('x'.repeat(20_000), '\u0000', '\u202e\u0007\u009f', '😀'.repeat(40), "' OR '1'='1", '__proto__', '{"$ne": null}', '%', '_', '2030-01-01T00:00:00', 'P30D'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** Mostly a valid value, sometimes junk, sometimes absent. */
const field = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 24, arbitrary: valid }, { weight: 1, arbitrary: junk }, { weight: 3, arbitrary: fc.constant(undefined) });

/** An optional input field: absent or null half the time. */
const optional = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 2, arbitrary: field(valid) }, fc.constant(undefined), fc.constant(null));

const ref = (kind: RefKind): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 30, arbitrary: fc.nat().map((i) => new Ref(kind, i)) }, { weight: 2, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom('nope', ids.acme.toUpperCase(), '') });

const name = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,30}$/) },
  fc.constantFrom('fuzz key', 'prod agent', 'x', 'n'.repeat(255), 'n'.repeat(256), '  padded  ', 'tab\tname', 'clé 🔑'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const time = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '+05:30')),
  fc.constantFrom('2030-01-01T00:00:00', '2030-01-01', 'tomorrow', '+1d', '', '2030-02-30T00:00:00Z', '9999-12-31T23:59:59Z'),
);
const slug = fc.oneof(fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8})?$/), fc.constantFrom('acme', 'globex', 'Bad Slug', '-x', ''), fc.string({ maxLength: 12 }));
const smallInt = fc.oneof({ weight: 40, arbitrary: fc.integer({ min: 0, max: 30 }) }, fc.integer({ min: -3, max: -1 }), fc.constant(2 ** 31), fc.constant(1.5));

/**
 * LIKE patterns: any text with at most a leading and a trailing %. Patterns of many % are
 * bad-input.test.ts's business: it sends them to a separate emulator process, where a
 * regression to a backtracking matcher fails the test instead of stalling this whole run.
 */
const like = fc.tuple(fc.boolean(), fc.string({ maxLength: 10 }), fc.boolean()).map(([a, s, b]) => `${a ? '%' : ''}${s.replace(/%/g, '')}${b ? '%' : ''}`);

type ColumnType = 'uuid' | 'string' | 'time';

/** One comparison on one column, mostly with a sensible operand (nulls and junk included, rarely). */
const comparison = (type: ColumnType, kind: RefKind): fc.Arbitrary<unknown> => {
  const value = type === 'uuid' ? ref(kind) : type === 'time' ? time : fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('acme', 'globex', 'alice@acme.test'));
  const orNull = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 6, arbitrary: field(arb) }, fc.constant(null));
  const ops: [string, fc.Arbitrary<unknown>][] = [
    ['_eq', orNull(value)], ['_neq', orNull(value)], ['_in', orNull(fc.array(value, { maxLength: 3 }))], ['_nin', orNull(fc.array(value, { maxLength: 3 }))],
    ['_is_null', orNull(fc.boolean())],
  ];
  if (type !== 'uuid') ops.push(['_gt', orNull(value)], ['_lte', orNull(value)]);
  if (type === 'string') ops.push(['_like', orNull(like)], ['_ilike', orNull(like)]);
  return fc.oneof(...ops.map(([op, arb]) => arb.map((v) => ({ [op]: v }))));
};

const whereOf = (columns: Record<string, ColumnType>, kind: RefKind): fc.Arbitrary<unknown> => {
  const kindOf = (c: string): RefKind => (c === 'id' ? kind : c.includes('tenant') ? 'tenant' : c.includes('user') ? 'user' : kind);
  const leaf = fc.constantFrom(...Object.keys(columns)).chain((c) => comparison(columns[c]!, kindOf(c)).map((x) => ({ [c]: x })));
  const tree = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      fc.record({ _and: fc.array(tie('node'), { maxLength: 2 }) }),
      fc.record({ _or: fc.array(tie('node'), { maxLength: 2 }) }),
      fc.record({ _not: tie('node') })),
  }));
  return tree.node;
};
const orderOf = (columns: Record<string, ColumnType>): fc.Arbitrary<unknown> =>
  fc.array(fc.record(Object.fromEntries(Object.keys(columns).map((c) => [c, fc.oneof({ weight: 30, arbitrary: fc.constantFrom('asc', 'desc', 'asc_nulls_first', 'desc_nulls_last', null) }, fc.constant('sideways'))])), { requiredKeys: [] }), { maxLength: 2 });

interface ListOp { field: string; type: string; fields: string; kind: RefKind; columns: Record<string, ColumnType>; order: string[] }
const LISTS: ListOp[] = [
  { field: 'tenant', type: 'tenant', fields: 'id name slug', kind: 'tenant', columns: { id: 'uuid', name: 'string', slug: 'string', created: 'time' }, order: ['id', 'name', 'slug', 'created', 'updated'] },
  { field: 'user', type: 'user', fields: 'id username memberships { id tenant_id role }', kind: 'user', columns: { id: 'uuid', username: 'string', account_type: 'string', created: 'time' }, order: ['id', 'username', 'created'] },
  { field: 'user_view_same_tenant', type: 'user', fields: 'id username account_type default_membership_id memberships { id tenant_id role_detail { name } }', kind: 'user', columns: { id: 'uuid', username: 'string', email: 'string', created: 'time' }, order: ['id', 'username', 'email'] },
  { field: 'auth_role', type: 'auth_role', fields: 'id name tenant_id', kind: 'role', columns: { id: 'uuid', name: 'string', tenant_id: 'uuid' }, order: ['id', 'name', 'tenant_id'] },
  { field: 'auth_api_key', type: 'auth_api_key', fields: 'id name user_id default_tenant_id expires_at created_by { id username }', kind: 'key', columns: { id: 'uuid', user_id: 'uuid', default_tenant_id: 'uuid', name: 'string', expires_at: 'time' }, order: ['id', 'name', 'expires_at', 'created'] },
  { field: 'agent_config', type: 'agent_config', fields: 'id tenant_id name settings', kind: 'agentConfig', columns: { id: 'uuid', tenant_id: 'uuid', name: 'string' }, order: ['id', 'name'] },
  { field: 'agent', type: 'agent', fields: 'id tenant_id name labels', kind: 'agent', columns: { id: 'uuid', name: 'string', type: 'string', last_queried: 'time' }, order: ['id', 'name', 'last_queried'] },
];

const DOCUMENTS: Record<string, string> = {
  hello: 'query { hello }',
  auth_info: 'query { auth_info { user_id tenant_id membership_id role permissions api_token_scope } }',
  tenant_by_pk: 'query($id: uuid!) { tenant_by_pk(id: $id) { id slug } }',
  auth_api_key_by_pk: 'query($id: uuid!) { auth_api_key_by_pk(id: $id) { id name user_id default_tenant_id } }',
  create_api_key: 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key token } }',
  delete_api_key: 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success error } }',
  create_service_account: 'mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }',
  delete_service_account: 'mutation($input: delete_service_account_input!) { delete_service_account(input: $input) { success error } }',
  set_membership_role: 'mutation($input: set_membership_role_input!) { set_membership_role(input: $input) { id } }',
  create_tenant: 'mutation($input: create_tenant_input!) { create_tenant(input: $input) { id } }',
  delete_membership: 'mutation($input: delete_membership_input!) { delete_membership(input: $input) { success error } }',
  register_agent: 'mutation($input: register_agent_input!) { register_agent(input: $input) { id } }',
  update_agent_heartbeat: 'mutation($input: update_agent_heartbeat_input!) { update_agent_heartbeat(input: $input) { success error } }',
  get_runs_in_queue: 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }',
};
for (const l of LISTS) {
  DOCUMENTS[l.field] = `query($w: ${l.type}_bool_exp, $o: [${l.type}_order_by!], $l: Int, $f: Int) { ${l.field}(where: $w, order_by: $o, limit: $l, offset: $f) { ${l.fields} } }`;
}

const input = (shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof({ weight: 20, arbitrary: fc.record(shape).map((i) => ({ input: i })) }, { weight: 1, arbitrary: junk.map((j) => ({ input: j })) }, { weight: 1, arbitrary: fc.constant({}) });

const VARIABLES: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  hello: fc.constant({}),
  auth_info: fc.constant({}),
  tenant_by_pk: fc.record({ id: ref('tenant') }),
  auth_api_key_by_pk: fc.record({ id: ref('key') }),
  create_api_key: input({ user_id: field(fc.oneof(ref('self'), ref('user'))), name: field(name), expires_at: optional(time), default_tenant_id: optional(ref('tenant')) }),
  delete_api_key: input({ key_id: field(ref('key')) }),
  create_service_account: input({ tenant_id: field(fc.oneof(ref('tenant'), ref('ownTenant'))), name: field(name), role_id: optional(ref('role')) }),
  delete_service_account: input({ user_id: field(ref('user')) }),
  set_membership_role: input({ membership_id: field(ref('membership')), role_id: field(ref('role')) }),
  create_tenant: input({ name: field(name), slug: optional(slug) }),
  delete_membership: input({ membership_id: field(fc.oneof(ref('membership'), ref('ownMembership'))) }),
  register_agent: input({ tenant_id: optional(fc.oneof(ref('tenant'), ref('ownTenant'))), type: optional(fc.constantFrom('LocalAgent', 'DockerAgent')), name: optional(name), labels: optional(fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null)), { maxLength: 3 })), agent_config_id: optional(ref('agentConfig')) }),
  update_agent_heartbeat: input({ agent_id: field(ref('agent')) }),
  get_runs_in_queue: input({ tenant_id: optional(fc.oneof(ref('tenant'), ref('ownTenant'))), before: optional(time), labels: optional(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })), agent_id: optional(ref('agent')) }),
};
for (const l of LISTS) {
  VARIABLES[l.field] = fc.record({ w: field(whereOf(l.columns, l.kind)), o: field(orderOf(Object.fromEntries(l.order.map((c) => [c, 'string' as const])))), l: field(smallInt), f: field(smallInt) })
    .map((v) => v as Record<string, unknown>);
}

const FIXTURE_REFS = Object.values(refs);
const credential: fc.Arbitrary<Credential> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...FIXTURE_REFS).map((ref): Credential => ({ kind: 'fixture', ref })) },
  { weight: 4, arbitrary: fc.nat().map((index): Credential => ({ kind: 'made', index })) },
  { weight: 3, arbitrary: fc.constantFrom<Credential>({ kind: 'none' }, { kind: 'malformed' }, { kind: 'unknown' }, { kind: 'token' }, { kind: 'expired' }, { kind: 'revoked' }) },
  { weight: 1, arbitrary: printable(60).map((text): Credential => ({ kind: 'garbage', text })) },
);
const tenantHeader = fc.oneof(
  { weight: 16, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom(ids.acme, ids.globex, ids.acme.toUpperCase(), '') },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: printable(20) },
);

const gqlStep: fc.Arbitrary<Step> = fc.constantFrom(...Object.keys(DOCUMENTS)).chain((op) =>
  fc.record({ variables: VARIABLES[op]!, credential, tenant: tenantHeader, stringVariables: fc.boolean() })
    .map((r): Step => ({ kind: 'gql', op, ...r })));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 20, arbitrary: gqlStep },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 0, max: 2 * DAY }), fc.integer({ min: 0, max: 400 * DAY })).map((by): Step => ({ kind: 'clock', by })) },
  { weight: 2, arbitrary: fc.record({ user_id: field(ref('user')), expires_at: field(fc.constantFrom('+1h', '-1d', '+30d', '2030-01-01T00:00:00Z', 'never')), tenant_id: fc.option(field(ref('tenant')), { nil: undefined }) }).map((body): Step => ({ kind: 'mint', body })) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{ hello', 'query { __schema { types { name } } }', 'mutation { hello }', 'subscription { hello }', '{ auth_api_key { key } }')).map((query): Step => ({ kind: 'raw', query })) },
);

// ---- the run --------------------------------------------------------------------------------

describe('fuzz: random operations against the real endpoint', () => {
  let app: TestApp;
  let server: LiveServer;
  let baseline: StateDocument;
  const secrets = new Secrets();
  const special: Record<'expired' | 'revoked', string> = { expired: '', revoked: '' };
  const stats = { runs: 0, steps: 0, crashes: 0, violations: 0 };
  const examples = new Map<string, string>();
  /** How often each operation ended with each code; FUZZ_VERBOSE=1 prints it. */
  const coverage = new Map<string, number>();

  beforeAll(async () => {
    app = await createTestApp();
    server = await listen(app.handler);
    for (const k of app.main.fixtureKeys) secrets.add(`key ${k.ref}`, k.key);
    secrets.add('deprecated token', 'legacy-acme-tenant-token-0000');
    secrets.add('unknown key', unknownKey());
    await app.control('post', '/clock/freeze', {});
    const expired = await app.main.mintKey({ user_id: ids.bob, name: 'fuzz expired', expires_at: '-1d' });
    const revoked = await app.main.mintKey({ user_id: ids.bob, name: 'fuzz revoked' });
    const del = await server.gql({ query: DOCUMENTS.delete_api_key!, variables: { input: { key_id: revoked.id } }, authorization: bearer(app.key(refs.bob)) });
    if (del.body.data?.delete_api_key === undefined || (del.body.data.delete_api_key as { success: boolean }).success !== true) throw new Error('fuzz setup: could not revoke');
    special.expired = expired.key;
    special.revoked = revoked.key;
    secrets.add('expired key', expired.key);
    secrets.add('revoked key', revoked.key);
    baseline = app.main.exportSnapshot();
  });

  afterAll(async () => {
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`${[...coverage.entries()].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')}\n`);
    process.stdout.write(`fuzz: ${stats.runs} runs, ${stats.steps} steps, ${stats.crashes} crashes, ${stats.violations} invariant violations\n`);
    await server?.close();
    await app?.close();
  });

  it(`holds every invariant over ${RUNS} random runs (seed ${SEED})`, async () => {
    const report = (kind: 'crash' | 'violation', signature: string, detail: string): void => {
      if (kind === 'crash') stats.crashes += 1;
      else stats.violations += 1;
      const key = `${kind}: ${signature}`;
      if (!examples.has(key)) examples.set(key, secrets.redact(detail).slice(0, 800));
    };

    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: MAX_STEPS, size: 'max' }), async (steps) => {
      stats.runs += 1;
      await app.main.importSnapshot(baseline);
      const made: { id: string; key: string }[] = [];
      // Every (user, tenant) pair that has had a membership during the run.
      const everMember = new Set<string>();
      const notePairs = (): void => {
        for (const m of app.main.store.state.memberships.all()) everMember.add(`${m.userId}/${m.tenantId}`);
      };
      notePairs();

      let current: StateDocument['tables'] | null = null;
      const pool = (kind: RefKind): string[] => {
        current ??= app.main.exportSnapshot().tables;
        const t = current;
        const b = baseline.tables;
        const idsOf = (rows: { id: string }[]): string[] => [...new Set(rows.map((r) => r.id))];
        switch (kind) {
          case 'user': return idsOf([...b.users, ...t.users]);
          case 'tenant': return idsOf([...b.tenants, ...t.tenants]);
          case 'membership': return idsOf([...b.memberships, ...t.memberships]);
          case 'key': return idsOf([...b.apiKeys, ...t.apiKeys, ...b.revokedKeys]);
          case 'agent': return idsOf([...b.agents, ...t.agents]);
          case 'agentConfig': return idsOf([...b.agentConfigs, ...t.agentConfigs]);
          case 'self': case 'ownMembership': case 'ownTenant': return [];
          case 'role': return ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000005', ...idsOf(t.roles)];
        }
      };
      /** The key the current step calls with, for the `self` refs. */
      let caller: string | undefined;
      const callerKey = (): ApiKeyRow | undefined => (caller ? app.main.store.state.keyByHash(hashSecret(caller)) : undefined);
      const resolve = (value: unknown): unknown => {
        if (value instanceof Ref && (value.kind === 'self' || value.kind === 'ownMembership' || value.kind === 'ownTenant')) {
          const row = callerKey();
          if (!row) return ids.bob;
          if (value.kind === 'self') return row.userId;
          if (value.kind === 'ownTenant') return row.tenantId;
          return app.main.store.state.membershipOf(row.userId, row.tenantId)?.id ?? ids.bob;
        }
        if (value instanceof Ref) {
          const ids = pool(value.kind);
          return ids.length === 0 ? '00000000-0000-4000-8000-00000000dead' : ids[value.index % ids.length];
        }
        if (Array.isArray(value)) return value.map(resolve);
        if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
        return value;
      };
      const authorization = (c: Credential): { header?: string; label: string } => {
        switch (c.kind) {
          case 'none': return { label: 'no header' };
          case 'malformed': return { header: `Token ${app.key(refs.bob)}`, label: 'malformed header' };
          case 'unknown': return { header: bearer(unknownKey()), label: 'unknown key' };
          case 'token': return { header: bearer('legacy-acme-tenant-token-0000'), label: 'deprecated token' };
          case 'expired': return { header: bearer(special.expired), label: 'expired key' };
          case 'revoked': return { header: bearer(special.revoked), label: 'revoked key' };
          case 'garbage': return { header: c.text, label: 'garbage header' };
          case 'fixture': return { header: bearer(app.key(c.ref)), label: c.ref };
          case 'made': {
            if (made.length === 0) return { header: bearer(app.key(refs.bob)), label: 'acme-user (no key made yet)' };
            return { header: bearer(made[c.index % made.length]!.key), label: `key made in this run #${c.index % made.length}` };
          }
        }
      };
      const remember = (label: string, key: unknown, id: unknown): void => {
        if (typeof key !== 'string' || typeof id !== 'string') return;
        made.push({ id, key });
        secrets.add(label, key);
      };

      /** Response-level checks: status, codes, no known key other than the one just made. */
      /** `what` names the operation (it groups findings); `context` says what exactly was sent. */
      const checkResponse = (what: string, context: string, status: number, text: string, codes: string[], fresh: string | null): void => {
        const detail = `${context}\n    answered ${text}`;
        if (status >= 500) report('crash', `${what} → HTTP ${status}`, detail);
        for (const code of codes) {
          if (code === 'INTERNAL_SERVER_ERROR') report('crash', `${what} → INTERNAL_SERVER_ERROR`, detail);
          else if (!ALLOWED_CODES.has(code)) report('violation', `${what} → error code ${code}`, detail);
        }
        if (text.includes('Unexpected error.') && !codes.includes('INTERNAL_SERVER_ERROR')) report('crash', `${what} → "Unexpected error."`, detail);
        const leaked = secrets.scan(fresh ? text.split(fresh).join('') : text);
        if (leaked.length > 0) report('violation', `${what} → response carries a known key`, `${context}: ${leaked.join(', ')}`);
      };

      /** The store's invariants, from its own tables. */
      const checkStore = (after: string): void => {
        const t = app.main.exportSnapshot().tables;
        const users = new Map(t.users.map((u) => [u.id, u]));
        const hashes = new Set<string>();
        for (const h of [...t.apiKeys.map((k) => k.keyHash), ...t.revokedKeys.map((k) => k.keyHash), ...t.apiTokens.map((k) => k.tokenHash)]) {
          if (hashes.has(h)) report('violation', 'two stored keys share a hash', after);
          hashes.add(h);
        }
        for (const k of t.apiKeys) {
          if (!users.has(k.userId)) report('violation', 'a key whose owner no longer exists', `${after}: key ${k.id}`);
          const pair = `${k.userId}/${k.tenantId}`;
          if (!everMember.has(pair)) report('violation', 'a key bound to a tenant its owner never belonged to', `${after}: key ${k.id}`);
        }
        for (const u of t.users) {
          if (u.accountType === 'SERVICE' && t.memberships.filter((m) => m.userId === u.id).length !== 1) {
            report('violation', 'a service account without exactly one membership', `${after}: ${u.id}`);
          }
        }
        for (const tenant of t.tenants) {
          const admins = t.memberships.filter((m) => m.tenantId === tenant.id && m.roleId === '00000000-0000-4000-8000-000000000001' && users.get(m.userId)?.accountType === 'USER');
          if (admins.length === 0) report('violation', 'a tenant left without a human admin', `${after}: ${tenant.slug}`);
        }
      };

      /** What each fixture key (and the first keys made) sees in auth_api_key is exactly what the rules allow. */
      const checkVisibility = async (after: string): Promise<void> => {
        const state = app.main.store.state;
        const now = app.main.clock.now();
        const callers = [...FIXTURE_REFS.map((r) => ({ label: r, key: app.key(r) })), ...made.slice(0, 2).map((m, i) => ({ label: `made #${i}`, key: m.key }))];
        await Promise.all(callers.map(async ({ label, key }) => {
          const row = state.keyByHash(hashSecret(key));
          const membership = row ? state.membershipOf(row.userId, row.tenantId) : undefined;
          const role = membership ? state.role(membership.roleId) : undefined;
          const valid = row !== undefined && (row.expiresAt === null || Date.parse(row.expiresAt) > now) && role !== undefined;
          const res = await server.gql({ query: 'query { auth_api_key { id user_id default_tenant_id } }', authorization: bearer(key) });
          checkResponse(`auth_api_key as ${label}`, after, res.status, res.text, errorCodes(res.body), null);
          if (!valid) {
            if (!errorCodes(res.body).includes('UNAUTHENTICATED')) report('violation', `a key that should no longer work still works (${label})`, after);
            return;
          }
          const expected = [...state.apiKeys.all()].filter((k) => k.userId === row!.userId
            || (state.user(k.userId)?.accountType === 'SERVICE' && k.tenantId === row!.tenantId && role!.permissions.includes(MANAGE_SA_KEYS)));
          const got = (res.body.data?.auth_api_key ?? null) as { id: string; user_id: string; default_tenant_id: string }[] | null;
          if (!got) {
            report('violation', `a working key cannot list its keys (${label})`, `${after}: ${res.text}`);
            return;
          }
          const want = new Set(expected.map((k) => k.id));
          const extra = got.filter((k) => !want.has(k.id));
          const missing = expected.filter((k) => !got.some((g) => g.id === k.id));
          if (extra.length > 0) report('violation', `auth_api_key shows keys the rules hide (${label})`, `${after}: ${extra.map((k) => k.id).join(', ')}`);
          if (missing.length > 0) report('violation', `auth_api_key misses keys the rules show (${label})`, `${after}: ${missing.map((k) => k.id).join(', ')}`);
          if (got.length !== expected.length) report('violation', `auth_api_key count differs from the store (${label})`, after);
          for (const g of got) {
            const stored = state.apiKeys.get(g.id);
            if (stored && (stored.userId !== g.user_id || stored.tenantId !== g.default_tenant_id)) report('violation', 'auth_api_key misreports a key', after);
          }
        }));
      };

      for (const [i, s] of steps.entries()) {
        stats.steps += 1;
        current = null;
        let description: string;
        try {
          if (s.kind === 'gql') {
            const auth = authorization(s.credential);
            caller = auth.header?.replace(/^Bearer /, '');
            const variables = resolve(s.variables) as Record<string, unknown>;
            description = `step ${i}: ${s.op} as ${auth.label}${s.tenant !== undefined ? ` (tenant header ${JSON.stringify(s.tenant)})` : ''} with ${JSON.stringify(variables).slice(0, 300)}`;
            const res: GqlResult = await server.gql({
              query: DOCUMENTS[s.op]!, variables, stringVariables: s.stringVariables,
              ...(auth.header !== undefined ? { authorization: auth.header } : {}), ...(s.tenant !== undefined ? { tenant: s.tenant } : {}),
            });
            const outcome = `${s.op} ${errorCodes(res.body)[0] ?? 'ok'}`;
            coverage.set(outcome, (coverage.get(outcome) ?? 0) + 1);
            const created = s.op === 'create_api_key' ? (res.body.data?.create_api_key as { id?: unknown; key?: unknown } | null | undefined) : undefined;
            checkResponse(s.op, description, res.status, res.text, errorCodes(res.body), typeof created?.key === 'string' ? created.key : null);
            if (res.status !== 200) report('violation', `${s.op} → HTTP ${res.status} for a well-formed request`, `${description}: ${res.text}`);
            if (created) remember(`key made in run ${stats.runs} step ${i}`, created.key, created.id);
          } else if (s.kind === 'clock') {
            description = `step ${i}: clock advance by ${s.by} ms`;
            const res = await app.control('post', '/clock/advance', { by: s.by });
            checkResponse('clock/advance', description, res.status, res.text, res.status >= 400 ? [String(res.body?.error?.code)] : [], null);
          } else if (s.kind === 'mint') {
            const body = resolve(s.body) as Record<string, unknown>;
            description = `step ${i}: mint ${JSON.stringify(body)}`;
            const res = await app.control('post', '/keys', body);
            const fresh = typeof res.body?.key === 'string' ? (res.body.key as string) : null;
            checkResponse('mint', description, res.status, res.text, res.status >= 400 ? [String(res.body?.error?.code)] : [], fresh);
            if (res.status === 201) remember(`key minted in run ${stats.runs} step ${i}`, res.body.key, res.body.id);
          } else {
            description = `step ${i}: raw query ${JSON.stringify(s.query)}`;
            const res = await server.gql({ query: s.query, authorization: bearer(app.key(refs.aliceAdmin)) });
            checkResponse('raw query', description, res.status, res.text, errorCodes(res.body), null);
          }
        } catch (error) {
          report('crash', `step threw: ${(error as Error).message.slice(0, 80)}`, String(error));
          continue;
        }
        notePairs();
        checkStore(description);
        await checkVisibility(description);
      }
      return true;
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true });

    expect([...examples.entries()].map(([k, v]) => `${k}\n    e.g. ${v}`)).toEqual([]);
    expect(stats.crashes).toBe(0);
    expect(stats.violations).toBe(0);
  }, 600_000);
});
