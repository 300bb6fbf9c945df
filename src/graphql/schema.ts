import { readFileSync } from 'node:fs';
import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers.js';

/** schema.graphql at the package root is the source of truth; src/ and dist/ sit at the same depth below it. */
export const SCHEMA_PATH = new URL('../../schema.graphql', import.meta.url);

let cached: GraphQLSchema | undefined;

/**
 * Builds the executable schema. The SDL's validity is checked by the test suite
 * (test/unit/schema.test.ts), not at every start: skipping it (and makeExecutableSchema's
 * type-def merging, which one file does not need) halves the time start-up spends here. The
 * resolvers are set on the schema just built (`updateResolversInPlace`) instead of on a copy of
 * the whole schema, which was most of what remained. Parsed without source locations: nothing
 * reports a position in the SDL, and each would be one more object built at every start.
 */
export const loadSchema = (): GraphQLSchema => {
  cached ??= addResolversToSchema({
    schema: buildASTSchema(parse(readFileSync(SCHEMA_PATH, 'utf8'), { noLocation: true }), { assumeValidSDL: true }),
    resolvers,
    updateResolversInPlace: true,
  });
  return cached;
};
