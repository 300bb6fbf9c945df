import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLInputObjectType, GraphQLObjectType, isObjectType, validateSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSchema, SCHEMA_PATH } from '../../src/graphql/schema.js';
import { resolvers } from '../../src/graphql/resolvers.js';

describe('schema.graphql', () => {
  it('is valid SDL and a valid schema (start-up and the first request skip these checks, so the suite must make them)', () => {
    expect(() => buildSchema(readFileSync(SCHEMA_PATH, 'utf8'))).not.toThrow();
    expect(validateSchema(buildSchema(readFileSync(SCHEMA_PATH, 'utf8')))).toEqual([]);
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

  it('src/graphql/schema-types.ts is what the schema gives (run `npm run generate` after changing it)', () => {
    const script = new URL('../../scripts/schema-types.mjs', import.meta.url).pathname;
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('every list filter and ordering column is a field of its row type', () => {
    const schema = loadSchema();
    for (const name of Object.keys(schema.getTypeMap()).filter((n) => /_(bool_exp|order_by)$/.test(n))) {
      const row = schema.getType(name.replace(/_(bool_exp|order_by)$/, ''));
      expect(row && isObjectType(row), `${name} belongs to an object type`).toBe(true);
      const columns = Object.keys((schema.getType(name) as GraphQLInputObjectType).getFields()).filter((c) => !c.startsWith('_'));
      for (const column of columns) expect((row as GraphQLObjectType).getFields(), `${name}.${column}`).toHaveProperty(column);
    }
  });
});
