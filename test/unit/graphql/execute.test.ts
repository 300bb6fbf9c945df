import { execute, getOperationAST, parse, validate, type ExecutionResult } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { fragmentsOf, selectionDependsOnVariables } from '../../../src/graphql/collect-fields.js';
import { executeOperation } from '../../../src/graphql/execute.js';
import { loadSchema } from '../../../src/graphql/schema.js';

// The executor must answer exactly as graphql-js's own `execute` does: the same data, the same
// errors (messages, paths, locations) in the same order. Each case runs through both.
const typeDefs = /* GraphQL */ `
  interface Named { name: String! }
  type Dog implements Named { name: String! barks: Boolean }
  type Cat implements Named { name: String! lives: Int }
  union Pet = Dog | Cat
  type Item { id: ID! label: String! nested: Item note: String }
  type Query {
    hello: String
    items(n: Int = 3): [Item!]
    maybeItems: [Item]
    asyncItems: [Item!]!
    pets: [Pet!]!
    named: [Named]
    boom: String
    strictBoom: String!
    wrong: Item
    badScalar: Int
    echo(text: String!, times: Int): String
    promised: Item
    notIterable: [Int]
    watched: Watched
  }
  type Watched { list: [String] broken: String withArg(n: Int!): Int method(times: Int): String }
  type Mutation { step(label: String!): [String!]! fail: String! }
`;

const log: string[] = [];
const reads: string[] = [];
const resolvers = {
  Query: {
    hello: () => 'hi',
    items: (_: unknown, { n }: { n: number }) => Array.from({ length: n }, (_x, i) => ({ id: String(i), label: i === 1 ? null : `item ${i}`, nested: i === 2 ? { id: 'n', label: 'inner' } : null })),
    maybeItems: () => [{ id: 'a', label: 'A' }, null, { id: 'c', label: null }],
    asyncItems: async () => [{ id: 'x', label: 'X' }, Promise.resolve({ id: 'y', label: 'Y', note: Promise.reject(new Error('late')) })],
    pets: () => [{ __typename: 'Dog', name: 'Rex', barks: true }, { kind: 'cat', name: 'Tom', lives: 9 }],
    named: () => [{ kind: 'cat', name: 'Kit', lives: 3 }, { kind: 'fish', name: 'Nemo' }],
    boom: () => { throw new Error('it broke'); },
    strictBoom: () => null,
    wrong: () => 'not an object',
    badScalar: () => 'abc',
    echo: (_: unknown, { text, times }: { text: string; times?: number }) => text.repeat(times ?? 1),
    promised: async () => ({ id: 'p', label: async () => 'lazy', note: () => { throw new Error('note failed'); } }),
    notIterable: () => 42,
    watched: () => ({
      get list() { reads.push('list'); return ['a', 'b']; },
      get broken(): string { throw new Error('getter failed'); },
      withArg: 7,
      method: (args: { times?: number }) => 'm'.repeat(args.times ?? 1),
    }),
  },
  Mutation: {
    step: async (_: unknown, { label }: { label: string }) => { log.push(label); return [...log]; },
    fail: () => { throw new Error('mutation failed'); },
  },
  Pet: { __resolveType: (p: { __typename?: string; kind?: string }) => p.__typename ?? (p.kind === 'cat' ? 'Cat' : undefined) },
  Named: { __resolveType: (p: { kind?: string }) => (p.kind === 'cat' ? 'Cat' : p.kind === 'fish' ? 'Fish' : undefined) },
};
const schema = makeExecutableSchema({ typeDefs, resolvers });

