import { requireCaller } from '../domain/auth.js';
import { notFound } from '../domain/errors.js';
import { requirePermission } from '../domain/policies.js';
import { Permission } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Agent, AgentConfig } from '../domain/types.js';
import { optionalText, requireJsonObject, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

/** Agent configs are the tenant's, managed with the agent permissions (the UI's role editor has no other). */
export const findAgentConfig = ({ store, auth }: UseCaseContext, id: string): AgentConfig | undefined => {
  const caller = requireCaller(auth);
  requirePermission(caller, Permission.readAgent);
  const config = store.state.agentConfigs.get(id.toLowerCase());
  return config?.tenantId === caller.tenant.id ? config : undefined;
};

export const agentsUsingConfig = ({ store }: UseCaseContext, config: AgentConfig): Agent[] =>
  store.state.agents.allBy('tenant', config.tenantId).filter((a) => a.agentConfigId === config.id);

export const createAgentConfig = async (ctx: UseCaseContext, input: { name?: unknown; settings?: unknown }): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  requirePermission(caller, Permission.createAgent);
  const name = optionalText(input.name, 'input.name');
  const settings = input.settings === undefined || input.settings === null ? {} : requireJsonObject(input.settings, 'input.settings');
  const config: AgentConfig = { id: newId(), tenantId: caller.tenant.id, name, settings, created: toIso(ctx.clock.now()) };
  await ctx.store.commit([['put', 'agentConfigs', config]]);
  return { id: config.id };
};

/** Agents that used the config keep running without one. */
export const deleteAgentConfig = async (ctx: UseCaseContext, input: { agent_config_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const id = requireUuid(input.agent_config_id, 'input.agent_config_id');
  requirePermission(caller, Permission.deleteAgent);
  const config = findAgentConfig(ctx, id);
  if (!config) throw notFound('Agent config not found');
  const ops: Op[] = agentsUsingConfig(ctx, config).map((a): Op => ['put', 'agents', { ...a, agentConfigId: null }]);
  ops.push(['del', 'agentConfigs', config.id]);
  await ctx.store.commit(ops);
};

export const deleteAgent = async (ctx: UseCaseContext, input: { agent_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const id = requireUuid(input.agent_id, 'input.agent_id');
  requirePermission(caller, Permission.deleteAgent);
  const agent = ctx.store.state.agents.get(id);
  if (!agent || agent.tenantId !== caller.tenant.id) throw notFound('Agent not found');
  await ctx.store.commit([['del', 'agents', agent.id]]);
};
