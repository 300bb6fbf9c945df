import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSchema, SCHEMA_PATH } from '../../src/graphql/schema.js';
import { resolvers } from '../../src/graphql/resolvers.js';

describe('schema.graphql', () => {
  it('is valid SDL (start-up skips this check, so the suite must make it)', () => {
    expect(() => buildSchema(readFileSync(SCHEMA_PATH, 'utf8'))).not.toThrow();
  });

  it('has a resolver for every root field, and every resolver names a field of the schema', () => {
    const schema = loadSchema();
    for (const root of ['Query', 'Mutation'] as const) {
      const type = schema.getType(root) as GraphQLObjectType;
      const fields = Object.keys(type.getFields()).sort();
      expect(Object.keys(resolvers[root]).sort()).toEqual(fields);
    }
    for (const [typeName, fieldResolvers] of Object.entries(resolvers)) {
      const type = schema.getType(typeName);
      if (!type || !isObjectType(type)) continue;
      for (const field of Object.keys(fieldResolvers as object)) expect(type.getFields()).toHaveProperty(field);
    }
  });
});
