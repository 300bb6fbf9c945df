import type { Caller } from '../domain/auth.js';
import { badInput, forbidden } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import { agentMayRun, handOutStart, QUEUE_LOOKAHEAD_MS } from '../domain/flow-runs/queue.js';
import { backendState, currentState } from '../domain/flow-runs/states.js';
import type { FlowRun } from '../domain/flow-runs/types.js';
import { Permission } from '../domain/roles.js';
import { parseZonedTime, toIso } from '../domain/time.js';
import { optionalUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { callerWith } from './projects.js';

const requireOwnTenant = (caller: Caller, value: unknown): void => {
  const tenantId = optionalUuid(value, 'input.tenant_id');
  if (tenantId !== null && tenantId !== caller.tenant.id) throw forbidden();
};

/**
 * `get_runs_in_queue`: the tenant's runs waiting to be run whose start time has come by the
 * emulator's clock (plus the agent's look-ahead), and whose labels the agent has. A run released
 * early by time travel is rescheduled to the machine's now, so the real agent and flow runner,
 * which time runs by their own wall clock, run it at once (docs/wire-compatibility.md).
 */
export const getRunsInQueue = async (
  ctx: UseCaseContext,
  input: { tenant_id?: unknown; before?: unknown; labels?: unknown; agent_id?: unknown },
): Promise<{ flow_run_ids: string[] }> => {
  const caller = callerWith(ctx, Permission.readRun);
  callerWith(ctx, FlowPermission.updateRun);
  requireOwnTenant(caller, input.tenant_id);
  if (input.before !== undefined && input.before !== null && (typeof input.before !== 'string' || parseZonedTime(input.before) === null)) {
    throw badInput('input.before', 'must be an ISO-8601 date-time with a timezone');
  }
  const agentId = optionalUuid(input.agent_id, 'input.agent_id') ?? ctx.agentId ?? null;
  const { labels } = input;
  if (labels !== undefined && labels !== null && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
    throw badInput('input.labels', 'must be a list of strings');
  }
  const agentLabels = (labels as string[] | null | undefined) ?? [];
  const now = ctx.clock.now();
  const machineNow = ctx.clock.machineNow();
  const due = ctx.store.state.flowRuns.due(caller.tenant.id, now + QUEUE_LOOKAHEAD_MS).filter((r) => agentMayRun(r.labels, agentLabels));
  const ops: Op[] = [];
  const out: FlowRun[] = [];
  for (const run of due) {
    const state = currentState(run.states);
    const start = handOutStart(state.startTime ?? run.scheduledStartTime, machineNow);
    if (start === null) { out.push(run); continue; }
    const next = backendState(state.type === 'Queued' ? 'Scheduled' : state.type, 'Released by the emulator clock: start now.', state.version + 1, now, toIso(start));
    const moved = { ...run, states: [...run.states, next], updated: next.timestamp };
    ops.push(['put', 'flowRuns', moved]);
    out.push(moved);
  }
  const agent = agentId ? ctx.store.state.agents.get(agentId) : undefined;
  if (agent?.tenantId === caller.tenant.id) ops.push(['put', 'agents', { ...agent, lastQueried: toIso(now) }]);
  await ctx.store.commit(ops);
  return { flow_run_ids: out.map((r) => r.id) };
};
