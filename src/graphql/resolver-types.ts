import type { GraphQLContext } from './context.js';
import type { MutationArgs, QueryArgs } from './schema-types.js';

/** A resolver for every field of a root type, each typed with that field's arguments from the schema. */
export type RootResolvers<Args> = { [F in keyof Args]: (parent: unknown, args: Args[F], ctx: GraphQLContext) => unknown };

/**
 * Some of the Query fields, each with its arguments from the schema. A module that owns a few
 * root fields writes `{ ... } satisfies QueryResolvers`: its resolvers take their arguments'
 * types from the schema, a misspelt field name fails, and the map keeps its exact keys so the
 * complete root map (`RootResolvers<QueryArgs>` in ../resolvers.ts) checks that none is missing.
 */
export type QueryResolvers = Partial<RootResolvers<QueryArgs>>;

/** Some of the Mutation fields, each with its arguments from the schema (see `QueryResolvers`). */
export type MutationResolvers = Partial<RootResolvers<MutationArgs>>;

/** A resolver of a field without arguments on an object type, given the object's wire shape. */
export type FieldResolver<Parent> = (parent: Parent, args: Record<string, never>, ctx: GraphQLContext) => unknown;
