import { currentState } from '../domain/flow-runs/states.js';
import type { FlowRun } from '../domain/flow-runs/types.js';
import type { State } from '../store/state.js';

/**
 * A flow run as the control API and the emulator's panel show it: where it is, its state
 * history, its task runs, and who submitted it (the agent and its key, by id and name, never
 * the key itself).
 */
export const runView = (state: State, run: FlowRun) => {
  const flow = state.flows.get(run.flowId);
  const project = flow ? state.projects.get(flow.projectId) : undefined;
  const tenant = state.tenant(run.tenantId);
  const current = currentState(run.states);
  return {
    id: run.id, name: run.name, tenant_id: run.tenantId, tenant_slug: tenant?.slug ?? null,
    flow_id: run.flowId, flow_name: flow?.name ?? null, flow_version: flow?.version ?? null, project_name: project?.name ?? null,
    state: current.type, state_message: current.message, version: current.version, labels: run.labels,
    scheduled_start_time: run.scheduledStartTime, start_time: run.startTime, end_time: run.endTime, heartbeat: run.heartbeat,
    submitted_by: run.submittedBy && {
      agent_id: run.submittedBy.agentId, agent_name: run.submittedBy.agentName,
      key_id: run.submittedBy.keyId, key_name: run.submittedBy.keyName, user_id: run.submittedBy.userId,
    },
    states: run.states.map((s) => ({ state: s.type, message: s.message, version: s.version, timestamp: s.timestamp, start_time: s.startTime })),
    task_runs: state.taskRuns.allBy('flowRun', run.id).map((t) => {
      const task = flow?.tasks.find((x) => x.id === t.taskId);
      return { id: t.id, task_slug: task?.slug ?? null, map_index: t.mapIndex, state: currentState(t.states).type, version: currentState(t.states).version };
    }),
    created: run.created,
  };
};

export type RunView = ReturnType<typeof runView>;

/** Every run, or one tenant's (by id or slug) and/or those in one state, newest first. */
export const listRunViews = (state: State, filter: { tenant?: string | undefined; state?: string | undefined }): RunView[] => {
  const tenantId = filter.tenant === undefined ? undefined : (state.tenants.by('slug', filter.tenant)?.id ?? filter.tenant);
  const runs = tenantId === undefined ? [...state.flowRuns.all()] : state.flowRuns.allBy('tenant', tenantId);
  return runs
    .map((r) => runView(state, r))
    .filter((v) => filter.state === undefined || v.state === filter.state)
    .sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
};
