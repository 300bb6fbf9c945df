import { notFound } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import type { Flow, FlowTask } from '../domain/flow-runs/types.js';
import type { UseCaseContext } from './context.js';
import { callerWith } from './projects.js';

/** A task with the flow version it was registered with. */
export interface TaskOfFlow {
  task: FlowTask;
  flow: Flow;
}

/** Every task of every version of the caller's flows: reading them needs what reading flows needs. */
export const tasksOfTenant = (ctx: UseCaseContext): TaskOfFlow[] => {
  const caller = callerWith(ctx, FlowPermission.readFlow);
  return ctx.store.state.flows.allBy('tenant', caller.tenant.id).flatMap((flow) => flow.tasks.map((task) => ({ task, flow })));
};

/** One task by id; another tenant's answers exactly as a missing one. */
export const findTask = (ctx: UseCaseContext, id: string): TaskOfFlow => {
  const wanted = id.toLowerCase();
  const found = tasksOfTenant(ctx).find(({ task }) => task.id === wanted);
  if (!found) throw notFound('Task not found');
  return found;
};
