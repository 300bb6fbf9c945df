import { deleteSecret, secretNames, secretValue, setSecret } from '../../service/secrets.js';
import type { GraphQLContext } from '../context.js';
import { successPayload } from '../payloads.js';

type Input = { input: Record<string, unknown> };

export const secretQueries = {
  secret_names: (_: unknown, __: unknown, ctx: GraphQLContext) => secretNames(ctx.useCase),
  secret_value: (_: unknown, args: { name: string }, ctx: GraphQLContext) => secretValue(ctx.useCase, args.name),
};

export const secretMutations = {
  set_secret: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(async () => setSecret(ctx.useCase, input)),
  delete_secret: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(async () => deleteSecret(ctx.useCase, input)),
};
