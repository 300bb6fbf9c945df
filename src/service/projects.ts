import { requireCaller, type Caller } from '../domain/auth.js';
import { badInput, DomainError, notFound } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import type { Project } from '../domain/flow-runs/types.js';
import { requirePermission } from '../domain/policies.js';
import { toIso } from '../domain/time.js';
import { requireName, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

/** The caller, checked for one permission: what every flow use case starts with. */
export const callerWith = (ctx: UseCaseContext, permission: string): Caller => {
  const caller = requireCaller(ctx.auth);
  requirePermission(caller, permission);
  return caller;
};

/** A record of the caller's tenant; another tenant's answers exactly as a missing one. */
export const ownRow = <T extends { tenantId: string }>(row: T | undefined, caller: Caller, what: string): T => {
  if (!row || row.tenantId !== caller.tenant.id) throw notFound(`${what} not found`);
  return row;
};

export const projectsOfTenant = (ctx: UseCaseContext): Project[] => {
  const caller = callerWith(ctx, FlowPermission.readProject);
  return ctx.store.state.projects.allBy('tenant', caller.tenant.id);
};

/**
 * Project names are unique in a tenant. The 1.x client recognises a duplicate by the message
 * "Uniqueness violation." (its field in `extensions.field`) and then looks the project up by name.
 */
export const createProject = async (ctx: UseCaseContext, input: { name?: unknown; description?: unknown; tenant_id?: unknown }): Promise<{ id: string }> => {
  const caller = callerWith(ctx, FlowPermission.createProject);
  if (input.tenant_id !== undefined && input.tenant_id !== null && requireUuid(input.tenant_id, 'input.tenant_id') !== caller.tenant.id) {
    throw badInput('input.tenant_id', 'must be the tenant the API key is bound to');
  }
  const name = requireName(input.name, 'input.name');
  if (input.description !== undefined && input.description !== null && typeof input.description !== 'string') {
    throw badInput('input.description', 'must be a string or null');
  }
  if (ctx.store.state.projects.by('tenantName', `${caller.tenant.id}/${name}`)) {
    // Exactly this message: the client looks for the quoted 'Uniqueness violation.' in the error list.
    throw new DomainError('BAD_USER_INPUT', 'Uniqueness violation.', 'input.name');
  }
  const now = toIso(ctx.clock.now());
  const project: Project = {
    id: newId(), tenantId: caller.tenant.id, name, description: (input.description as string | null | undefined) ?? null, created: now, updated: now,
  };
  await ctx.store.commit([['put', 'projects', project]]);
  return { id: project.id };
};

/** Deletes a project with its flows, runs, task runs and logs, in one commit. */
export const deleteProject = async (ctx: UseCaseContext, input: { project_id?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.deleteProject);
  const project = ownRow(ctx.store.state.projects.get(requireUuid(input.project_id, 'input.project_id')), caller, 'Project');
  const { state } = ctx.store;
  const ops: Op[] = [];
  for (const group of state.flowGroups.allBy('project', project.id)) {
    for (const flow of state.flows.allBy('group', group.id)) ops.push(...flowDeletion(ctx, flow.id));
    ops.push(['del', 'flowGroups', group.id]);
  }
  ops.push(['del', 'projects', project.id]);
  await ctx.store.commit(ops);
};

/** The ops that delete a flow and everything recorded about its runs. */
export const flowDeletion = (ctx: UseCaseContext, flowId: string): Op[] => {
  const { state } = ctx.store;
  const ops: Op[] = [];
  for (const run of state.flowRuns.allBy('flow', flowId)) {
    for (const t of state.taskRuns.allBy('flowRun', run.id)) ops.push(['del', 'taskRuns', t.id]);
    for (const l of state.runLogs.allBy('flowRun', run.id)) ops.push(['del', 'runLogs', l.id]);
    ops.push(['del', 'flowRuns', run.id]);
  }
  ops.push(['del', 'flows', flowId]);
  return ops;
};
