import { currentState } from '../domain/flow-runs/states.js';
import type { RelationalSchema } from '../domain/flow-runs/relational-where.js';
import type { Flow, FlowGroup, FlowRun, FlowTask, Project, RunLog, RunState, TaskRun } from '../domain/flow-runs/types.js';
import { toWireTime } from '../domain/time.js';
import type { State } from '../store/state.js';

/**
 * Projects, flows and runs in Prefect's wire shape, and the tables a `where` can filter through
 * (columns and relationships), for the flow queries.
 */
const t = (iso: string | null): string | null => (iso === null ? null : toWireTime(iso));

export const wireProject = (p: Project) => ({
  id: p.id, tenant_id: p.tenantId, name: p.name, description: p.description, created: t(p.created), updated: t(p.updated),
});

export const wireFlowGroup = (g: FlowGroup) => ({
  id: g.id, tenant_id: g.tenantId, project_id: g.projectId, name: g.name, labels: g.labels, settings: g.settings, run_config: g.runConfig,
  default_parameters: g.defaultParameters, schedule: g.schedule, created: t(g.created), updated: t(g.updated),
});

export const wireFlow = (f: Flow, group: FlowGroup | undefined) => ({
  id: f.id, tenant_id: f.tenantId, project_id: f.projectId, flow_group_id: f.flowGroupId, version_group_id: f.flowGroupId, name: f.name,
  description: f.description, version: f.version, archived: f.archived, core_version: f.coreVersion, storage: f.storage,
  run_config: f.runConfig, environment: f.environment, parameters: f.parameters, schedule: f.schedule, is_schedule_active: f.isScheduleActive,
  serialized_flow: f.serializedFlow, settings: group?.settings ?? {}, created: t(f.created), updated: t(f.updated),
});

export const wireTask = (task: FlowTask, flowId: string) => ({
  id: task.id, flow_id: flowId, slug: task.slug, name: task.name, type: task.type, mapped: task.mapped, max_retries: task.maxRetries, tags: task.tags,
});

const stateColumns = (states: readonly RunState[]) => {
  const s = currentState(states);
  return {
    state: s.type, state_message: s.message, state_start_time: t(s.startTime), state_timestamp: t(s.timestamp),
    serialized_state: s.serialized, version: s.version,
  };
};

export const wireFlowRun = (r: FlowRun) => ({
  id: r.id, tenant_id: r.tenantId, flow_id: r.flowId, name: r.name, labels: r.labels, parameters: r.parameters, context: r.context,
  run_config: r.runConfig, idempotency_key: r.idempotencyKey, ...stateColumns(r.states), scheduled_start_time: t(r.scheduledStartTime),
  start_time: t(r.startTime), end_time: t(r.endTime), heartbeat: t(r.heartbeat), agent_id: r.submittedBy?.agentId ?? null, auto_scheduled: false,
  created: t(r.created), updated: t(r.updated),
});

const firstOf = (states: readonly RunState[], pick: (s: RunState) => boolean): string | null => t(states.find(pick)?.timestamp ?? null);

export const wireTaskRun = (r: TaskRun) => ({
  id: r.id, tenant_id: r.tenantId, flow_run_id: r.flowRunId, task_id: r.taskId, map_index: r.mapIndex, name: r.name, ...stateColumns(r.states),
  start_time: firstOf(r.states, (s) => s.type === 'Running'),
  end_time: firstOf([...r.states].reverse(), (s) => ['Success', 'Failed', 'Cancelled', 'Skipped', 'TimedOut', 'TriggerFailed', 'Cached', 'Mapped'].includes(s.type)),
  created: t(r.created), updated: t(r.updated),
});

export const wireRunState = (s: RunState, runId: string) => ({
  id: runId, state: s.type, message: s.message, serialized_state: s.serialized, start_time: t(s.startTime), version: s.version,
  timestamp: t(s.timestamp), created: t(s.timestamp),
});

export const wireLog = (l: RunLog) => ({
  id: l.id, tenant_id: l.tenantId, flow_run_id: l.flowRunId, task_run_id: l.taskRunId, timestamp: t(l.timestamp), name: l.name,
  level: l.level, message: l.message, info: l.info, created: t(l.created),
});

const S = 'string' as const;
const T = 'time' as const;
const N = 'number' as const;
const B = 'boolean' as const;

/** The filterable tables, with relationships read from `state`. */
export const flowSchemas = (state: State) => {
  const groupOf = (id: unknown) => state.flowGroups.get(id as string);
  const project: RelationalSchema = { columns: { id: S, tenant_id: S, name: S, created: T, updated: T } };
  const flowGroup: RelationalSchema = { columns: { id: S, project_id: S, name: S, created: T, updated: T } };
  const task: RelationalSchema = { columns: { id: S, flow_id: S, slug: S, name: S } };
  const flow: RelationalSchema = {
    columns: { id: S, tenant_id: S, project_id: S, flow_group_id: S, name: S, version: N, archived: B, core_version: S, created: T, updated: T },
    relations: {
      project: { many: false, schema: () => project, get: (r) => { const p = state.projects.get(r.project_id as string); return p && wireProject(p); } },
      flow_group: { many: false, schema: () => flowGroup, get: (r) => { const g = groupOf(r.flow_group_id); return g && wireFlowGroup(g); } },
    },
  };
  const runState: RelationalSchema = { columns: { state: S, version: N, start_time: T, timestamp: T } };
  const log: RelationalSchema = { columns: { id: S, flow_run_id: S, task_run_id: S, timestamp: T, level: S, name: S, message: S, created: T } };
  const taskRun: RelationalSchema = {
    columns: { id: S, flow_run_id: S, task_id: S, map_index: N, name: S, state: S, version: N, state_start_time: T, state_timestamp: T, created: T },
    relations: {
      flow_run: { many: false, schema: () => flowRun, get: (r) => { const f = state.flowRuns.get(r.flow_run_id as string); return f && wireFlowRun(f); } },
      task: {
        many: false, schema: () => task,
        get: (r) => {
          const run = state.flowRuns.get(r.flow_run_id as string);
          const found = run && state.flows.get(run.flowId)?.tasks.find((x) => x.id === r.task_id);
          return found && run ? wireTask(found, run.flowId) : null;
        },
      },
    },
  };
  const flowRun: RelationalSchema = {
    columns: {
      id: S, tenant_id: S, flow_id: S, agent_id: S, name: S, state: S, state_message: S, idempotency_key: S, version: N,
      state_start_time: T, state_timestamp: T, scheduled_start_time: T, start_time: T, end_time: T, created: T, updated: T,
    },
    relations: {
      flow: { many: false, schema: () => flow, get: (r) => { const f = state.flows.get(r.flow_id as string); return f && wireFlow(f, groupOf(f.flowGroupId)); } },
      task_runs: { many: true, schema: () => taskRun, get: (r) => state.taskRuns.allBy('flowRun', r.id as string).map(wireTaskRun) },
    },
  };
  return { project, flowGroup, task, flow, runState, log, taskRun, flowRun };
};
