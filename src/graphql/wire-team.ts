import { toWireTime } from '../domain/time.js';
import type { ApiToken, Invitation } from '../domain/types.js';
import type { ColumnType } from '../domain/where.js';

/** Wire shapes of the records the team, tokens and licence pages read (see ./wire.ts for the rest). */
export const wireInvitation = (i: Invitation) => ({
  id: i.id, email: i.email, tenant_id: i.tenantId, role_id: i.roleId, created: toWireTime(i.created),
});

export const wireApiToken = (t: ApiToken) => ({
  id: t.id, name: t.name, scope: t.scope, user_id: t.userId, tenant_id: t.tenantId, created: toWireTime(t.created),
  expires_at: t.expiresAt ? toWireTime(t.expiresAt) : null, last_used: null, created_by_id: t.createdById ?? t.userId,
});

const S = 'string' as const;
const T = 'time' as const;

export const teamColumns = {
  membership: { id: S, tenant_id: S, user_id: S, role_id: S, created: T },
  invitation: { id: S, email: S, tenant_id: S, role_id: S, created: T },
  apiToken: { id: S, name: S, scope: S, user_id: S, tenant_id: S, created: T },
} satisfies Record<string, Record<string, ColumnType>>;
