import type { Caller } from '../domain/auth.js';
import { badInput } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import { DEFAULT_FLOW_GROUP_SETTINGS, parseSerializedFlow, parseTask, type ParsedFlow } from '../domain/flow-runs/serialized-flow.js';
import type { Flow, FlowGroup, FlowTask, Json } from '../domain/flow-runs/types.js';
import { toIso } from '../domain/time.js';
import { optionalUuid, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';
import { callerWith, flowDeletion, ownRow } from './projects.js';

/** A serialized flow decompresses to at most this much JSON (a gzip bomb is refused, not expanded). */
const MAX_FLOW_JSON_BYTES = 20 * 1024 * 1024;

/** `create_flow_from_compressed_string`: base64 of gzip of the flow's JSON text, as the 1.x client sends it. */
export const decompressFlow = (value: unknown, field: string): unknown => {
  if (typeof value !== 'string' || value === '') throw badInput(field, 'is required (base64 of the gzip-compressed flow JSON)');
  let text: string;
  try {
    // node:zlib is loaded here, on first use, rather than at start-up, which never needs it.
    text = process.getBuiltinModule('node:zlib').gunzipSync(Buffer.from(value, 'base64'), { maxOutputLength: MAX_FLOW_JSON_BYTES }).toString('utf8');
  } catch {
    throw badInput(field, 'is not base64 of gzip-compressed data (or decompresses to more than 20 MB)');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badInput(field, 'decompresses to text that is not JSON');
  }
};

export const flowsOfTenant = (ctx: UseCaseContext): Flow[] => {
  const caller = callerWith(ctx, FlowPermission.readFlow);
  return ctx.store.state.flows.allBy('tenant', caller.tenant.id);
};

export const flowGroupsOfTenant = (ctx: UseCaseContext): FlowGroup[] => {
  const caller = callerWith(ctx, FlowPermission.readFlow);
  return [...ctx.store.state.flowGroups.all()].filter((g) => g.tenantId === caller.tenant.id);
};

const tasksOf = (parsed: ParsedFlow['tasks'], previous: readonly FlowTask[] = []): FlowTask[] => {
  const bySlug = new Map(previous.map((t) => [t.slug, t]));
  return parsed.map((t) => ({ id: bySlug.get(t.slug)?.id ?? newId(), ...t }));
};

interface RegisterInput {
  project_id?: unknown;
  serialized_flow?: unknown;
  set_schedule_active?: unknown;
  version_group_id?: unknown;
  idempotency_key?: unknown;
  description?: unknown;
}

const findGroup = (ctx: UseCaseContext, caller: Caller, projectId: string, name: string, versionGroupId: string | null): FlowGroup | undefined => {
  if (versionGroupId !== null) {
    const group = ctx.store.state.flowGroups.get(versionGroupId);
    if (!group || group.tenantId !== caller.tenant.id) throw badInput('input.version_group_id', 'is not a flow group of this tenant');
    return group;
  }
  return ctx.store.state.flowGroups.by('projectName', `${projectId}/${name}`);
};

/**
 * Registers a flow: a new version in its flow group (same name, same project), the previous
 * versions archived. With the idempotency key of the group's latest version, that version's id
 * comes back and nothing changes (`prefect register` prints "Skipped").
 */
export const registerFlow = async (ctx: UseCaseContext, input: RegisterInput, serialized: unknown): Promise<{ id: string }> => {
  const caller = callerWith(ctx, FlowPermission.createFlow);
  const projectId = requireUuid(input.project_id, 'input.project_id');
  const project = ctx.store.state.projects.get(projectId);
  if (!project || project.tenantId !== caller.tenant.id) throw badInput('input.project_id', 'is not a project of this tenant');
  const parsed = parseSerializedFlow(serialized, 'input.serialized_flow');
  const idempotencyKey = input.idempotency_key === undefined || input.idempotency_key === null ? null : String(input.idempotency_key);
  const group = findGroup(ctx, caller, projectId, parsed.name, optionalUuid(input.version_group_id, 'input.version_group_id'));
  const versions = group ? ctx.store.state.flows.allBy('group', group.id) : [];
  const latest = versions.reduce<Flow | undefined>((a, f) => (a && a.version > f.version ? a : f), undefined);
  if (latest && idempotencyKey !== null && latest.idempotencyKey === idempotencyKey) return { id: latest.id };

  const now = toIso(ctx.clock.now());
  const ops: Op[] = [];
  const groupRow: FlowGroup = group ?? {
    id: newId(), tenantId: caller.tenant.id, projectId, name: parsed.name, labels: null, settings: { ...DEFAULT_FLOW_GROUP_SETTINGS },
    runConfig: null, defaultParameters: {}, schedule: null, created: now, updated: now,
  };
  ops.push(['put', 'flowGroups', { ...groupRow, settings: { ...groupRow.settings, idempotency_key: idempotencyKey }, updated: now }]);
  for (const old of versions) if (!old.archived) ops.push(['put', 'flows', { ...old, archived: true, isScheduleActive: false, updated: now }]);
  const flow: Flow = {
    id: newId(), tenantId: caller.tenant.id, projectId, flowGroupId: groupRow.id, name: parsed.name,
    description: typeof input.description === 'string' ? input.description : parsed.description,
    version: (latest?.version ?? 0) + 1, archived: false, coreVersion: parsed.coreVersion, storage: parsed.storage,
    runConfig: parsed.runConfig, environment: parsed.environment, parameters: parsed.parameters, schedule: parsed.schedule,
    isScheduleActive: input.set_schedule_active !== false && parsed.schedule !== null,
    serializedFlow: serialized as Json, tasks: tasksOf(parsed.tasks), edges: parsed.edges, idempotencyKey,
    createdById: caller.user.id, created: now, updated: now,
  };
  ops.push(['put', 'flows', flow]);
  await ctx.store.commit(ops);
  return { id: flow.id };
};

const ownFlow = (ctx: UseCaseContext, caller: Caller, value: unknown): Flow =>
  ownRow(ctx.store.state.flows.get(requireUuid(value, 'input.flow_id')), caller, 'Flow');

/** `register_tasks`: an upsert by slug, so sending the same tasks again (an idempotent re-registration) changes nothing. */
export const registerTasks = async (ctx: UseCaseContext, input: { flow_id?: unknown; serialized_tasks?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.createFlow);
  const flow = ownFlow(ctx, caller, input.flow_id);
  if (!Array.isArray(input.serialized_tasks)) throw badInput('input.serialized_tasks', 'must be a list of serialized tasks');
  const parsed = input.serialized_tasks.map((t, i) => parseTask(t, `input.serialized_tasks[${i}]`));
  if (parsed.length === 0) return;
  const bySlug = new Map(flow.tasks.map((t) => [t.slug, t]));
  for (const t of tasksOf(parsed, flow.tasks)) bySlug.set(t.slug, t);
  await ctx.store.commit([['put', 'flows', { ...flow, tasks: [...bySlug.values()], updated: toIso(ctx.clock.now()) }]]);
};

export const registerEdges = async (ctx: UseCaseContext, input: { flow_id?: unknown; serialized_edges?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.createFlow);
  const flow = ownFlow(ctx, caller, input.flow_id);
  if (!Array.isArray(input.serialized_edges)) throw badInput('input.serialized_edges', 'must be a list of serialized edges');
  if (input.serialized_edges.length === 0) return;
  const key = (e: Json): string => JSON.stringify([(e.upstream_task as Json | undefined)?.slug, (e.downstream_task as Json | undefined)?.slug, e.key]);
  const edges = new Map(flow.edges.map((e) => [key(e), e]));
  input.serialized_edges.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw badInput(`input.serialized_edges[${i}]`, 'must be an edge object');
    edges.set(key(e as Json), e as Json);
  });
  await ctx.store.commit([['put', 'flows', { ...flow, edges: [...edges.values()], updated: toIso(ctx.clock.now()) }]]);
};

