import { parseTimeFrom } from '../clock/time-input.js';
import { badInput } from '../domain/errors.js';
import { toIso } from '../domain/time.js';
import { optionalUuid, requireName, requireUuid } from '../domain/validation.js';
import { insertKey } from './api-keys.js';
import type { UseCaseContext } from './context.js';

/** What to mint a key for (`POST /__emulator/keys`, `emulator.mintKey`); checked, so typed loosely. */
export interface MintKeyInput {
  /** The user or service account that will own the key (required). */
  user_id?: unknown;
  /** Default `minted for <username>`. */
  name?: unknown;
  /** ISO-8601 with timezone or a duration relative to the emulator's clock (`+1h`, `-1d`); past times allowed. */
  expires_at?: unknown;
  /** The tenant the key is bound to; default the user's default tenant. */
  tenant_id?: unknown;
}

/** A minted key: the plaintext is shown here once and stored only as a hash. */
export interface MintedKey {
  /** The key's id (as `auth_api_key.id` and `delete_api_key` know it). */
  id: string;
  /** The plaintext key, for `Authorization: Bearer`. Never log it. */
  key: string;
  name: string;
  user_id: string;
  /** The one tenant the key may be used with. */
  tenant_id: string;
  /** ISO-8601, or null: never expires. */
  expires_at: string | null;
}

/** Unlike a key created over GraphQL, a minted key may expire in the past: tests want expired keys. */
const mintedExpiry = (value: unknown, now: number): string | null => {
  if (value === undefined || value === null) return null;
  const ms = parseTimeFrom(value, now);
  if (ms === null) throw badInput('expires_at', 'must be an ISO-8601 date-time with timezone or a duration relative to now (+1h, -1d)');
  return toIso(ms);
};

/**
 * A key for any user or service account, without authenticating: how tests get keys for a
 * fresh state. The key is bound to `tenant_id`, or to the user's default tenant.
 */
export const mintKeyFor = async (ctx: Pick<UseCaseContext, 'store' | 'clock'>, input: MintKeyInput): Promise<MintedKey> => {
  const userId = requireUuid(input.user_id, 'user_id');
  const { state } = ctx.store;
  const user = state.user(userId);
  if (!user) throw badInput('user_id', 'is not a user or service account of this emulator');
  const name = input.name === undefined ? `minted for ${user.username}` : requireName(input.name, 'name');
  const requestedTenant = optionalUuid(input.tenant_id, 'tenant_id');
  const memberships = state.memberships.allBy('user', user.id);
  const tenantId = requestedTenant
    ?? memberships.find((m) => m.id === user.defaultMembershipId)?.tenantId
    ?? memberships[0]?.tenantId;
  if (!tenantId || !memberships.some((m) => m.tenantId === tenantId)) {
    throw badInput('tenant_id', requestedTenant ? 'is not a tenant this user is a member of' : 'the user has no tenant');
  }
  const expiresAt = mintedExpiry(input.expires_at, ctx.clock.now());
  const { row, key } = await insertKey(ctx, { userId, tenantId, name, expiresAt, createdById: null });
  return { id: row.id, key, name: row.name, user_id: row.userId, tenant_id: row.tenantId, expires_at: row.expiresAt };
};
