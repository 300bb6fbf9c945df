import { intervalText } from '../domain/flow-runs/aggregate.js';
import type { RelationalSchema } from '../domain/flow-runs/relational-where.js';
import type { Flow, FlowTask } from '../domain/flow-runs/types.js';
import { toWireTime } from '../domain/time.js';
import type { State } from '../store/state.js';
import { flowSchemas, wireFlow, wireTask } from './flow-wire.js';

type Row = Record<string, unknown>;
const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The task as the flow's serialization describes it (where its description and retry delay live). */
const serializedTask = (flow: Flow, slug: string): Row | undefined => {
  const tasks = isObject(flow.serializedFlow) ? flow.serializedFlow.tasks : undefined;
  return Array.isArray(tasks) ? tasks.find((t): t is Row => isObject(t) && t.slug === slug) : undefined;
};

/** A task with the columns `prefect get tasks` and `describe tasks` read, all from its flow version. */
export const wireTaskOfFlow = (task: FlowTask, flow: Flow) => {
  const serialized = serializedTask(flow, task.slug);
  const delay = serialized?.retry_delay;
  return {
    ...wireTask(task, flow.id), tenant_id: flow.tenantId, created: toWireTime(flow.created),
    description: typeof serialized?.description === 'string' ? serialized.description : null,
    retry_delay: typeof delay === 'number' && Number.isFinite(delay) ? intervalText(delay) : null,
  };
};

/** The task table for `Query.task`: its columns, and `flow` (with the flow's own relationships) to filter through. */
export const taskSchema = (state: State, schemas: ReturnType<typeof flowSchemas>): RelationalSchema => ({
  columns: { ...schemas.task.columns, tenant_id: 'string', type: 'string', mapped: 'boolean', created: 'time' },
  relations: {
    flow: {
      many: false, schema: () => schemas.flow,
      get: (r: Row) => { const f = state.flows.get(r.flow_id as string); return f && wireFlow(f, state.flowGroups.get(f.flowGroupId)); },
    },
  },
});
