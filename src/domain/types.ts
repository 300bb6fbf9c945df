/**
 * The emulator's records, camelCase inside; the GraphQL layer maps them to Prefect's wire names.
 * Timestamps are ISO-8601 strings in UTC; `expiresAt: null` means the key never expires.
 */

export type Uuid = string;
export type IsoTime = string;

/** Cloud 1.0's names: `USER` for people, `SERVICE` for service accounts. */
export type AccountType = 'USER' | 'SERVICE';

export interface Tenant {
  id: Uuid;
  name: string;
  slug: string;
  created: IsoTime;
  updated: IsoTime;
  info: Record<string, unknown> | null;
  settings: Record<string, unknown>;
}

export interface User {
  id: Uuid;
  username: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  accountType: AccountType;
  defaultMembershipId: Uuid | null;
  created: IsoTime;
  updated: IsoTime;
  /** The UI's own preferences (`update_user_settings`); absent in data written before it existed. */
  settings?: Record<string, unknown>;
}

export interface Membership {
  id: Uuid;
  tenantId: Uuid;
  userId: Uuid;
  roleId: Uuid;
  created: IsoTime;
  updated: IsoTime;
}

export interface Role {
  id: Uuid;
  name: string;
  permissions: readonly string[];
  /** null for the built-in roles, shared by every tenant. */
  tenantId: Uuid | null;
  created: IsoTime;
  updated: IsoTime;
}

export interface ApiKey {
  id: Uuid;
  name: string;
  userId: Uuid;
  /** The one tenant this key may be used with. */
  tenantId: Uuid;
  /** SHA-256 of the key; the key itself is never stored. */
  keyHash: string;
  expiresAt: IsoTime | null;
  createdById: Uuid | null;
  created: IsoTime;
  updated: IsoTime;
}

export type RevocationReason = 'revoked' | 'service_account_deleted' | 'tenant_deleted';

/** What remains of a deleted key, so a later request with it can be told why it fails. */
export interface RevokedKey {
  id: Uuid;
  keyHash: string;
  reason: RevocationReason;
  revokedAt: IsoTime;
}

/** A deprecated API token (the paradigm API keys replaced): it authenticates `auth_info` only. */
export interface ApiToken {
  id: Uuid;
  name: string;
  userId: Uuid;
  tenantId: Uuid | null;
  tokenHash: string;
  scope: string;
  created: IsoTime;
  /** Absent or null: never expires. */
  expiresAt?: IsoTime | null;
  createdById?: Uuid | null;
}

export interface Agent {
  id: Uuid;
  tenantId: Uuid;
  name: string | null;
  type: string | null;
  labels: readonly string[];
  agentConfigId: Uuid | null;
  registeredById: Uuid;
  lastQueried: IsoTime;
  created: IsoTime;
  /** The API key the agent registered with (`agent.token_id`); absent in older data. */
  keyId?: Uuid | null;
  /** The X-Prefect-Core-Version its client sent at registration. */
  coreVersion?: string | null;
}

export interface AgentConfig {
  id: Uuid;
  tenantId: Uuid;
  name: string | null;
  settings: Record<string, unknown>;
  created: IsoTime;
}

/** An invitation to join a tenant with a role, pending until the invitee accepts or it is revoked. */
export interface Invitation {
  id: Uuid;
  tenantId: Uuid;
  /** Lowercased; the invitee is whoever's user has this email. */
  email: string;
  roleId: Uuid;
  /** null for an invitation a fixture declared without saying who sent it. */
  invitedById: Uuid | null;
  created: IsoTime;
}