const cases: [string, string, Record<string, unknown>?][] = [
  ['scalars and aliases', '{ hello greeting: hello __typename }'],
  ['lists, null propagation in non-null items', '{ items { id label nested { label } } }'],
  ['nullable items and fields', '{ maybeItems { id label } }'],
  ['async lists and a rejected item field', '{ asyncItems { id note } }'],
  ['unions and interfaces', '{ pets { __typename ... on Dog { name barks } ... on Cat { name lives } } named { name } }'],
  ['fragments, repeated and nested', 'query { items(n: 2) { ...A ...A } } fragment A on Item { id ...B } fragment B on Item { label }'],
  ['skip and include with variables', 'query ($s: Boolean!, $i: Boolean!) { hello @skip(if: $s) items(n: 1) @include(if: $i) { id } echo(text: "x") @include(if: false) }', { s: true, i: true }],
  ['a field error', '{ boom hello }'],
  ['a non-null field error nulls the parent (here data)', '{ strictBoom hello }'],
  ['an object resolved to a scalar', '{ wrong { id } }'],
  ['a scalar that does not serialize', '{ badScalar }'],
  ['not iterable', '{ notIterable }'],
  ['arguments and variables', 'query ($t: String!) { echo(text: $t, times: 3) }', { t: 'ab' }],
  ['variables that do not coerce', 'query ($t: String!, $n: Int) { echo(text: $t, times: $n) }', { n: 'many' }],
  ['promises all the way', '{ promised { id label note } }'],
  ['introspection', '{ __schema { queryType { name } } __type(name: "Pet") { kind possibleTypes { name } } }'],
  ['getters, a throwing getter, a field with arguments but no resolver, a method', 'query ($n: Int!) { watched { list broken withArg(n: $n) method(times: 2) } }', { n: 1 }],
  ['a serial mutation', 'mutation { a: step(label: "one") b: step(label: "two") c: step(label: "three") }'],
  ['a mutation whose non-null field fails', 'mutation { a: step(label: "four") fail b: step(label: "five") }'],
];

const run = async (sdl: typeof schema, query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  expect(validate(sdl, document)).toEqual([]);
  log.length = 0;
  const theirs = JSON.stringify(await execute({ schema: sdl, document, variableValues: variables, contextValue: {} }));
  log.length = 0;
  const operation = getOperationAST(document)!;
  const fixedSelections = !selectionDependsOnVariables(document);
  const once = { schema: sdl, operation, fragments: fragmentsOf(document), fixedSelections, variableValues: variables, contextValue: {} };
  const ours = JSON.stringify(await executeOperation(once) as ExecutionResult);
  // A second run of the same document takes the selections collected by the first.
  log.length = 0;
  const again = JSON.stringify(await executeOperation(once) as ExecutionResult);
  expect(again).toBe(ours);
  // And the per-request collection (as when @skip/@include depend on the variables) agrees.
  log.length = 0;
  const perRequest = JSON.stringify(await executeOperation({ ...once, fixedSelections: false }) as ExecutionResult);
  expect(perRequest).toBe(ours);
  return { ours, theirs, fixedSelections };
};

describe('executeOperation answers as graphql-js execute does', () => {
  for (const [name, query, variables] of cases) {
    it(name, async () => {
      const { ours, theirs } = await run(schema, query, variables);
      expect(ours).toBe(theirs);
    });
  }

  it('knows which documents select fields by variables', () => {
    expect(selectionDependsOnVariables(parse('{ a: hello ...F } fragment F on Query { hello }'))).toBe(false);
    expect(selectionDependsOnVariables(parse('query ($s: Boolean!) { hello @skip(if: $s) }'))).toBe(true);
    expect(selectionDependsOnVariables(parse('{ items { ... on Item @include(if: true) { id } } }'))).toBe(true);
    expect(selectionDependsOnVariables(parse('{ hello } fragment F on Item { nested { id @skip(if: false) } }'))).toBe(true);
  });

  it('reads a property without a resolver once, as the default resolver does', async () => {
    const document = parse('{ watched { list } }');
    reads.length = 0;
    await execute({ schema, document, contextValue: {} });
    const theirs = reads.length;
    reads.length = 0;
    await executeOperation({ schema, operation: getOperationAST(document)!, fragments: {}, fixedSelections: true, variableValues: null, contextValue: {} });
    expect(reads.length).toBe(theirs);
  });

  it('answers synchronously when every resolver is synchronous', () => {
    const document = parse('{ items { id label } hello }');
    const result = executeOperation({ schema, operation: getOperationAST(document)!, fragments: {}, fixedSelections: true, variableValues: null, contextValue: {} });
    expect(result).not.toBeInstanceOf(Promise);
  });

  it('introspects the emulator schema exactly as graphql-js does', async () => {
    const full = loadSchema();
    const query = '{ __schema { types { name kind fields(includeDeprecated: true) { name args { name defaultValue } type { name kind ofType { name kind } } } } } }';
    const { ours, theirs } = await run(full, query);
    expect(ours).toBe(theirs);
  });
});
