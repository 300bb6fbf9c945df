import { FlowPermission } from '../../domain/flow-runs/permissions.js';
import type { FlowRun } from '../../domain/flow-runs/types.js';
import { archiveFlow, decompressFlow, deleteFlow, flowGroupsOfTenant, flowsOfTenant, registerEdges, registerFlow, registerTasks, setFlowGroupLabels, setScheduleActive } from '../../service/flows.js';
import { flowRunsOfTenant, ownFlowRun } from '../../service/flow-runs.js';
import { callerWith, createProject, deleteProject, ownRow, projectsOfTenant } from '../../service/projects.js';
import { logsOfRun } from '../../service/run-logs.js';
import { findTaskRun, taskRunsOfTenant } from '../../service/task-runs.js';
import type { GraphQLContext } from '../context.js';
import { wireFlow, wireFlowGroup, wireFlowRun, wireLog, wireProject, wireRunState, wireTask, wireTaskRun } from '../flow-wire.js';
import { successPayload } from '../payloads.js';
import { wireAgent } from '../wire.js';
import { listRelational, orNull, pinnedIds, schemasOf, submitterView, type Args } from './flow-reads.js';
import type { MutationResolvers, QueryResolvers } from '../resolver-types.js';
import type { create_flow_from_compressed_string_input, create_flow_input } from '../schema-types.js';

type Ctx = GraphQLContext;
type WireProject = ReturnType<typeof wireProject>;
type WireFlow = ReturnType<typeof wireFlow>;
type WireFlowGroup = ReturnType<typeof wireFlowGroup>;
type WireFlowRun = ReturnType<typeof wireFlowRun>;
type WireTaskRun = ReturnType<typeof wireTaskRun>;

const stateOf = (ctx: Ctx) => ctx.instance.store.state;
const flowRow = (ctx: Ctx, id: string) => {
  const f = stateOf(ctx).flows.get(id);
  return f ? wireFlow(f, stateOf(ctx).flowGroups.get(f.flowGroupId)) : null;
};

/** The caller's runs, only those a top-level `where` names by id when it does. */
const candidateRuns = (ctx: Ctx, args: Args): FlowRun[] => {
  const ids = pinnedIds(args.where);
  if (!ids) return flowRunsOfTenant(ctx.useCase);
  const caller = callerWith(ctx.useCase, FlowPermission.readRun);
  return ids.map((id) => stateOf(ctx).flowRuns.get(id.toLowerCase())).filter((r): r is FlowRun => r?.tenantId === caller.tenant.id);
};

export const flowQueries = {
  project: (_, args, ctx) => listRelational(projectsOfTenant(ctx.useCase).map(wireProject), args, schemasOf(ctx).project),
  project_by_pk: (_, { id }, ctx) =>
    orNull(() => wireProject(ownRow(stateOf(ctx).projects.get(id), callerWith(ctx.useCase, FlowPermission.readProject), 'Project'))),
  flow: (_, args, ctx) => {
    const rows = flowsOfTenant(ctx.useCase).map((f) => wireFlow(f, stateOf(ctx).flowGroups.get(f.flowGroupId)));
    return listRelational(rows, args, schemasOf(ctx).flow);
  },
  flow_by_pk: (_, { id }, ctx) =>
    orNull(() => flowRow(ctx, ownRow(stateOf(ctx).flows.get(id), callerWith(ctx.useCase, FlowPermission.readFlow), 'Flow').id)),
  flow_group: (_, args, ctx) => listRelational(flowGroupsOfTenant(ctx.useCase).map(wireFlowGroup), args, schemasOf(ctx).flowGroup),
  flow_group_by_pk: (_, { id }, ctx) =>
    orNull(() => wireFlowGroup(ownRow(stateOf(ctx).flowGroups.get(id), callerWith(ctx.useCase, FlowPermission.readFlow), 'Flow group'))),
  flow_run: (_, args, ctx) => listRelational(candidateRuns(ctx, args).map(wireFlowRun), args, schemasOf(ctx).flowRun),
  flow_run_by_pk: (_, { id }, ctx) =>
    orNull(() => wireFlowRun(ownFlowRun(ctx.useCase, callerWith(ctx.useCase, FlowPermission.readRun), id, 'id'))),
  task_run: (_, args, ctx) => listRelational(taskRunsOfTenant(ctx.useCase).map(wireTaskRun), args, schemasOf(ctx).taskRun),
  task_run_by_pk: (_, { id }, ctx) => orNull(() => wireTaskRun(findTaskRun(ctx.useCase, id, 'id'))),
  get_task_run_info: (_, { task_run_id }, ctx) =>
    orNull(() => wireTaskRun(findTaskRun(ctx.useCase, task_run_id, 'task_run_id'))),
  log: (_, args, ctx) => {
    const logs = flowRunsOfTenant(ctx.useCase).flatMap((r) => stateOf(ctx).runLogs.allBy('flowRun', r.id));
    return listRelational(logs.map(wireLog), args, schemasOf(ctx).log);
  },
} satisfies QueryResolvers;

