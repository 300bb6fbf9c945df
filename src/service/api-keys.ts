import { requireCaller } from '../domain/auth.js';
import { badInput } from '../domain/errors.js';
import { hashSecret } from '../domain/keys.js';
import { LIMITS } from '../domain/limits.js';
import { authorizeKeyCreation, authorizeKeyDeletion, canSeeKey, isServiceAccount } from '../domain/policies.js';
import { toIso } from '../domain/time.js';
import type { ApiKey, RevokedKey } from '../domain/types.js';
import { optionalExpiry, optionalUuid, requireName, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import { mintKey } from '../store/secrets.js';
import type { State } from '../store/state.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

export interface CreateKeyInput {
  user_id?: unknown;
  name?: unknown;
  expires_at?: unknown;
  default_tenant_id?: unknown;
}

/** The keys whose metadata the caller may see. */
export const visibleKeys = ({ store, auth }: UseCaseContext): ApiKey[] => {
  const caller = requireCaller(auth);
  const { state } = store;
  const result = state.apiKeys.allBy('user', caller.user.id);
  // The only other keys anyone may see are service accounts' keys of the caller's tenant.
  for (const account of state.serviceAccountsOf(caller.tenant.id)) {
    if (account.id === caller.user.id) continue;
    for (const key of state.apiKeys.allBy('user', account.id)) {
      if (canSeeKey(caller, key, account)) result.push(key);
    }
  }
  return result;
};

export const findVisibleKey = (ctx: UseCaseContext, id: string): ApiKey | undefined => {
  const caller = requireCaller(ctx.auth);
  const key = ctx.store.state.apiKeys.get(id.toLowerCase());
  return key && canSeeKey(caller, key, ctx.store.state.user(key.userId)) ? key : undefined;
};

/** Writes a new key and returns its plaintext: the only time anyone sees it. */
export const insertKey = async (
  ctx: Pick<UseCaseContext, 'store' | 'clock'>,
  fields: { userId: string; tenantId: string; name: string; expiresAt: string | null; createdById: string | null; key?: string },
  userField = 'user_id',
): Promise<{ row: ApiKey; key: string }> => {
  const held = ctx.store.state.apiKeys.countBy('user', fields.userId);
  if (held >= LIMITS.keysPerUser) {
    throw badInput(userField, `already holds ${held} API keys, the limit of ${LIMITS.keysPerUser} keys per user; delete some first`);
  }
  const key = fields.key ?? mintKey();
  const now = toIso(ctx.clock.now());
  const row: ApiKey = {
    id: newId(), name: fields.name, userId: fields.userId, tenantId: fields.tenantId, keyHash: hashSecret(key),
    expiresAt: fields.expiresAt, createdById: fields.createdById, created: now, updated: now,
  };
  await ctx.store.commit([['put', 'apiKeys', row]]);
  return { row, key };
};

export const createKey = async (ctx: UseCaseContext, input: CreateKeyInput): Promise<{ id: string; key: string }> => {
  const caller = requireCaller(ctx.auth);
  const userId = requireUuid(input.user_id, 'input.user_id');
  const name = requireName(input.name, 'input.name');
  const expiresAt = optionalExpiry(input.expires_at, ctx.clock.now(), 'input.expires_at');
  const requestedTenant = optionalUuid(input.default_tenant_id, 'input.default_tenant_id');
  const { state } = ctx.store;
  const target = state.user(userId);
  const targetMembership = target && isServiceAccount(target) ? state.memberships.allBy('user', target.id)[0] : undefined;
  const { tenantId } = authorizeKeyCreation(caller, target, targetMembership, requestedTenant);
  const { row, key } = await insertKey(ctx, { userId, tenantId, name, expiresAt, createdById: caller.user.id }, 'input.user_id');
  return { id: row.id, key };
};

/** Removing a key leaves a tombstone of its hash, so its next use can say it was revoked. */
export const revocationOps = (keys: readonly ApiKey[], reason: RevokedKey['reason'], now: number): Op[] =>
  keys.flatMap((key): Op[] => [
    ['del', 'apiKeys', key.id],
    ['put', 'revokedKeys', { id: key.id, keyHash: key.keyHash, reason, revokedAt: toIso(now) }],
  ]);

export const deleteKey = async (ctx: UseCaseContext, keyId: unknown): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const id = requireUuid(keyId, 'input.key_id');
  const state: State = ctx.store.state;
  const key = state.apiKeys.get(id);
  authorizeKeyDeletion(caller, key, key ? state.user(key.userId) : undefined);
  await ctx.store.commit(revocationOps([key!], 'revoked', ctx.clock.now()));
};
