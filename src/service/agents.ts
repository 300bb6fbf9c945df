import { requireCaller, type Caller } from '../domain/auth.js';
import { badInput, forbidden, notFound } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import { requirePermission } from '../domain/policies.js';
import { Permission } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Agent } from '../domain/types.js';
import { characterCount, optionalText, optionalUuid, requireUuid } from '../domain/validation.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

/** Agents name their tenant; it must be the one their key is bound to. */
const requireOwnTenant = (caller: Caller, value: unknown): void => {
  const tenantId = optionalUuid(value, 'input.tenant_id');
  if (tenantId !== null && tenantId !== caller.tenant.id) throw forbidden();
};

export const registerAgent = async (
  ctx: UseCaseContext,
  input: { tenant_id?: unknown; type?: unknown; name?: unknown; labels?: unknown; agent_config_id?: unknown },
  coreVersion: string | null = null,
): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  requirePermission(caller, Permission.createAgent);
  requireOwnTenant(caller, input.tenant_id);
  const configId = optionalUuid(input.agent_config_id, 'input.agent_config_id');
  if (configId !== null && ctx.store.state.agentConfigs.get(configId)?.tenantId !== caller.tenant.id) {
    throw badInput('input.agent_config_id', 'is not an agent config of this tenant');
  }
  const labels = Array.isArray(input.labels) ? input.labels.filter((l): l is string => typeof l === 'string') : [];
  if (labels.length > LIMITS.agentLabels) {
    throw badInput('input.labels', `may hold at most ${LIMITS.agentLabels} labels, the limit (this has ${labels.length})`);
  }
  if (labels.some((l) => characterCount(l) > LIMITS.agentLabelLength)) {
    throw badInput('input.labels', `each label may be at most ${LIMITS.agentLabelLength} characters, the limit`);
  }
  const now = toIso(ctx.clock.now());
  const agent: Agent = {
    id: newId(), tenantId: caller.tenant.id, name: optionalText(input.name, 'input.name'), type: optionalText(input.type, 'input.type'),
    labels, agentConfigId: configId, registeredById: caller.user.id, lastQueried: now, created: now,
    keyId: caller.key?.id ?? null, coreVersion: coreVersion === null ? null : coreVersion.slice(0, 64),
  };
  await ctx.store.commit([['put', 'agents', agent]]);
  return { id: agent.id };
};

const findAgent = (ctx: UseCaseContext, caller: Caller, id: string): Agent => {
  const agent = ctx.store.state.agents.get(id);
  if (!agent || agent.tenantId !== caller.tenant.id) throw notFound('Agent not found');
  return agent;
};

export const updateAgentHeartbeat = async (ctx: UseCaseContext, input: { agent_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  requirePermission(caller, Permission.updateAgent);
  const agent = findAgent(ctx, caller, requireUuid(input.agent_id, 'input.agent_id'));
  await ctx.store.commit([['put', 'agents', { ...agent, lastQueried: toIso(ctx.clock.now()) }]]);
};
