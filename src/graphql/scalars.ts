import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { looksLikeKey } from '../domain/keys.js';
import { parseZonedTime } from '../domain/time.js';
import { isUuid } from '../domain/validation.js';

const badInput = (message: string): GraphQLError => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * A bad value as an error shows it: as sent (shortened), except a string that looks like an
 * API key, which is never echoed (people paste keys where ids belong, and errors end up in CI logs).
 */
const shown = (value: unknown): string => {
  if (typeof value === 'string' && looksLikeKey(value)) return 'a string that looks like an API key (not shown)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

const shownLiteral = (ast: ValueNode): string => {
  switch (ast.kind) {
    case Kind.STRING: return shown(ast.value);
    case Kind.INT: case Kind.FLOAT: case Kind.BOOLEAN: case Kind.ENUM: return String(ast.value);
    case Kind.NULL: return 'null';
    default: return 'a list or an object';
  }
};

/** A bad literal in the query text: reported with its location (graphql-js keeps our error as it is). */
const badLiteral = (message: string, ast: ValueNode): GraphQLError =>
  new GraphQLError(message, { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });

const uuidScalar = (name: string): GraphQLScalarType =>
  new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: (value) => {
      if (!isUuid(value)) throw badInput(`${shown(value)} is not a valid UUID`);
      return value.toLowerCase();
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING || !isUuid(ast.value)) throw badLiteral(`Expected a UUID (${name}), found ${shownLiteral(ast)}`, ast);
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
        throw badInput(`${shown(value)} is not an ISO-8601 date-time with a timezone (e.g. 2030-01-01T00:00:00+00:00)`);
      }
      return value;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING || parseZonedTime(ast.value) === null) {
        throw badLiteral(`Expected an ISO-8601 date-time with a timezone (${name}), found ${shownLiteral(ast)}`, ast);
      }
      return ast.value;
    },
  });

/**
 * Date-times in mutation inputs: any string here; the use case checks it (timezone, in the
 * future) and names the field (`input.expires_at`), whether it came as a variable or a literal.
 */
const inputTimeScalar = (name: string): GraphQLScalarType =>
  new GraphQLScalarType({
    name,
    serialize: (value) => value,
    parseValue: (value) => {
      if (typeof value !== 'string') throw badInput(`${shown(value)} is not an ISO-8601 date-time string with a timezone`);
      return value;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw badLiteral(`Expected an ISO-8601 date-time with a timezone (${name}), found ${shownLiteral(ast)}`, ast);
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
  DateTime: inputTimeScalar('DateTime'),
  jsonb: jsonScalar('jsonb'),
  JSON: jsonScalar('JSON'),
};
