/**
 * Runs every cell of flow-matrix-table.ts against the real GraphQL endpoint: the outcome, that
 * a refused mutation changed nothing, and that another tenant's record is answered exactly like
 * one that does not exist.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type GqlResult, type TestApp } from '../helpers/app.js';
import { compress, MUTATIONS, ok, seedRun, state, twoTaskFlow } from '../flows/helpers.js';
import {
  FLOW_CALLER_NAMES, FLOW_CALLERS, FLOW_MUTATIONS, FLOW_OPERATIONS, FLOW_QUERIES, FLOW_TARGETS, flowExpected,
  type FlowCallerName, type FlowOperation, type FlowOutcome, type FlowTarget,
} from './flow-matrix-table.js';

interface Bundle { tenantId: string; projectId: string; flowId: string; flowGroupId: string; runId: string; taskRunId: string; taskId: string; logId: string; secretName: string; keyValueId: string }
type Classified = 'data' | 'not-found' | 'unexpected';

const list = (field: string, fields = 'id'): Probe => ({
  query: `query($t: uuid!) { hit: ${field}(where: {id: {_eq: $t}}) { ${fields} } }`, vars: (b) => ({ t: pickFor(field, b) }),
  classify: (hit) => (Array.isArray(hit) ? (hit.length > 0 ? 'data' : 'not-found') : 'unexpected'),
});
const byPk = (field: string, arg = 'id'): Probe => ({
  query: `query($t: uuid!) { hit: ${field}(${arg}: $t) { id } }`, vars: (b) => ({ t: pickFor(field, b) }),
  classify: (hit) => (hit === null ? 'not-found' : typeof hit === 'object' ? 'data' : 'unexpected'),
});
const pickFor = (field: string, b: Bundle): string => {
  if (field.startsWith('project')) return b.projectId;
  if (field.startsWith('flow_group')) return b.flowGroupId;
  if (field.startsWith('flow_run')) return b.runId;
  if (field.startsWith('flow')) return b.flowId;
  if (field === 'task' || field === 'task_by_pk') return b.taskId;
  if (field === 'log') return b.logId;
  if (field === 'key_value') return b.keyValueId;
  return b.taskRunId;
};

interface Probe { query: string; vars: (b: Bundle) => Record<string, unknown>; classify: (hit: unknown, b: Bundle) => Classified }
const withId = (hit: unknown): Classified => (typeof (hit as { id?: unknown } | null)?.id === 'string' ? 'data' : 'unexpected');
const success = (hit: unknown): Classified => {
  const s = (hit as { success?: unknown } | null)?.success;
  return s === true ? 'data' : s === false ? 'not-found' : 'unexpected';
};
const m = (field: string, inputType: string, payload: string, input: (b: Bundle) => Record<string, unknown>, classify: Probe['classify']): Probe => ({
  query: `mutation($input: ${inputType}!) { hit: ${field}(input: $input) { ${payload} } }`, vars: (b) => ({ input: input(b) }), classify,
});
const flowInput = (b: Bundle) => ({ flow_id: b.flowId });
const runInput = (b: Bundle) => ({ flow_run_id: b.runId });

const PROBES: Record<FlowOperation, Probe> = {
  project: list('project'), project_by_pk: byPk('project_by_pk'), flow: list('flow'), flow_by_pk: byPk('flow_by_pk'),
  flow_group: list('flow_group'), flow_group_by_pk: byPk('flow_group_by_pk'), flow_run: list('flow_run'), flow_run_by_pk: byPk('flow_run_by_pk'),
  task: list('task'), task_by_pk: byPk('task_by_pk'),
  task_run: list('task_run'), task_run_by_pk: byPk('task_run_by_pk'), get_task_run_info: byPk('get_task_run_info', 'task_run_id'), log: list('log'),
  create_project: m('create_project', 'create_project_input', 'id', (b) => ({ name: `matrix ${randomUUID()}`, tenant_id: b.tenantId }), withId),
  delete_project: m('delete_project', 'delete_project_input', 'success', (b) => ({ project_id: b.projectId }), success),
  create_flow_from_compressed_string: m('create_flow_from_compressed_string', 'create_flow_from_compressed_string_input', 'id',
    (b) => ({ project_id: b.projectId, serialized_flow: compress(twoTaskFlow('matrix-flow')) }), withId),
  create_flow: m('create_flow', 'create_flow_input', 'id', (b) => ({ project_id: b.projectId, serialized_flow: twoTaskFlow('matrix-flow') }), withId),
  register_tasks: m('register_tasks', 'register_tasks_input', 'success', (b) => ({ flow_id: b.flowId, serialized_tasks: [{ slug: 'third-1', name: 'third' }] }), success),
  register_edges: m('register_edges', 'register_edges_input', 'success', (b) => ({ flow_id: b.flowId, serialized_edges: [{ upstream_task: { slug: 'first-1' } }] }), success),
  set_schedule_active: m('set_schedule_active', 'set_schedule_active_input', 'success', flowInput, success),
  set_schedule_inactive: m('set_schedule_inactive', 'set_schedule_inactive_input', 'success', flowInput, success),
  archive_flow: m('archive_flow', 'archive_flow_input', 'success', flowInput, success),
  unarchive_flow: m('unarchive_flow', 'unarchive_flow_input', 'success', flowInput, success),
  delete_flow: m('delete_flow', 'delete_flow_input', 'success', flowInput, success),
  set_flow_group_labels: m('set_flow_group_labels', 'set_flow_group_labels_input', 'success', (b) => ({ flow_group_id: b.flowGroupId, labels: ['x'] }), success),
  create_flow_run: m('create_flow_run', 'create_flow_run_input', 'id', flowInput, withId),
  set_flow_run_states: m('set_flow_run_states', 'set_flow_run_states_input', 'states { id status }',
    (b) => ({ states: [{ flow_run_id: b.runId, version: null, state: state('Running') }] }), withStates),
  set_task_run_states: m('set_task_run_states', 'set_task_run_states_input', 'states { id status }',
    (b) => ({ states: [{ task_run_id: b.taskRunId, version: null, state: state('Running') }] }), withStates),
  get_or_create_task_run_info: m('get_or_create_task_run_info', 'get_or_create_task_run_info_input', 'id version',
    (b) => ({ flow_run_id: b.runId, task_id: b.taskId, map_index: -1 }), withId),
  update_flow_run_heartbeat: m('update_flow_run_heartbeat', 'update_flow_run_heartbeat_input', 'success', runInput, success),
  cancel_flow_run: m('cancel_flow_run', 'cancel_flow_run_input', 'state', runInput, (hit) => (typeof (hit as { state?: unknown } | null)?.state === 'string' ? 'data' : 'unexpected')),
  set_flow_run_name: m('set_flow_run_name', 'set_flow_run_name_input', 'success', (b) => ({ flow_run_id: b.runId, name: 'renamed' }), success),
  set_task_run_name: m('set_task_run_name', 'set_task_run_name_input', 'success', (b) => ({ task_run_id: b.taskRunId, name: 'renamed' }), success),
  delete_flow_run: m('delete_flow_run', 'delete_flow_run_input', 'success', runInput, success),
  write_run_logs: m('write_run_logs', 'write_run_logs_input', 'success', (b) => ({ logs: [{ flow_run_id: b.runId, message: 'matrix' }] }), success),
  secret_names: {
    query: 'query { hit: secret_names }', vars: () => ({}),
    classify: (hit, b) => (Array.isArray(hit) ? (hit.includes(b.secretName) ? 'data' : 'not-found') : 'unexpected'),
  },
  secret_value: { query: 'query($n: String!) { hit: secret_value(name: $n) }', vars: (b) => ({ n: b.secretName }), classify: (hit) => (hit === null ? 'unexpected' : 'data') },
  set_secret: m('set_secret', 'set_secret_input', 'success', () => ({ name: `matrix ${randomUUID()}`, value: { v: 1 } }), success),
  delete_secret: m('delete_secret', 'delete_secret_input', 'success', (b) => ({ name: b.secretName }), success),
  key_value: list('key_value'),
  set_key_value: m('set_key_value', 'set_key_value_input', 'id', () => ({ key: `matrix ${randomUUID()}`, value: [1, 2] }), withId),
  delete_key_value: m('delete_key_value', 'delete_key_value_input', 'success', (b) => ({ key_value_id: b.keyValueId }), success),
};
function withStates(hit: unknown): Classified {
  return Array.isArray((hit as { states?: unknown } | null)?.states) ? 'data' : 'unexpected';
}

interface World { app: TestApp; bundles: Record<'acme' | 'globex' | 'none', Bundle>; revoked: string }

const seedTenant = async (app: TestApp, ref: string, tenantId: string): Promise<Bundle> => {
  const key = app.key(ref);
  const { projectId, flowId, runId } = await seedRun(app, key);
  const { state: s } = app.main.store;
  const run = s.flowRuns.get(runId)!;
  const taskRun = s.taskRuns.allBy('flowRun', runId)[0]!;
  ok(await app.gql(MUTATIONS.logs, { key, variables: { input: { logs: [{ flow_run_id: runId, message: 'seed' }] } } }), 'write_run_logs');
  const secretName = `matrix-secret-${ref}`;
  ok(await app.gql('mutation($input: set_secret_input!) { set_secret(input: $input) { success } }', { key, variables: { input: { name: secretName, value: 'matrix-secret-value' } } }), 'set_secret');
  const keyValueId = ok(await app.gql('mutation($input: set_key_value_input!) { set_key_value(input: $input) { id } }', { key, variables: { input: { key: 'matrix-kv', value: { ref } } } }), 'set_key_value').id as string;
  return { tenantId, projectId, flowId, flowGroupId: run.flowGroupId, runId, taskRunId: taskRun.id, taskId: taskRun.taskId, logId: s.runLogs.allBy('flowRun', runId)[0]!.id, secretName, keyValueId };
};

const buildWorld = async (): Promise<World> => {
  const app = await createTestApp();
  const acme = await seedTenant(app, 'acme-tenant-admin', '11111111-1111-4111-8111-111111111111');
  const globex = await seedTenant(app, 'globex-tenant-admin', '22222222-2222-4222-8222-222222222222');
  const none: Bundle = { tenantId: randomUUID(), projectId: randomUUID(), flowId: randomUUID(), flowGroupId: randomUUID(), runId: randomUUID(), taskRunId: randomUUID(), taskId: randomUUID(), logId: randomUUID(), secretName: 'no-such-secret', keyValueId: randomUUID() };
  const revoked = (await app.main.mintKey({ user_id: '1b1b1b1b-0000-4000-8000-000000000001' }));
  await app.gql('mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', { key: revoked.key, variables: { input: { key_id: revoked.id } } });
  return { app, bundles: { acme, globex, none }, revoked: revoked.key };
};

const bundleFor = (world: World, caller: FlowCallerName, target: FlowTarget): Bundle => {
  const home = caller === 'otherTenantAdmin' ? 'globex' : 'acme';
  if (target === 'none') return world.bundles.none;
  return world.bundles[target === 'home' ? home : home === 'acme' ? 'globex' : 'acme'];
};

const call = (world: World, caller: FlowCallerName, operation: FlowOperation, bundle: Bundle): Promise<GqlResult> => {
  const kind = FLOW_CALLERS[caller];
  const probe = PROBES[operation];
  const key = caller === 'revokedKey' ? world.revoked : kind.ref ? world.app.key(kind.ref) : undefined;
  return world.app.gql(probe.query, { ...(key ? { key } : {}), variables: probe.vars(bundle) });
};

const outcomeOf = (operation: FlowOperation, res: GqlResult, bundle: Bundle): FlowOutcome | 'unexpected' => {
  const code = res.body.errors?.[0]?.extensions?.code;
  if (code === 'NOT_FOUND') return 'not-found';
  if (code) return code as FlowOutcome;
  return PROBES[operation].classify(res.body.data?.hit, bundle);
};

/** An answer with the ids the request named taken out, to compare a foreign target's answer with a missing one's. */
const shape = (res: GqlResult, bundle: Bundle): string => {
  let text = JSON.stringify({ data: res.body.data ?? null, errors: res.body.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) ?? null });
  for (const id of Object.values(bundle)) text = text.split(id).join('<id>');
  // Ids the emulator just generated (a new key-value pair's) differ from call to call.
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
};

