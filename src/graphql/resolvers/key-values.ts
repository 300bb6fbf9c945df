import { listRelational, type RelationalSchema } from '../../domain/flow-runs/relational-where.js';
import type { KeyValue } from '../../domain/flow-runs/types.js';
import { toWireTime } from '../../domain/time.js';
import { deleteKeyValue, keyValuesOfTenant, setKeyValue } from '../../service/key-values.js';
import { successPayload } from '../payloads.js';
import type { MutationResolvers, QueryResolvers } from '../resolver-types.js';

const wireKeyValue = (k: KeyValue) => ({
  id: k.id, tenant_id: k.tenantId, key: k.key, value: k.value, created: toWireTime(k.created), updated: toWireTime(k.updated),
});
const schema: RelationalSchema = { columns: { id: 'string', key: 'string', created: 'time', updated: 'time' } };

/** The tenant's KV store, as `prefect kv` and `prefect.backend.kv_store` use it. */
export const keyValueQueries = {
  key_value: (_, args, ctx) => listRelational(keyValuesOfTenant(ctx.useCase).map(wireKeyValue), args, schema),
} satisfies QueryResolvers;

export const keyValueMutations = {
  set_key_value: (_, { input }, ctx) => setKeyValue(ctx.useCase, input),
  delete_key_value: (_, { input }, ctx) => successPayload(() => deleteKeyValue(ctx.useCase, input)),
} satisfies MutationResolvers;
