import { deleteSecret, secretNames, secretValue, setSecret } from '../../service/secrets.js';
import { successPayload } from '../payloads.js';
import type { MutationResolvers, QueryResolvers } from '../resolver-types.js';

export const secretQueries = {
  secret_names: (_, __, ctx) => secretNames(ctx.useCase),
  secret_value: (_, args, ctx) => secretValue(ctx.useCase, args.name),
} satisfies QueryResolvers;

export const secretMutations = {
  set_secret: (_, { input }, ctx) => successPayload(async () => setSecret(ctx.useCase, input)),
  delete_secret: (_, { input }, ctx) => successPayload(async () => deleteSecret(ctx.useCase, input)),
} satisfies MutationResolvers;
