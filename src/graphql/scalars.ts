import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { parseZonedTime } from '../domain/time.js';
import { isUuid } from '../domain/validation.js';

const badInput = (message: string): GraphQLError => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

const uuidScalar = (name: string): GraphQLScalarType =>
  new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: (value) => {
      if (!isUuid(value)) throw badInput(`${JSON.stringify(value)} is not a valid UUID`);
      return value.toLowerCase();
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING || !isUuid(ast.value)) throw badInput(`${name} must be a UUID string`);
      return ast.value.toLowerCase();
    },
  });

/** Date-times must state their timezone: a naive time means something else in every zone. */
const timeScalar = (name: string): GraphQLScalarType =>
  new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: (value) => {
      if (typeof value !== 'string' || parseZonedTime(value) === null) {
        throw badInput(`${JSON.stringify(value)} is not an ISO-8601 date-time with a timezone (e.g. 2030-01-01T00:00:00+00:00)`);
      }
      return value;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING || parseZonedTime(ast.value) === null) {
        throw badInput(`${name} must be an ISO-8601 date-time string with a timezone`);
      }
      return ast.value;
    },
  });

const literalValue = (ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown => {
  switch (ast.kind) {
    case Kind.STRING: case Kind.BOOLEAN: case Kind.ENUM: return ast.value;
    case Kind.INT: case Kind.FLOAT: return Number(ast.value);
    case Kind.NULL: return null;
    case Kind.LIST: return ast.values.map((v) => literalValue(v, variables));
    case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalValue(f.value, variables)]));
    case Kind.VARIABLE: return variables?.[ast.name.value];
  }
};

const jsonScalar = (name: string): GraphQLScalarType =>
  new GraphQLScalarType({ name, serialize: (v) => v, parseValue: (v) => v, parseLiteral: literalValue });

export const scalars = {
  uuid: uuidScalar('uuid'),
  UUID: uuidScalar('UUID'),
  timestamptz: timeScalar('timestamptz'),
  DateTime: timeScalar('DateTime'),
  jsonb: jsonScalar('jsonb'),
  JSON: jsonScalar('JSON'),
};
