import { cancelFlowRun, createFlowRun, deleteFlowRun, setFlowRunName, setFlowRunStates, updateFlowRunHeartbeat } from '../../service/flow-runs.js';
import { writeRunLogs } from '../../service/run-logs.js';
import { getOrCreateTaskRun, setTaskRunName, setTaskRunStates } from '../../service/task-runs.js';
import type { GraphQLContext } from '../context.js';
import { wireTaskRun } from '../flow-wire.js';
import { successPayload } from '../payloads.js';

type Input = { input: Record<string, unknown> };
type Ctx = GraphQLContext;

/** What the agent and the flow runner write: runs, their states, heartbeats and logs. */
export const runMutations = {
  create_flow_run: (_: unknown, { input }: Input, ctx: Ctx) => createFlowRun(ctx.useCase, input),
  set_flow_run_states: (_: unknown, { input }: Input, ctx: Ctx) => setFlowRunStates(ctx.useCase, input),
  set_task_run_states: (_: unknown, { input }: Input, ctx: Ctx) => setTaskRunStates(ctx.useCase, input),
  get_or_create_task_run_info: async (_: unknown, { input }: Input, ctx: Ctx) => {
    const row = wireTaskRun(await getOrCreateTaskRun(ctx.useCase, input));
    return { id: row.id, version: row.version, serialized_state: row.serialized_state };
  },
  update_flow_run_heartbeat: (_: unknown, { input }: Input, ctx: Ctx) => successPayload(() => updateFlowRunHeartbeat(ctx.useCase, input)),
  cancel_flow_run: (_: unknown, { input }: Input, ctx: Ctx) => cancelFlowRun(ctx.useCase, input),
  set_flow_run_name: (_: unknown, { input }: Input, ctx: Ctx) => successPayload(() => setFlowRunName(ctx.useCase, input)),
  set_task_run_name: (_: unknown, { input }: Input, ctx: Ctx) => successPayload(() => setTaskRunName(ctx.useCase, input)),
  delete_flow_run: (_: unknown, { input }: Input, ctx: Ctx) => successPayload(() => deleteFlowRun(ctx.useCase, input)),
  write_run_logs: (_: unknown, { input }: Input, ctx: Ctx) => successPayload(() => writeRunLogs(ctx.useCase, input)),
};
