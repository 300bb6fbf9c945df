import { cancelFlowRun, createFlowRun, deleteFlowRun, setFlowRunName, setFlowRunStates, updateFlowRunHeartbeat } from '../../service/flow-runs.js';
import { writeRunLogs } from '../../service/run-logs.js';
import { getOrCreateTaskRun, setTaskRunName, setTaskRunStates } from '../../service/task-runs.js';
import { wireTaskRun } from '../flow-wire.js';
import { successPayload } from '../payloads.js';
import type { MutationResolvers } from '../resolver-types.js';

/** What the agent and the flow runner write: runs, their states, heartbeats and logs. */
export const runMutations = {
  create_flow_run: (_, { input }, ctx) => createFlowRun(ctx.useCase, input),
  set_flow_run_states: (_, { input }, ctx) => setFlowRunStates(ctx.useCase, input),
  set_task_run_states: (_, { input }, ctx) => setTaskRunStates(ctx.useCase, input),
  get_or_create_task_run_info: async (_, { input }, ctx) => {
    const row = wireTaskRun(await getOrCreateTaskRun(ctx.useCase, input));
    return { id: row.id, version: row.version, serialized_state: row.serialized_state };
  },
  update_flow_run_heartbeat: (_, { input }, ctx) => successPayload(() => updateFlowRunHeartbeat(ctx.useCase, input)),
  cancel_flow_run: (_, { input }, ctx) => cancelFlowRun(ctx.useCase, input),
  set_flow_run_name: (_, { input }, ctx) => successPayload(() => setFlowRunName(ctx.useCase, input)),
  set_task_run_name: (_, { input }, ctx) => successPayload(() => setTaskRunName(ctx.useCase, input)),
  delete_flow_run: (_, { input }, ctx) => successPayload(() => deleteFlowRun(ctx.useCase, input)),
  write_run_logs: (_, { input }, ctx) => successPayload(() => writeRunLogs(ctx.useCase, input)),
} satisfies MutationResolvers;
