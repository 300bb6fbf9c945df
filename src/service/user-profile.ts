import { requireCaller } from '../domain/auth.js';
import { toIso } from '../domain/time.js';
import { optionalText, requireJsonObject } from '../domain/validation.js';
import type { UseCaseContext } from './context.js';

/** The caller's UI preferences, merged into what is stored (the UI sends what changed). */
export const updateUserSettings = async (ctx: UseCaseContext, input: { settings?: unknown }): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  const settings = requireJsonObject(input.settings, 'input.settings');
  const user = ctx.store.state.user(caller.user.id)!;
  await ctx.store.commit([['put', 'users', { ...user, settings: { ...(user.settings ?? {}), ...settings }, updated: toIso(ctx.clock.now()) }]]);
  return { id: user.id };
};

/** The caller's first and last name; a field left out keeps its value, null clears it. */
export const updateUserDetails = async (ctx: UseCaseContext, input: { first_name?: unknown; last_name?: unknown }): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  const user = ctx.store.state.user(caller.user.id)!;
  const firstName = input.first_name === undefined ? user.firstName : optionalText(input.first_name, 'input.first_name');
  const lastName = input.last_name === undefined ? user.lastName : optionalText(input.last_name, 'input.last_name');
  await ctx.store.commit([['put', 'users', { ...user, firstName, lastName, updated: toIso(ctx.clock.now()) }]]);
  return { id: user.id };
};
