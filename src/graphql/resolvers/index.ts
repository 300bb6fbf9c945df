import { teamResolvers } from './team.js';
import { tenantAndUserResolvers } from './tenant-and-user.js';
import { tokensAndAgentsResolvers } from './tokens-and-agents.js';

/** The Cloud 1.0 UI's key-system pages, beyond the API-key core in ../resolvers.ts. */
export const uiApiResolvers = {
  Query: { ...tenantAndUserResolvers.Query, ...teamResolvers.Query, ...tokensAndAgentsResolvers.Query },
  Mutation: { ...tenantAndUserResolvers.Mutation, ...teamResolvers.Mutation, ...tokensAndAgentsResolvers.Mutation },
  types: { ...teamResolvers.types, ...tokensAndAgentsResolvers.types },
};
