import { badInput, notFound } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import type { Secret } from '../domain/flow-runs/types.js';
import { toIso } from '../domain/time.js';
import { requireName } from '../domain/validation.js';
import { secretKey } from '../store/state.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';
import { callerWith } from './projects.js';

/** Secret values are any JSON; this much of it at most (the body limit is larger). */
const MAX_SECRET_BYTES = 256 * 1024;

const secretOf = (ctx: UseCaseContext, tenantId: string, name: string): Secret | undefined =>
  ctx.store.state.secrets.by('tenantName', secretKey(tenantId, name));

/**
 * Sets (creates or overwrites) a secret, answered once it is durable like any other record: with
 * a data file it is kept there (the user's own state) and never put in a snapshot.
 */
export const setSecret = async (ctx: UseCaseContext, input: { name?: unknown; value?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.createSecret);
  const name = requireName(input.name, 'input.name');
  if (input.value === undefined) throw badInput('input.value', 'is required');
  // The value is never shown in an error: only its size.
  if (JSON.stringify(input.value).length > MAX_SECRET_BYTES) throw badInput('input.value', `must be at most ${MAX_SECRET_BYTES} bytes of JSON`);
  const now = toIso(ctx.clock.now());
  const existing = secretOf(ctx, caller.tenant.id, name);
  const row: Secret = existing
    ? { ...existing, value: input.value, updated: now }
    : { id: newId(), tenantId: caller.tenant.id, name, value: input.value, created: now, updated: now };
  await ctx.store.commit([['put', 'secrets', row]]);
};

export const deleteSecret = async (ctx: UseCaseContext, input: { name?: unknown }): Promise<void> => {
  const caller = callerWith(ctx, FlowPermission.deleteSecret);
  const name = requireName(input.name, 'input.name');
  const row = secretOf(ctx, caller.tenant.id, name);
  if (!row) throw notFound('Secret not found');
  await ctx.store.commit([['del', 'secrets', row.id]]);
};

export const secretNames = (ctx: UseCaseContext): string[] =>
  ctx.store.state.secrets.allBy('tenant', callerWith(ctx, FlowPermission.readSecret).tenant.id).map((s) => s.name).sort();

/** What a flow's `PrefectSecret` reads; a missing secret is an error naming it, as Cloud answered. */
export const secretValue = (ctx: UseCaseContext, name: unknown): unknown => {
  const caller = callerWith(ctx, FlowPermission.readSecretValue);
  const checked = requireName(name, 'name');
  const row = secretOf(ctx, caller.tenant.id, checked);
  if (!row) throw notFound(`No secret named ${JSON.stringify(checked)} in this tenant`);
  return row.value;
};
