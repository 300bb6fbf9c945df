import { describe, expectTypeOf, it } from 'vitest';
import { flowMutations, flowQueries } from '../../src/graphql/resolvers/flows.js';
import { uiApiResolvers } from '../../src/graphql/resolvers/index.js';
import { keyValueMutations, keyValueQueries } from '../../src/graphql/resolvers/key-values.js';
import { runMutations } from '../../src/graphql/resolvers/runs.js';
import { secretMutations, secretQueries } from '../../src/graphql/resolvers/secrets.js';
import { sessionMutations } from '../../src/graphql/resolvers/sessions.js';
import { taskQueries } from '../../src/graphql/resolvers/tasks.js';
import type { MutationArgs, QueryArgs } from '../../src/graphql/schema-types.js';

/**
 * The arguments each resolver of a module declares, by field. A resolver that takes no arguments
 * parameter cannot misread them, so it counts as taking the schema's.
 */
type ArgsOf<Map, Args> = {
  [F in keyof Map & keyof Args]: Map[F] extends (parent: never, args: infer A, ...rest: never[]) => unknown ? (unknown extends A ? Args[F] : A) : never;
};

// Type assertions: `npm run typecheck` (tsc over test/) fails when one does not hold, e.g. when a
// resolver goes back to declaring its input as an untyped record instead of the schema's type.
describe('resolver modules take each root field\'s arguments from schema.graphql', () => {
  it('Query fields', () => {
    expectTypeOf<ArgsOf<typeof flowQueries, QueryArgs>>().toEqualTypeOf<Pick<QueryArgs, keyof typeof flowQueries>>();
    expectTypeOf<ArgsOf<typeof keyValueQueries, QueryArgs>>().toEqualTypeOf<Pick<QueryArgs, keyof typeof keyValueQueries>>();
    expectTypeOf<ArgsOf<typeof secretQueries, QueryArgs>>().toEqualTypeOf<Pick<QueryArgs, keyof typeof secretQueries>>();
    expectTypeOf<ArgsOf<typeof taskQueries, QueryArgs>>().toEqualTypeOf<Pick<QueryArgs, keyof typeof taskQueries>>();
    expectTypeOf<ArgsOf<typeof uiApiResolvers.Query, QueryArgs>>().toEqualTypeOf<Pick<QueryArgs, keyof typeof uiApiResolvers.Query>>();
  });

  it('Mutation fields', () => {
    expectTypeOf<ArgsOf<typeof flowMutations, MutationArgs>>().toEqualTypeOf<Pick<MutationArgs, keyof typeof flowMutations>>();
    expectTypeOf<ArgsOf<typeof keyValueMutations, MutationArgs>>().toEqualTypeOf<Pick<MutationArgs, keyof typeof keyValueMutations>>();
    expectTypeOf<ArgsOf<typeof runMutations, MutationArgs>>().toEqualTypeOf<Pick<MutationArgs, keyof typeof runMutations>>();
    expectTypeOf<ArgsOf<typeof secretMutations, MutationArgs>>().toEqualTypeOf<Pick<MutationArgs, keyof typeof secretMutations>>();
    expectTypeOf<ArgsOf<typeof sessionMutations, MutationArgs>>().toEqualTypeOf<Pick<MutationArgs, keyof typeof sessionMutations>>();
    expectTypeOf<ArgsOf<typeof uiApiResolvers.Mutation, MutationArgs>>().toEqualTypeOf<Pick<MutationArgs, keyof typeof uiApiResolvers.Mutation>>();
  });
});
