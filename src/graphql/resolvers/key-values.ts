import { listRelational, type RelationalListArgs, type RelationalSchema } from '../../domain/flow-runs/relational-where.js';
import type { KeyValue } from '../../domain/flow-runs/types.js';
import { toWireTime } from '../../domain/time.js';
import { deleteKeyValue, keyValuesOfTenant, setKeyValue } from '../../service/key-values.js';
import type { GraphQLContext } from '../context.js';
import { successPayload } from '../payloads.js';

type Input = { input: Record<string, unknown> };

const wireKeyValue = (k: KeyValue) => ({
  id: k.id, tenant_id: k.tenantId, key: k.key, value: k.value, created: toWireTime(k.created), updated: toWireTime(k.updated),
});
const schema: RelationalSchema = { columns: { id: 'string', key: 'string', created: 'time', updated: 'time' } };

/** The tenant's KV store, as `prefect kv` and `prefect.backend.kv_store` use it. */
export const keyValueQueries = {
  key_value: (_: unknown, args: RelationalListArgs, ctx: GraphQLContext) => listRelational(keyValuesOfTenant(ctx.useCase).map(wireKeyValue), args, schema),
};

export const keyValueMutations = {
  set_key_value: (_: unknown, { input }: Input, ctx: GraphQLContext) => setKeyValue(ctx.useCase, input),
  delete_key_value: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteKeyValue(ctx.useCase, input)),
};
