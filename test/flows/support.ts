import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { GqlResult, TestApp } from '../helpers/app.js';

/** A two-task flow as the 1.4.1 client serializes it (the parts the backend reads). */
export const twoTaskFlow = (name = 'two-task-flow', labels = ['emulator']) => ({
  name, type: 'prefect.core.flow.Flow', schedule: null, __version__: '1.4.1',
  parameters: [{ name: 'n', slug: 'n', default: 1, required: false }],
  tasks: [{ slug: 'first-1', name: 'first', type: 'prefect.tasks.core.function.FunctionTask', tags: [] }, { slug: 'second-1', name: 'second', tags: [] }],
  edges: [{ upstream_task: { slug: 'first-1' }, downstream_task: { slug: 'second-1' }, key: 'x', mapped: false, flattened: false }],
  reference_tasks: [], run_config: { type: 'LocalRun', labels, env: null, working_dir: null, __version__: '1.4.1' },
  storage: { type: 'Local', directory: '/flows', path: null, stored_as_script: false, flows: { [name]: '/flows/x.prefect' }, secrets: [], __version__: '1.4.1' },
});

/** base64(gzip(JSON)), as `prefect register` sends a flow. */
export const compress = (value: unknown): string => gzipSync(Buffer.from(JSON.stringify(value))).toString('base64');

export const ok = (res: GqlResult, field: string): Record<string, unknown> => {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data![field] as Record<string, unknown>;
};

export const codeOf = (res: GqlResult): string | undefined => res.body.errors?.[0]?.extensions?.code;

const M = {
  project: 'mutation($input: create_project_input!) { create_project(input: $input) { id } }',
  flow: 'mutation($input: create_flow_from_compressed_string_input!) { create_flow_from_compressed_string(input: $input) { id } }',
  run: 'mutation($input: create_flow_run_input!) { create_flow_run(input: $input) { id } }',
  flowStates: 'mutation($input: set_flow_run_states_input!) { set_flow_run_states(input: $input) { states { id status message } } }',
  taskStates: 'mutation($input: set_task_run_states_input!) { set_task_run_states(input: $input) { states { id status message } } }',
  queue: 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }',
  logs: 'mutation($input: write_run_logs_input!) { write_run_logs(input: $input) { success } }',
};
export const MUTATIONS = M;

/** A project, a registered flow and a run of it, made by `key`. */
export const seedRun = async (app: TestApp, key: string, options: { project?: string; labels?: string[]; runInput?: Record<string, unknown> } = {}) => {
  const projectId = ok(await app.gql(M.project, { key, variables: { input: { name: options.project ?? 'proj' } } }), 'create_project').id as string;
  const flowId = ok(await app.gql(M.flow, {
    key, variables: { input: { project_id: projectId, serialized_flow: compress(twoTaskFlow('two-task-flow', options.labels)), set_schedule_active: false } },
  }), 'create_flow_from_compressed_string').id as string;
  const runId = ok(await app.gql(M.run, { key, variables: { input: { flow_id: flowId, ...options.runInput } } }), 'create_flow_run').id as string;
  return { projectId, flowId, runId };
};

export const runInfo = async (app: TestApp, key: string, runId: string) => (await app.gql(
  `{ flow_run_by_pk(id: "${runId}") { id name version state serialized_state scheduled_start_time labels agent_id
     task_runs(where: {map_index: {_eq: -1}}) { id version state serialized_state task { id slug } } } }`, { key },
)).body.data?.flow_run_by_pk as Record<string, unknown> | null;

export const state = (type: string, extra: Record<string, unknown> = {}) => ({ type, message: `${type}.`, context: {}, cached_inputs: {}, __version__: '1.4.1', ...extra });
