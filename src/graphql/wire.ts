import { licenseIdOf } from '../domain/license.js';
import { toWireTime } from '../domain/time.js';
import type { Agent, AgentConfig, ApiKey, Membership, Role, Tenant, User } from '../domain/types.js';
import type * as Schema from './schema-types.js';

/**
 * Records in Prefect's wire shape (snake_case, Hasura timestamps), typed against the schema's
 * generated types: every field of the GraphQL type is set here, except those its own resolver
 * answers (named in the Omit), so a field added to schema.graphql does not compile until it is
 * mapped. List filters run on these rows, so `where` and `order_by` name the columns clients see.
 */
export type WireTenant = Schema.tenant;
export type WireUser = Omit<Schema.user, 'memberships'>;
export type WireMembership = Omit<Schema.membership, 'role' | 'role_detail' | 'tenant'>;
export type WireRole = Schema.auth_role;
/** `created_by` is resolved from the creator's id, which the row carries. */
export type WireKey = Omit<Schema.auth_api_key, 'created_by'> & { created_by_id: string | null };
export type WireAgentConfig = Omit<Schema.agent_config, 'agents'>;
export type WireAgent = Omit<Schema.agent, 'token_name'>;

export const wireTenant = (t: Tenant): WireTenant => ({
  id: t.id, name: t.name, slug: t.slug, created: toWireTime(t.created), updated: toWireTime(t.updated), info: t.info, settings: t.settings,
  // What the UI's shell reads at start: no staff settings, no Stripe customer, the tenant's licence (domain/license.ts).
  prefect_admin_settings: {}, stripe_customer: null, license_id: licenseIdOf(t.id),
});

export const wireUser = (u: User): WireUser => ({
  id: u.id, username: u.username, email: u.email, first_name: u.firstName, last_name: u.lastName, account_type: u.accountType,
  default_membership_id: u.defaultMembershipId, created: toWireTime(u.created), updated: toWireTime(u.updated), settings: u.settings ?? {},
});

export const wireMembership = (m: Membership): WireMembership => ({
  id: m.id, tenant_id: m.tenantId, user_id: m.userId, role_id: m.roleId, created: toWireTime(m.created), updated: toWireTime(m.updated),
});

export const wireRole = (r: Role): WireRole => ({
  id: r.id, name: r.name, permissions: r.permissions, tenant_id: r.tenantId, created: toWireTime(r.created), updated: toWireTime(r.updated),
});

export const wireKey = (k: ApiKey): WireKey => ({
  id: k.id, name: k.name, user_id: k.userId, default_tenant_id: k.tenantId, expires_at: k.expiresAt && toWireTime(k.expiresAt),
  created: toWireTime(k.created), updated: toWireTime(k.updated), created_by_id: k.createdById,
});

export const wireAgentConfig = (c: AgentConfig): WireAgentConfig => ({
  id: c.id, tenant_id: c.tenantId, name: c.name, settings: c.settings, created: toWireTime(c.created),
});

export const wireAgent = (a: Agent): WireAgent => ({
  id: a.id, tenant_id: a.tenantId, name: a.name, type: a.type, labels: a.labels, agent_config_id: a.agentConfigId,
  last_queried: toWireTime(a.lastQueried), created: toWireTime(a.created), core_version: a.coreVersion ?? null, token_id: a.keyId ?? null,
});
