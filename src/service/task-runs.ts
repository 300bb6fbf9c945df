import { badInput } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import { backendState, checkTransition, checkVersion, currentState, parseState } from '../domain/flow-runs/states.js';
import type { TaskRun } from '../domain/flow-runs/types.js';
import { toIso } from '../domain/time.js';
import { requireName, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { ownFlowRun } from './flow-runs.js';
import { newId } from './ids.js';
import { callerWith, ownRow } from './projects.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

type StateInput = { task_run_id?: unknown; version?: unknown; state?: unknown };

/** `set_task_run_states`: checked whole before anything is written, like the flow-run states. */
export const setTaskRunStates = async (ctx: UseCaseContext, input: { states?: unknown }): Promise<{ states: { id: string; status: string; message: string | null }[] }> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  if (!Array.isArray(input.states) || input.states.length === 0) throw badInput('input.states', 'must be a non-empty list');
  const now = ctx.clock.now();
  const runs = new Map<string, TaskRun>();
  (input.states as StateInput[]).forEach((s, i) => {
    const field = `input.states[${i}]`;
    if (!isObject(s)) throw badInput(field, 'must be an object');
    const id = requireUuid(s.task_run_id, `${field}.task_run_id`);
    const taskRun = runs.get(id) ?? ownRow(ctx.store.state.taskRuns.get(id), caller, 'Task run');
    const current = currentState(taskRun.states);
    checkVersion(current.version, s.version, `${field}.version`);
    const next = parseState(s.state, `${field}.state`, current.version + 1, now);
    checkTransition(current.type, next.type, `${field}.state`);
    runs.set(id, { ...taskRun, states: [...taskRun.states, next], updated: next.timestamp });
  });
  await ctx.store.commit([...runs.values()].map((r): Op => ['put', 'taskRuns', r]));
  return { states: [...runs.keys()].map((id) => ({ id, status: 'SUCCESS', message: null })) };
};

export const setTaskRunName = async (ctx: UseCaseContext, input: { task_run_id?: unknown; name?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const taskRun = ownRow(ctx.store.state.taskRuns.get(requireUuid(input.task_run_id, 'input.task_run_id')), caller, 'Task run');
  await ctx.store.commit([['put', 'taskRuns', { ...taskRun, name: requireName(input.name, 'input.name'), updated: toIso(ctx.clock.now()) }]]);
};
