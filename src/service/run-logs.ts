import { badInput } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import type { RunLog } from '../domain/flow-runs/types.js';
import { parseZonedTime, toIso } from '../domain/time.js';
import { optionalUuid } from '../domain/validation.js';
import type { UseCaseContext } from './context.js';
import { ownFlowRun } from './flow-runs.js';
import { newId } from './ids.js';
import { callerWith } from './projects.js';

const MAX_MESSAGE = 100_000;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `write_run_logs`: records for runs of the caller's tenant, all checked before any is kept.
 * Without a timestamp (the agent's "Submitted for execution" record) the log is dated now.
 */
export const writeRunLogs = async (ctx: UseCaseContext, input: { logs?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.createLog);
  if (!Array.isArray(input.logs)) throw badInput('input.logs', 'must be a list of log records');
  const now = toIso(ctx.clock.now());
  const rows = input.logs.map((log: unknown, i): RunLog => {
    const field = `input.logs[${i}]`;
    if (!isObject(log)) throw badInput(field, 'must be an object');
    const run = ownFlowRun(ctx, caller, log.flow_run_id, `${field}.flow_run_id`);
    const taskRunId = optionalUuid(log.task_run_id, `${field}.task_run_id`);
    if (taskRunId !== null && ctx.store.state.taskRuns.get(taskRunId)?.flowRunId !== run.id) {
      throw badInput(`${field}.task_run_id`, 'is not a task run of this flow run');
    }
    let timestamp = now;
    if (log.timestamp !== undefined && log.timestamp !== null) {
      const ms = typeof log.timestamp === 'string' ? parseZonedTime(log.timestamp) : null;
      if (ms === null) throw badInput(`${field}.timestamp`, 'must be an ISO-8601 date-time with a timezone');
      timestamp = toIso(ms);
    }
    const message = log.message === undefined || log.message === null ? '' : String(log.message);
    const level = log.level === undefined || log.level === null ? 'INFO' : String(log.level).toUpperCase();
    return {
      id: newId(), tenantId: caller.tenant.id, flowRunId: run.id, taskRunId, timestamp,
      name: typeof log.name === 'string' ? log.name : null, level,
      message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
      info: isObject(log.info) ? log.info : null, created: now,
    };
  });
  await ctx.store.commit(rows.map((r) => ['put', 'runLogs', r] as const));
};

export const logsOfRun = (ctx: UseCaseContext, flowRunId: string): RunLog[] => {
  callerWith(ctx, FlowPermission.readRun);
  return ctx.store.state.runLogs.allBy('flowRun', flowRunId);
};
