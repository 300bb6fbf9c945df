import { licenseIdOf } from '../domain/license.js';
import { toWireTime } from '../domain/time.js';
import type { Agent, AgentConfig, ApiKey, Membership, Role, Tenant, User } from '../domain/types.js';
import type { ColumnType } from '../domain/where.js';

/**
 * Records in Prefect's wire shape (snake_case, Hasura timestamps). List filters run on these,
 * so `where` and `order_by` name the same columns clients see.
 */
export const wireTenant = (t: Tenant) => ({
  id: t.id, name: t.name, slug: t.slug, created: toWireTime(t.created), updated: toWireTime(t.updated), info: t.info, settings: t.settings,
  // What the UI's shell reads at start: no staff settings, no Stripe customer, the tenant's licence (domain/license.ts).
  prefect_admin_settings: {}, stripe_customer: null, license_id: licenseIdOf(t.id),
});

export const wireUser = (u: User) => ({
  id: u.id, username: u.username, email: u.email, first_name: u.firstName, last_name: u.lastName, account_type: u.accountType,
  default_membership_id: u.defaultMembershipId, created: toWireTime(u.created), updated: toWireTime(u.updated), settings: u.settings ?? {},
});

export const wireMembership = (m: Membership) => ({
  id: m.id, tenant_id: m.tenantId, user_id: m.userId, role_id: m.roleId, created: toWireTime(m.created), updated: toWireTime(m.updated),
});

export const wireRole = (r: Role) => ({
  id: r.id, name: r.name, permissions: r.permissions, tenant_id: r.tenantId, created: toWireTime(r.created), updated: toWireTime(r.updated),
});

export const wireKey = (k: ApiKey) => ({
  id: k.id, name: k.name, user_id: k.userId, default_tenant_id: k.tenantId, expires_at: k.expiresAt && toWireTime(k.expiresAt),
  created: toWireTime(k.created), updated: toWireTime(k.updated), created_by_id: k.createdById,
});

export const wireAgentConfig = (c: AgentConfig) => ({
  id: c.id, tenant_id: c.tenantId, name: c.name, settings: c.settings, created: toWireTime(c.created),
});

export const wireAgent = (a: Agent) => ({
  id: a.id, tenant_id: a.tenantId, name: a.name, type: a.type, labels: a.labels, agent_config_id: a.agentConfigId,
  last_queried: toWireTime(a.lastQueried), created: toWireTime(a.created), core_version: a.coreVersion ?? null, token_id: a.keyId ?? null,
});

const S = 'string' as const;
const T = 'time' as const;

export const columns = {
  tenant: { id: S, name: S, slug: S, created: T, updated: T },
  user: { id: S, username: S, email: S, first_name: S, last_name: S, account_type: S, created: T, updated: T },
  role: { id: S, name: S, tenant_id: S, created: T },
  key: { id: S, name: S, user_id: S, default_tenant_id: S, expires_at: T, created: T, updated: T },
  agentConfig: { id: S, tenant_id: S, name: S, created: T },
  agent: { id: S, name: S, type: S, last_queried: T, created: T },
} satisfies Record<string, Record<string, ColumnType>>;
