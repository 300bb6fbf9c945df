import { badInput, notFound } from '../domain/errors.js';
import { FlowPermission } from '../domain/flow-runs/permissions.js';
import { toIso } from '../domain/time.js';
import { requireName } from '../domain/validation.js';
import type { UseCaseContext } from './context.js';
import { callerWith } from './projects.js';

/** Secret values are any JSON; this much of it at most (the body limit is larger). */
const MAX_SECRET_BYTES = 256 * 1024;

export const setSecret = (ctx: UseCaseContext, input: { name?: unknown; value?: unknown }): void => {
  const caller = callerWith(ctx, FlowPermission.createSecret);
  const name = requireName(input.name, 'input.name');
  if (input.value === undefined) throw badInput('input.value', 'is required');
  // The value is never shown in an error: only its size.
  if (JSON.stringify(input.value).length > MAX_SECRET_BYTES) throw badInput('input.value', `must be at most ${MAX_SECRET_BYTES} bytes of JSON`);
  ctx.store.secrets.set(caller.tenant.id, name, input.value, toIso(ctx.clock.now()));
};

export const deleteSecret = (ctx: UseCaseContext, input: { name?: unknown }): void => {
  const caller = callerWith(ctx, FlowPermission.deleteSecret);
  const name = requireName(input.name, 'input.name');
  if (!ctx.store.secrets.delete(caller.tenant.id, name)) throw notFound('Secret not found');
};

export const secretNames = (ctx: UseCaseContext): string[] => ctx.store.secrets.names(callerWith(ctx, FlowPermission.readSecret).tenant.id);

/** What a flow's `PrefectSecret` reads; a missing secret is an error naming it, as Cloud answered. */
export const secretValue = (ctx: UseCaseContext, name: unknown): unknown => {
  const caller = callerWith(ctx, FlowPermission.readSecretValue);
  const checked = requireName(name, 'name');
  if (!ctx.store.secrets.has(caller.tenant.id, checked)) throw notFound(`No secret named ${JSON.stringify(checked)} in this tenant`);
  return ctx.store.secrets.get(caller.tenant.id, checked);
};
