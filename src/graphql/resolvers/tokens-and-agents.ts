import { applyListArgs, type ListArgs } from '../../domain/where.js';
import { agentsUsingConfig, createAgentConfig, deleteAgent, deleteAgentConfig, findAgentConfig } from '../../service/agent-configs.js';
import { createApiToken, deleteApiToken, visibleTokens } from '../../service/api-tokens.js';
import type { GraphQLContext } from '../context.js';
import { successPayload } from '../payloads.js';
import { wireAgent, wireAgentConfig } from '../wire.js';
import { teamColumns, wireApiToken } from '../wire-team.js';

type Input = { input: Record<string, unknown> };
type WireToken = ReturnType<typeof wireApiToken>;
type WireAgent = ReturnType<typeof wireAgent>;
type WireConfig = ReturnType<typeof wireAgentConfig>;

/** The Tokens pages (deprecated API tokens), and the Agents and agent-config pages. */
export const tokensAndAgentsResolvers = {
  Query: {
    api_token: (_: unknown, args: ListArgs, ctx: GraphQLContext) => applyListArgs(visibleTokens(ctx.useCase).map(wireApiToken), args, teamColumns.apiToken),
    agent_config_by_pk: (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const config = findAgentConfig(ctx.useCase, args.id);
      return config ? wireAgentConfig(config) : null;
    },
  },
  Mutation: {
    create_api_token: (_: unknown, { input }: Input, ctx: GraphQLContext) => createApiToken(ctx.useCase, input),
    delete_api_token: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteApiToken(ctx.useCase, input)),
    delete_agent: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteAgent(ctx.useCase, input)),
    create_agent_config: (_: unknown, { input }: Input, ctx: GraphQLContext) => createAgentConfig(ctx.useCase, input),
    delete_agent_config: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteAgentConfig(ctx.useCase, input)),
  },
  types: {
    api_token: {
      created_by: (t: WireToken, _: unknown, ctx: GraphQLContext) => {
        const user = ctx.instance.store.state.user(t.created_by_id);
        return user ? { id: user.id, username: user.username } : null;
      },
    },
    agent: {
      // The key's id and name while the key exists; a revoked key no longer names anything.
      token_id: (a: WireAgent, _: unknown, ctx: GraphQLContext) => (a.token_id && ctx.instance.store.state.apiKeys.get(a.token_id) ? a.token_id : null),
      token_name: (a: WireAgent, _: unknown, ctx: GraphQLContext) => (a.token_id ? ctx.instance.store.state.apiKeys.get(a.token_id)?.name ?? null : null),
    },
    agent_config: {
      agents: (c: WireConfig, _: unknown, ctx: GraphQLContext) => {
        const config = ctx.instance.store.state.agentConfigs.get(c.id);
        return config ? agentsUsingConfig(ctx.useCase, config).map(wireAgent) : [];
      },
    },
  },
};
