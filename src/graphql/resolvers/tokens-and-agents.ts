import { applyListArgs } from '../../domain/where.js';
import { agentsUsingConfig, createAgentConfig, deleteAgent, deleteAgentConfig, findAgentConfig } from '../../service/agent-configs.js';
import { createApiToken, deleteApiToken, visibleTokens } from '../../service/api-tokens.js';
import { agentConfigById, agentKeyOf, keyCreator } from '../../service/directory.js';
import type { GraphQLContext } from '../context.js';
import { successPayload } from '../payloads.js';
import { wireAgent, wireAgentConfig } from '../wire.js';
import { listColumns } from '../schema-types.js';
import { wireApiToken } from '../wire-team.js';
import type { MutationResolvers, QueryResolvers } from '../resolver-types.js';

type WireToken = ReturnType<typeof wireApiToken>;
type WireAgent = ReturnType<typeof wireAgent>;
type WireConfig = ReturnType<typeof wireAgentConfig>;

/** The Tokens pages (deprecated API tokens), and the Agents and agent-config pages. */
export const tokensAndAgentsResolvers = {
  Query: {
    api_token: (_, args, ctx) => applyListArgs(visibleTokens(ctx.useCase).map(wireApiToken), args, listColumns.api_token),
    agent_config_by_pk: (_, args, ctx) => {
      const config = findAgentConfig(ctx.useCase, args.id);
      return config ? wireAgentConfig(config) : null;
    },
  } satisfies QueryResolvers,
  Mutation: {
    create_api_token: (_, { input }, ctx) => createApiToken(ctx.useCase, input),
    delete_api_token: (_, { input }, ctx) => successPayload(() => deleteApiToken(ctx.useCase, input)),
    delete_agent: (_, { input }, ctx) => successPayload(() => deleteAgent(ctx.useCase, input)),
    create_agent_config: (_, { input }, ctx) => createAgentConfig(ctx.useCase, input),
    delete_agent_config: (_, { input }, ctx) => successPayload(() => deleteAgentConfig(ctx.useCase, input)),
  } satisfies MutationResolvers,
  types: {
    api_token: {
      created_by: (t: WireToken, _: unknown, ctx: GraphQLContext) => {
        return keyCreator(ctx.useCase, t.created_by_id);
      },
    },
    agent: {
      // The key's id and name while the key exists; a revoked key no longer names anything.
      token_id: (a: WireAgent, _: unknown, ctx: GraphQLContext) => agentKeyOf(ctx.useCase, a.token_id)?.id ?? null,
      token_name: (a: WireAgent, _: unknown, ctx: GraphQLContext) => agentKeyOf(ctx.useCase, a.token_id)?.name ?? null,
    },
    agent_config: {
      agents: (c: WireConfig, _: unknown, ctx: GraphQLContext) => {
        const config = agentConfigById(ctx.useCase, c.id);
        return config ? agentsUsingConfig(ctx.useCase, config).map(wireAgent) : [];
      },
    },
  },
};
