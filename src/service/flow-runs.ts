import type { Caller } from '../domain/auth.js';
import { badInput } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import { resolveLabels, resolveParameters } from '../domain/flow-runs/serialized-flow.js';
import { backendState, currentState, isA, isFinished, isRunning } from '../domain/flow-runs/states.js';
import { newRunRecords } from '../domain/flow-runs/new-run.js';
import type { Flow, FlowRun, Json, RunState } from '../domain/flow-runs/types.js';
import { parseZonedTime, toIso } from '../domain/time.js';
import { optionalUuid, requireName, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';
import { callerWith, ownRow } from './projects.js';
import { generateRunName } from './run-names.js';
import { applyStateBatch, type StatePayload } from './state-batch.js';

/** Cloud kept a run's idempotency key for 24 hours: within them the same key gives the same run. */
const IDEMPOTENCY_MS = 24 * 60 * 60 * 1000;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const optionalJson = (value: unknown, field: string): Json | null => {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw badInput(field, 'must be a JSON object');
  return value;
};

const optionalLabels = (value: unknown, field: string): string[] | null => {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((l) => typeof l === 'string')) throw badInput(field, 'must be a list of strings');
  return value as string[];
};

export const ownFlowRun = (ctx: UseCaseContext, caller: Caller, value: unknown, field: string): FlowRun =>
  ownRow(ctx.store.state.flowRuns.get(requireUuid(value, field)), caller, 'Flow run');

export const flowRunsOfTenant = (ctx: UseCaseContext): FlowRun[] => {
  const caller = callerWith(ctx, FlowPermission.readRun);
  return ctx.store.state.flowRuns.allBy('tenant', caller.tenant.id);
};

/** The flow a new run is for: by id, or the latest unarchived version of a flow group. */
const flowToRun = (ctx: UseCaseContext, caller: Caller, input: { flow_id?: unknown; version_group_id?: unknown }): Flow => {
  const groupId = optionalUuid(input.version_group_id, 'input.version_group_id');
  if (input.flow_id === undefined || input.flow_id === null) {
    if (groupId === null) throw badInput('input.flow_id', 'is required (or input.version_group_id)');
    const group = ownRow(ctx.store.state.flowGroups.get(groupId), caller, 'Flow group');
    const live = ctx.store.state.flows.allBy('group', group.id).filter((f) => !f.archived).sort((a, b) => b.version - a.version)[0];
    if (!live) throw badInput('input.version_group_id', 'has no unarchived flow version to run');
    return live;
  }
  const flow = ownRow(ctx.store.state.flows.get(requireUuid(input.flow_id, 'input.flow_id')), caller, 'Flow');
  if (flow.archived) throw badInput('input.flow_id', `is version ${flow.version} of ${JSON.stringify(flow.name)}, which is archived: run the latest version`);
  return flow;
};

export interface CreateFlowRunInput {
  flow_id?: unknown; version_group_id?: unknown; parameters?: unknown; context?: unknown; run_config?: unknown;
  labels?: unknown; scheduled_start_time?: unknown; flow_run_name?: unknown; idempotency_key?: unknown;
}

/**
 * A new run, Scheduled at its start time (default: now by the emulator's clock), with one
 * Pending task run per task of the flow: the 1.x flow runner learns its task run ids from them.
 */
export const createFlowRun = async (ctx: UseCaseContext, input: CreateFlowRunInput): Promise<{ id: string }> => {
  const caller = callerWith(ctx, FlowPermission.createRun);
  const flow = flowToRun(ctx, caller, input);
  const { state } = ctx.store;
  const now = ctx.clock.now();
  const idempotencyKey = input.idempotency_key === undefined || input.idempotency_key === null ? null : String(input.idempotency_key);
  if (idempotencyKey !== null) {
    const same = state.flowRuns.allBy('flow', flow.id).find((r) => r.idempotencyKey === idempotencyKey && now - Date.parse(r.created) < IDEMPOTENCY_MS);
    if (same) return { id: same.id };
  }
  const group = state.flowGroups.get(flow.flowGroupId);
  const runConfig = optionalJson(input.run_config, 'input.run_config');
  const given = optionalJson(input.parameters, 'input.parameters') ?? {};
  let start = now;
  if (input.scheduled_start_time !== undefined && input.scheduled_start_time !== null) {
    const ms = typeof input.scheduled_start_time === 'string' ? parseZonedTime(input.scheduled_start_time) : null;
    if (ms === null) throw badInput('input.scheduled_start_time', 'must be an ISO-8601 date-time with a timezone');
    start = ms;
  }
  const name = input.flow_run_name === undefined || input.flow_run_name === null ? generateRunName() : requireName(input.flow_run_name, 'input.flow_run_name');
  const { run, taskRuns } = newRunRecords(flow, {
    id: newId(), tenantId: caller.tenant.id, name,
    labels: resolveLabels(optionalLabels(input.labels, 'input.labels'), runConfig, group?.labels ?? null, group?.runConfig ?? null, flow.runConfig),
    parameters: resolveParameters(flow.parameters, group?.defaultParameters ?? {}, given, 'input.parameters'),
    context: optionalJson(input.context, 'input.context') ?? {}, runConfig: runConfig ?? group?.runConfig ?? flow.runConfig,
    idempotencyKey, start, createdById: caller.user.id,
  }, now, newId);
  const ops: Op[] = [['put', 'flowRuns', run], ...taskRuns.map((t): Op => ['put', 'taskRuns', t])];
  await ctx.store.commit(ops);
  return { id: run.id };
};