describe('flow authorization matrix', () => {
  it('covers the flow operations of schema.graphql', () => {
    expect(new Set(FLOW_OPERATIONS).size).toBe(FLOW_OPERATIONS.length);
  });

  describe.each(FLOW_QUERIES as unknown as FlowOperation[])('%s', (operation) => {
    let world: World;
    beforeAll(async () => { world = await buildWorld(); });
    afterAll(() => world.app.close());
    it.each(FLOW_CALLER_NAMES)('%s', async (caller) => {
      for (const target of FLOW_TARGETS) {
        const res = await call(world, caller, operation, bundleFor(world, caller, target));
        expect(outcomeOf(operation, res, bundleFor(world, caller, target)), `${operation} × ${caller} × ${target}: ${JSON.stringify(res.body)}`).toBe(flowExpected(operation, caller, target));
      }
      const other = await call(world, caller, operation, bundleFor(world, caller, 'other'));
      const none = await call(world, caller, operation, bundleFor(world, caller, 'none'));
      expect(shape(other, bundleFor(world, caller, 'other'))).toBe(shape(none, bundleFor(world, caller, 'none')));
    });
  });

  describe.each(FLOW_MUTATIONS as unknown as FlowOperation[])('%s', (operation) => {
    it.each(FLOW_CALLER_NAMES)('%s', async (caller) => {
      const shapes: Partial<Record<FlowTarget, string>> = {};
      for (const target of FLOW_TARGETS) {
        const world = await buildWorld();
        try {
          const before = JSON.stringify(world.app.main.store.state.export());
          const bundle = bundleFor(world, caller, target);
          const res = await call(world, caller, operation, bundle);
          const outcome = flowExpected(operation, caller, target);
          expect(outcomeOf(operation, res, bundle), `${operation} × ${caller} × ${target}: ${JSON.stringify(res.body)}`).toBe(outcome);
          const after = JSON.stringify(world.app.main.store.state.export());
          if (outcome !== 'data') expect(after, 'a refused mutation changed the state').toBe(before);
          shapes[target] = shape(res, bundle);
        } finally {
          await world.app.close();
        }
      }
      expect(shapes.other).toBe(shapes.none);
    });
  });
});