const register = (ctx: Ctx, input: create_flow_input | create_flow_from_compressed_string_input, compressed: boolean) =>
  registerFlow(ctx.useCase, input, compressed ? decompressFlow(input.serialized_flow, 'input.serialized_flow') : input.serialized_flow);

export const flowMutations = {
  create_project: (_, { input }, ctx) => createProject(ctx.useCase, input),
  delete_project: (_, { input }, ctx) => successPayload(() => deleteProject(ctx.useCase, input)),
  create_flow_from_compressed_string: (_, { input }, ctx) => register(ctx, input, true),
  create_flow: (_, { input }, ctx) => register(ctx, input, false),
  register_tasks: (_, { input }, ctx) => successPayload(() => registerTasks(ctx.useCase, input)),
  register_edges: (_, { input }, ctx) => successPayload(() => registerEdges(ctx.useCase, input)),
  set_schedule_active: (_, { input }, ctx) => successPayload(() => setScheduleActive(ctx.useCase, input, true)),
  set_schedule_inactive: (_, { input }, ctx) => successPayload(() => setScheduleActive(ctx.useCase, input, false)),
  archive_flow: (_, { input }, ctx) => successPayload(() => archiveFlow(ctx.useCase, input, true)),
  unarchive_flow: (_, { input }, ctx) => successPayload(() => archiveFlow(ctx.useCase, input, false)),
  delete_flow: (_, { input }, ctx) => successPayload(() => deleteFlow(ctx.useCase, input)),
  set_flow_group_labels: (_, { input }, ctx) => successPayload(() => setFlowGroupLabels(ctx.useCase, input)),
} satisfies MutationResolvers;

/** Nested fields: relationships, each taking its own where/order_by/limit. */
export const flowTypes = {
  project: {
    flows: (p: WireProject, args: Args, ctx: Ctx) =>
      listRelational(flowsOfTenant(ctx.useCase).filter((f) => f.projectId === p.id).map((f) => flowRow(ctx, f.id)!), args, schemasOf(ctx).flow),
  },
  flow: {
    project: (f: WireFlow, _: unknown, ctx: Ctx) => { const p = stateOf(ctx).projects.get(f.project_id); return p ? wireProject(p) : null; },
    flow_group: (f: WireFlow, _: unknown, ctx: Ctx) => { const g = stateOf(ctx).flowGroups.get(f.flow_group_id); return g ? wireFlowGroup(g) : null; },
    tasks: (f: WireFlow, args: Args, ctx: Ctx) =>
      listRelational((stateOf(ctx).flows.get(f.id)?.tasks ?? []).map((t) => wireTask(t, f.id)), args, schemasOf(ctx).task),
    flow_runs: (f: WireFlow, args: Args, ctx: Ctx) =>
      listRelational(stateOf(ctx).flowRuns.allBy('flow', f.id).map(wireFlowRun), args, schemasOf(ctx).flowRun),
  },
  flow_group: {
    flows: (g: WireFlowGroup, args: Args, ctx: Ctx) =>
      listRelational(stateOf(ctx).flows.allBy('group', g.id).map((f) => flowRow(ctx, f.id)!), args, schemasOf(ctx).flow),
  },
  flow_run: {
    flow: (r: WireFlowRun, _: unknown, ctx: Ctx) => flowRow(ctx, r.flow_id),
    submitted_by: (r: WireFlowRun, _: unknown, ctx: Ctx) => submitterView(ctx, stateOf(ctx).flowRuns.get(r.id)?.submittedBy ?? null),
    agent: (r: WireFlowRun, _: unknown, ctx: Ctx) => { const a = r.agent_id ? stateOf(ctx).agents.get(r.agent_id) : undefined; return a ? wireAgent(a) : null; },
    task_runs: (r: WireFlowRun, args: Args, ctx: Ctx) =>
      listRelational(stateOf(ctx).taskRuns.allBy('flowRun', r.id).map(wireTaskRun), args, schemasOf(ctx).taskRun),
    states: (r: WireFlowRun, args: Args, ctx: Ctx) =>
      listRelational((stateOf(ctx).flowRuns.get(r.id)?.states ?? []).map((s) => wireRunState(s, r.id)), args, schemasOf(ctx).runState),
    logs: (r: WireFlowRun, args: Args, ctx: Ctx) => listRelational(logsOfRun(ctx.useCase, r.id).map(wireLog), args, schemasOf(ctx).log),
  },
  task_run: {
    task: (r: WireTaskRun, _: unknown, ctx: Ctx) => schemasOf(ctx).taskRun.relations!.task!.get(r),
    flow_run: (r: WireTaskRun, _: unknown, ctx: Ctx) => { const f = stateOf(ctx).flowRuns.get(r.flow_run_id); return f ? wireFlowRun(f) : null; },
    states: (r: WireTaskRun, args: Args, ctx: Ctx) =>
      listRelational((stateOf(ctx).taskRuns.get(r.id)?.states ?? []).map((s) => wireRunState(s, r.id)), args, schemasOf(ctx).runState),
    logs: (r: WireTaskRun, args: Args, ctx: Ctx) =>
      listRelational(logsOfRun(ctx.useCase, r.flow_run_id).filter((l) => l.taskRunId === r.id).map(wireLog), args, schemasOf(ctx).log),
  },
};
