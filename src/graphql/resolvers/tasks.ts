import { countRows, type CountArgs } from '../../domain/flow-runs/aggregate.js';
import type { RelationalSchema } from '../../domain/flow-runs/relational-where.js';
import { flowsOfTenant } from '../../service/flows.js';
import { findTask, tasksOfTenant } from '../../service/tasks.js';
import type { State } from '../../store/state.js';
import type { GraphQLContext } from '../context.js';
import type { QueryResolvers } from '../resolver-types.js';
import { wireFlow } from '../flow-wire.js';
import { taskSchema, wireTaskOfFlow } from '../task-wire.js';
import { flowTypes } from './flows.js';
import { listRelational, orNull, schemasOf, type Args } from './flow-reads.js';

type Row = Record<string, unknown>;
type Ctx = GraphQLContext;

const taskSchemas = new WeakMap<State, RelationalSchema>();
const taskSchemaOf = (ctx: Ctx): RelationalSchema => {
  const { state } = ctx.instance.store;
  let schema = taskSchemas.get(state);
  if (!schema) taskSchemas.set(state, (schema = taskSchema(state, schemasOf(ctx))));
  return schema;
};

/** What an aggregate's `count` counts: the rows its parent selected. */
export interface Aggregate { rows: Row[] }

/**
 * A task row in full, wherever it came from (`flow { tasks }` gives the short row): read again
 * through its flow, which the caller may read since it reached the task.
 */
const fullTask = (r: Row, ctx: Ctx): Row => {
  if ('created' in r) return r;
  const flow = ctx.instance.store.state.flows.get(r.flow_id as string);
  const task = flow?.tasks.find((t) => t.id === r.id);
  return flow && task ? wireTaskOfFlow(task, flow) : r;
};
const taskColumn = (column: string) => (r: Row, _: unknown, ctx: Ctx) => fullTask(r, ctx)[column] ?? null;

export const taskQueries = {
  task: (_, args, ctx) => listRelational(tasksOfTenant(ctx.useCase).map(({ task, flow }) => wireTaskOfFlow(task, flow)), args, taskSchemaOf(ctx)),
  task_by_pk: (_, { id }, ctx) => orNull(() => { const { task, flow } = findTask(ctx.useCase, id); return wireTaskOfFlow(task, flow); }),
} satisfies QueryResolvers;

/** `task`'s own fields, `project.flows_aggregate` (Hasura's shape) and the count it answers. */
export const taskTypes = {
  project: {
    ...flowTypes.project,
    flows_aggregate: (p: Row, args: Args, ctx: Ctx): { aggregate: Aggregate; nodes: Row[] } => {
      const { state } = ctx.instance.store;
      const flows = flowsOfTenant(ctx.useCase).filter((f) => f.projectId === p.id).map((f) => wireFlow(f, state.flowGroups.get(f.flowGroupId)));
      const rows = listRelational(flows, args, schemasOf(ctx).flow);
      return { aggregate: { rows }, nodes: rows };
    },
  },
  flow_aggregate_fields: {
    count: (a: Aggregate, args: CountArgs) => countRows(a.rows, args),
  },
  task: {
    tenant_id: taskColumn('tenant_id'),
    created: taskColumn('created'),
    description: taskColumn('description'),
    retry_delay: taskColumn('retry_delay'),
    flow: (r: Row, _: unknown, ctx: Ctx) => {
      const { state } = ctx.instance.store;
      const f = state.flows.get(r.flow_id as string);
      return f ? wireFlow(f, state.flowGroups.get(f.flowGroupId)) : null;
    },
  },
};
