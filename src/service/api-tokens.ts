import { requireCaller, type Caller } from '../domain/auth.js';
import { badInput, notFound } from '../domain/errors.js';
import { hashSecret } from '../domain/keys.js';
import { requirePermission } from '../domain/policies.js';
import { hasPermission, Permission } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { ApiToken } from '../domain/types.js';
import { optionalExpiry, requireName, requireUuid } from '../domain/validation.js';
import { mintKey } from '../store/secrets.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

/**
 * Deprecated API tokens, as the UI's Tokens pages manage them. A USER token is its owner's; a
 * TENANT or RUNNER token belongs to the tenant and is managed by those who manage service
 * accounts (the UI shows Team > Tokens on `create:service-account`). Whatever their scope,
 * tokens still authenticate `auth_info` only (domain/auth.ts), as API keys replaced them.
 */
export const TOKEN_SCOPES = ['USER', 'TENANT', 'RUNNER'] as const;

const managesTenantTokens = (caller: Caller): boolean => hasPermission(caller.role, Permission.createServiceAccount);

const canSeeToken = (caller: Caller, token: ApiToken): boolean =>
  token.userId === caller.user.id || (token.scope !== 'USER' && token.tenantId === caller.tenant.id && managesTenantTokens(caller));

export const visibleTokens = ({ store, auth }: UseCaseContext): ApiToken[] => {
  const caller = requireCaller(auth);
  return [...store.state.apiTokens.all()].filter((t) => canSeeToken(caller, t));
};

export const createApiToken = async (
  ctx: UseCaseContext,
  input: { name?: unknown; scope?: unknown; expires_at?: unknown },
): Promise<{ id: string; token: string }> => {
  const caller = requireCaller(ctx.auth);
  const name = requireName(input.name, 'input.name');
  const scope = input.scope === undefined || input.scope === null ? 'USER' : input.scope;
  if (typeof scope !== 'string' || !(TOKEN_SCOPES as readonly string[]).includes(scope)) throw badInput('input.scope', 'must be USER, TENANT or RUNNER');
  if (scope !== 'USER') requirePermission(caller, Permission.createServiceAccount);
  const expiresAt = optionalExpiry(input.expires_at, ctx.clock.now(), 'input.expires_at');
  const token = mintKey();
  const row: ApiToken = {
    id: newId(), name, userId: caller.user.id, tenantId: scope === 'USER' ? null : caller.tenant.id, tokenHash: hashSecret(token), scope,
    created: toIso(ctx.clock.now()), expiresAt, createdById: caller.user.id,
  };
  await ctx.store.commit([['put', 'apiTokens', row]]);
  return { id: row.id, token };
};

/** The owner revokes their token; tenant tokens also those who manage them. Others: not found. */
export const deleteApiToken = async (ctx: UseCaseContext, input: { token_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  const id = requireUuid(input.token_id, 'input.token_id');
  const token = ctx.store.state.apiTokens.get(id);
  if (!token || !canSeeToken(caller, token)) throw notFound('API token not found');
  await ctx.store.commit([['del', 'apiTokens', token.id]]);
};
