import { badInput } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import type { KeyValue } from '../domain/flow-runs/types.js';
import { toIso } from '../domain/time.js';
import { requireName, requireUuid } from '../domain/validation.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';
import { callerWith, ownRow } from './projects.js';

/** Cloud 1.0's limit, which the 1.x client also checks before sending. */
const MAX_VALUE_BYTES = 10_000;

export const keyValuesOfTenant = (ctx: UseCaseContext): KeyValue[] =>
  ctx.store.state.keyValues.allBy('tenant', callerWith(ctx, FlowPermission.readKeyValue).tenant.id);

/** `set_key_value`: creates the key, or overwrites its value (which needs update:key-value). */
export const setKeyValue = async (ctx: UseCaseContext, input: { key?: unknown; value?: unknown }): Promise<{ id: string }> => {
  const caller = callerWith(ctx, FlowPermission.createKeyValue);
  const key = requireName(input.key, 'input.key');
  if (input.value === undefined) throw badInput('input.value', 'is required');
  if (JSON.stringify(input.value).length > MAX_VALUE_BYTES) throw badInput('input.value', `must be at most ${MAX_VALUE_BYTES} bytes of JSON`);
  const now = toIso(ctx.clock.now());
  const existing = ctx.store.state.keyValues.by('tenantKey', `${caller.tenant.id}/${key}`);
  if (existing) callerWith(ctx, FlowPermission.updateKeyValue);
  const row: KeyValue = existing
    ? { ...existing, value: input.value, updated: now }
    : { id: newId(), tenantId: caller.tenant.id, key, value: input.value, created: now, updated: now };
  await ctx.store.commit([['put', 'keyValues', row]]);
  return { id: row.id };
};

export const deleteKeyValue = async (ctx: UseCaseContext, input: { key_value_id?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.deleteKeyValue);
  const row = ownRow(ctx.store.state.keyValues.get(requireUuid(input.key_value_id, 'input.key_value_id')), caller, 'Key value');
  await ctx.store.commit([['del', 'keyValues', row.id]]);
};
