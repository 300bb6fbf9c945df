import { toWireTime } from '../domain/time.js';
import type { ApiToken, Invitation } from '../domain/types.js';
import type * as Schema from './schema-types.js';

/**
 * Wire shapes of the records the team, tokens and licence pages read (see ./wire.ts for the rest),
 * typed against the schema: the fields their own resolvers answer are left out.
 */
export type WireInvitation = Omit<Schema.membership_invitation, 'role' | 'role_detail' | 'tenant' | 'user'>;
/** `created_by` is resolved from the creator's id, which the row carries. */
export type WireApiToken = Omit<Schema.api_token, 'created_by'> & { created_by_id: string };

export const wireInvitation = (i: Invitation): WireInvitation => ({
  id: i.id, email: i.email, tenant_id: i.tenantId, role_id: i.roleId, created: toWireTime(i.created),
});

export const wireApiToken = (t: ApiToken): WireApiToken => ({
  id: t.id, name: t.name, scope: t.scope, user_id: t.userId, tenant_id: t.tenantId, created: toWireTime(t.created),
  expires_at: t.expiresAt ? toWireTime(t.expiresAt) : null, last_used: null, created_by_id: t.createdById ?? t.userId,
});