export const setScheduleActive = async (ctx: UseCaseContext, input: { flow_id?: unknown }, active: boolean): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.updateFlow);
  const flow = ownFlow(ctx, caller, input.flow_id);
  await ctx.store.commit([['put', 'flows', { ...flow, isScheduleActive: active, updated: toIso(ctx.clock.now()) }]]);
};

export const archiveFlow = async (ctx: UseCaseContext, input: { flow_id?: unknown }, archived: boolean): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.updateFlow);
  const flow = ownFlow(ctx, caller, input.flow_id);
  await ctx.store.commit([['put', 'flows', { ...flow, archived, updated: toIso(ctx.clock.now()) }]]);
};

export const deleteFlow = async (ctx: UseCaseContext, input: { flow_id?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.deleteFlow);
  const flow = ownFlow(ctx, caller, input.flow_id);
  await ctx.store.commit(flowDeletion(ctx, flow.id));
};

/** Flow-group labels (`set_flow_group_labels`): null clears them, so runs take their run config's. */
export const setFlowGroupLabels = async (ctx: UseCaseContext, input: { flow_group_id?: unknown; labels?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.updateFlow);
  const group = ownRow(ctx.store.state.flowGroups.get(requireUuid(input.flow_group_id, 'input.flow_group_id')), caller, 'Flow group');
  const { labels } = input;
  if (labels !== null && labels !== undefined && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
    throw badInput('input.labels', 'must be a list of strings or null');
  }
  await ctx.store.commit([['put', 'flowGroups', { ...group, labels: (labels as string[] | null | undefined) ?? null, updated: toIso(ctx.clock.now()) }]]);
};
