import { badInput } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import { backendState } from '../domain/flow-runs/states.js';
import type { TaskRun } from '../domain/flow-runs/types.js';
import { toIso } from '../domain/time.js';
import { requireName, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { ownFlowRun } from './flow-runs.js';
import { newId } from './ids.js';
import { callerWith, ownRow } from './projects.js';
import { applyStateBatch, type StatePayload } from './state-batch.js';

/**
 * `get_or_create_task_run_info`: the task run of a task in a flow run, created Pending when it
 * does not exist yet (mapped children, map_index ≥ 0).
 */
export const getOrCreateTaskRun = async (
  ctx: UseCaseContext,
  input: { flow_run_id?: unknown; task_id?: unknown; map_index?: unknown },
): Promise<TaskRun> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const run = ownFlowRun(ctx, caller, input.flow_run_id, 'input.flow_run_id');
  const taskId = requireUuid(input.task_id, 'input.task_id');
  const mapIndex = input.map_index === undefined || input.map_index === null ? -1 : input.map_index;
  if (typeof mapIndex !== 'number' || !Number.isInteger(mapIndex) || mapIndex < -1) throw badInput('input.map_index', 'must be a whole number ≥ -1');
  const existing = ctx.store.state.taskRuns.by('runTask', `${run.id}/${taskId}/${mapIndex}`);
  if (existing) return existing;
  const flow = ctx.store.state.flows.get(run.flowId);
  if (!flow?.tasks.some((t) => t.id === taskId)) throw badInput('input.task_id', 'is not a task of the flow this run is for');
  const now = ctx.clock.now();
  const taskRun: TaskRun = {
    id: newId(), tenantId: caller.tenant.id, flowRunId: run.id, taskId, mapIndex, name: null,
    states: [backendState('Pending', 'Task run created', 0, now)], created: toIso(now), updated: toIso(now),
  };
  await ctx.store.commit([['put', 'taskRuns', taskRun]]);
  return taskRun;
};

export const findTaskRun = (ctx: UseCaseContext, value: unknown, field: string): TaskRun => {
  const caller = callerWith(ctx, FlowPermission.readRun);
  return ownRow(ctx.store.state.taskRuns.get(requireUuid(value, field)), caller, 'Task run');
};

export const taskRunsOfTenant = (ctx: UseCaseContext): TaskRun[] => {
  const caller = callerWith(ctx, FlowPermission.readRun);
  const { state } = ctx.store;
  return state.flowRuns.allBy('tenant', caller.tenant.id).flatMap((r) => state.taskRuns.allBy('flowRun', r.id));
};

/** `set_task_run_states` (see applyStateBatch). */
export const setTaskRunStates = async (ctx: UseCaseContext, input: { states?: unknown }): Promise<StatePayload> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const { runs, payload } = applyStateBatch(input.states, 'task_run_id', ctx.clock.now(),
    (id) => ownRow(ctx.store.state.taskRuns.get(id), caller, 'Task run'),
    (run: TaskRun, next) => ({ ...run, states: [...run.states, next], updated: next.timestamp }));
  await ctx.store.commit(runs.map((r): Op => ['put', 'taskRuns', r]));
  return payload;
};

export const setTaskRunName = async (ctx: UseCaseContext, input: { task_run_id?: unknown; name?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const taskRun = ownRow(ctx.store.state.taskRuns.get(requireUuid(input.task_run_id, 'input.task_run_id')), caller, 'Task run');
  await ctx.store.commit([['put', 'taskRuns', { ...taskRun, name: requireName(input.name, 'input.name'), updated: toIso(ctx.clock.now()) }]]);
};
