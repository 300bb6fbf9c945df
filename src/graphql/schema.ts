import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers.js';

/** schema.graphql at the package root is the source of truth; src/ and dist/ sit at the same depth below it. */
export const SCHEMA_PATH = new URL('../../schema.graphql', import.meta.url);

let cached: GraphQLSchema | undefined;

export const loadSchema = (): GraphQLSchema => {
  cached ??= makeExecutableSchema({ typeDefs: readFileSync(SCHEMA_PATH, 'utf8'), resolvers });
  return cached;
};
