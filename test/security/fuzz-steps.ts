/**
 * The fuzz suite's steps: arbitraries for every operation's variables (valid, invalid and junk),
 * credentials, tenant headers, clock jumps, key minting and raw queries.
 */
import fc from 'fast-check';
import { ids, refs } from '../helpers/world.js';

const DAY = 86_400_000;

// ---- what a step is made of ---------------------------------------------------------------

export type RefKind = 'user' | 'tenant' | 'membership' | 'key' | 'agent' | 'agentConfig' | 'role' | 'self' | 'ownMembership' | 'ownTenant';

/** An index into the ids of a kind of record, resolved when the step runs (so ids made during the run count too). */
export class Ref {
  constructor(readonly kind: RefKind, readonly index: number) {}
  toJSON(): string { return `<${this.kind} #${this.index}>`; }
}

export type Credential =
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

export const DOCUMENTS: Record<string, string> = {
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

export const FIXTURE_REFS = Object.values(refs);
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
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 20, arbitrary: gqlStep },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 0, max: 2 * DAY }), fc.integer({ min: 0, max: 400 * DAY })).map((by): Step => ({ kind: 'clock', by })) },
  { weight: 2, arbitrary: fc.record({ user_id: field(ref('user')), expires_at: field(fc.constantFrom('+1h', '-1d', '+30d', '2030-01-01T00:00:00Z', 'never')), tenant_id: fc.option(field(ref('tenant')), { nil: undefined }) }).map((body): Step => ({ kind: 'mint', body })) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{ hello', 'query { __schema { types { name } } }', 'mutation { hello }', 'subscription { hello }', '{ auth_api_key { key } }')).map((query): Step => ({ kind: 'raw', query })) },
);