/** The run with one more state, and what that state changes (start and end times, who submitted it). */
export const withState = (ctx: UseCaseContext, caller: Caller, run: FlowRun, next: RunState): FlowRun => {
  const updated: FlowRun = { ...run, states: [...run.states, next], updated: next.timestamp };
  if (isRunning(next.type) && run.startTime === null) updated.startTime = next.timestamp;
  if (isFinished(next.type)) updated.endTime = next.timestamp;
  if (next.type === 'Submitted') {
    const agent = ctx.agentId ? ctx.store.state.agents.get(ctx.agentId) : undefined;
    const own = agent?.tenantId === caller.tenant.id ? agent : undefined;
    updated.submittedBy = {
      agentId: own?.id ?? null, agentName: own?.name ?? null, keyId: caller.key?.id ?? null, keyName: caller.key?.name ?? null, userId: caller.user.id,
    };
  }
  return updated;
};

/** `set_flow_run_states` (see applyStateBatch). */
export const setFlowRunStates = async (ctx: UseCaseContext, input: { states?: unknown }): Promise<StatePayload> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const { runs, payload } = applyStateBatch(input.states, 'flow_run_id', ctx.clock.now(),
    (id, field) => ownFlowRun(ctx, caller, id, field), (run, next) => withState(ctx, caller, run, next));
  await ctx.store.commit(runs.map((r): Op => ['put', 'flowRuns', r]));
  return payload;
};

/**
 * `cancel_flow_run`: a Running run goes Cancelling (its flow runner sees that and stops); one
 * that has not started is Cancelled at once; a finished one cannot be cancelled.
 */
export const cancelFlowRun = async (ctx: UseCaseContext, input: { flow_run_id?: unknown }): Promise<{ state: string }> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const run = ownFlowRun(ctx, caller, input.flow_run_id, 'input.flow_run_id');
  const current = currentState(run.states);
  if (isFinished(current.type)) throw badInput('input.flow_run_id', `the run is already finished (${current.type})`);
  if (isA(current.type, 'Cancelling')) return { state: current.type };
  const type = isRunning(current.type) ? 'Cancelling' : 'Cancelled';
  const message = type === 'Cancelling' ? 'Flow run is cancelling...' : 'Flow run is cancelled';
  const next = backendState(type, message, current.version + 1, ctx.clock.now());
  await ctx.store.commit([['put', 'flowRuns', withState(ctx, caller, run, next)]]);
  return { state: type };
};

export const updateFlowRunHeartbeat = async (ctx: UseCaseContext, input: { flow_run_id?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const run = ownFlowRun(ctx, caller, input.flow_run_id, 'input.flow_run_id');
  await ctx.store.commit([['put', 'flowRuns', { ...run, heartbeat: toIso(ctx.clock.now()) }]]);
};

export const setFlowRunName = async (ctx: UseCaseContext, input: { flow_run_id?: unknown; name?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.updateRun);
  const run = ownFlowRun(ctx, caller, input.flow_run_id, 'input.flow_run_id');
  const name = requireName(input.name, 'input.name');
  await ctx.store.commit([['put', 'flowRuns', { ...run, name, updated: toIso(ctx.clock.now()) }]]);
};

export const deleteFlowRun = async (ctx: UseCaseContext, input: { flow_run_id?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.deleteRun);
  const run = ownFlowRun(ctx, caller, input.flow_run_id, 'input.flow_run_id');
  const { state } = ctx.store;
  const ops: Op[] = [
    ...state.taskRuns.allBy('flowRun', run.id).map((t): Op => ['del', 'taskRuns', t.id]),
    ...state.runLogs.allBy('flowRun', run.id).map((l): Op => ['del', 'runLogs', l.id]),
    ['del', 'flowRuns', run.id],
  ];
  await ctx.store.commit(ops);
};
