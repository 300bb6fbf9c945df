import type { GraphQLContext } from './context.js';

type Resolver = (parent: unknown, args: never, ctx: GraphQLContext, info: unknown) => unknown;

/**
 * Wraps every root mutation resolver so it re-resolves the caller before it starts. graphql-js
 * runs a mutation's root fields one after another, each waiting for the previous one's journal
 * write; a key revoked, a member demoted or removed, or a service account deleted by a request
 * acknowledged meanwhile must bind every field that starts afterwards, not only the next request.
 */
export const recheckCallerPerField = <T extends Record<string, Resolver>>(mutations: T): T =>
  Object.fromEntries(
    Object.entries(mutations).map(([name, resolve]) => [
      name,
      (parent: unknown, args: never, ctx: GraphQLContext, info: unknown) => {
        ctx.reauthenticate();
        return resolve(parent, args, ctx, info);
      },
    ]),
  ) as T;
