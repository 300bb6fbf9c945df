import { toIso } from '../time.js';
import { backendState } from './states.js';
import type { Flow, FlowRun, TaskRun } from './types.js';

/** What a new run is given; the rest (states, times, who submitted it) starts empty. */
export type NewRun = Pick<FlowRun, 'id' | 'tenantId' | 'name' | 'labels' | 'parameters' | 'context' | 'runConfig' | 'idempotencyKey' | 'createdById'> & {
  /** Epoch ms. */
  start: number;
};

/**
 * A new run of `flow` and its task runs: Scheduled (version 1) at its start time, with one
 * Pending task run (version 0) per task of the flow, which is where the 1.x flow runner learns
 * its task run ids. `taskRunId` names each task run (random in use, derived in fixtures).
 */
export const newRunRecords = (flow: Flow, run: NewRun, now: number, taskRunId: (taskId: string) => string): { run: FlowRun; taskRuns: TaskRun[] } => {
  const iso = toIso(now);
  const start = toIso(run.start);
  const row: FlowRun = {
    id: run.id, tenantId: run.tenantId, flowId: flow.id, flowGroupId: flow.flowGroupId, name: run.name, labels: run.labels,
    parameters: run.parameters, context: run.context, runConfig: run.runConfig, idempotencyKey: run.idempotencyKey,
    scheduledStartTime: start, startTime: null, endTime: null, heartbeat: null,
    states: [backendState('Scheduled', 'Flow run scheduled.', 1, now, start)],
    submittedBy: null, createdById: run.createdById, created: iso, updated: iso,
  };
  const taskRuns = flow.tasks.map((task): TaskRun => ({
    id: taskRunId(task.id), tenantId: run.tenantId, flowRunId: run.id, taskId: task.id, mapIndex: -1, name: null,
    states: [backendState('Pending', 'Task run created', 0, now)], created: iso, updated: iso,
  }));
  return { run: row, taskRuns };
};
