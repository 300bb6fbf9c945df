/**
 * Web UI sessions: what the Cloud 1.0 UI gets from `log_in` after signing in with the identity
 * provider. A session is one user in one tenant; its access token authenticates like an API
 * key, its refresh token only renews it. Expiry is measured in real time, not on the
 * emulator's clock: the browser compares the tokens' expiry with its own clock.
 */
import { DomainError, forbidden, notFound, unauthenticated } from './errors.js';
import type { Authentication, AuthDirectory } from './auth.js';
import type { Membership, Tenant, User, Uuid } from './types.js';

/** How long the tokens last. The UI renews the access token at three quarters of its life. */
export const SESSION_LIFETIME = {
  accessMs: 15 * 60_000,
  refreshMs: 7 * 24 * 60 * 60_000,
} as const;

/** One signed-in UI session, kept by the emulator (never persisted: a restart signs everyone out). */
export interface Session {
  id: Uuid;
  userId: Uuid;
  tenantId: Uuid;
  /** The id (`jti`) of the one refresh token that may be used next: each refresh replaces it. */
  refreshId: string;
  /** Epoch ms, real time. */
  refreshExpiresAt: number;
  /** Epoch ms when `log_out` ended it; null while it is live. */
  endedAt: number | null;
}

export type SessionTokenType = 'access' | 'refresh';

/** The claims the emulator puts in a session token (JWT). `exp` and `iat` are seconds. */
export interface SessionClaims {
  typ: SessionTokenType;
  /** The session id. */
  sid: string;
  jti: string;
  user_id: string;
  tenant_id: string;
  iat: number;
  exp: number;
  /** On a refresh token: the access token issued with it. */
  access_token_id?: string;
}

const endedMessage = 'AuthenticationError: this session has ended; sign in again';

/**
 * Whether a verified session token may be used now. A refresh token must be the session's
 * current one (refreshing or switching tenant spends the previous one). An access token lasts
 * until it expires, for the tenant it names, even after the session switched tenant: the UI
 * sends requests it prepared before the switch with the previous token for a moment. `ignoreExpiry`
 * is for reading the access token the UI hands to `refresh_token`, which may have expired.
 */
export const checkSessionToken = (
  session: Session | undefined,
  claims: SessionClaims,
  type: SessionTokenType,
  now: number,
  ignoreExpiry = false,
): DomainError | null => {
  if (claims.typ !== type) {
    return unauthenticated(type === 'access'
      ? 'AuthenticationError: a refresh token may only be used to refresh or end its session'
      : 'AuthenticationError: expected a refresh token');
  }
  if (!session || session.endedAt !== null || claims.user_id !== session.userId) return unauthenticated(endedMessage);
  if (type === 'refresh' && claims.jti !== session.refreshId) {
    return unauthenticated('AuthenticationError: this refresh token has already been used');
  }
  if (!ignoreExpiry && claims.exp * 1000 <= now) {
    return unauthenticated(`AuthenticationError: this ${type} token expired at ${new Date(claims.exp * 1000).toISOString()}`);
  }
  return null;
};

/** Who may hold a session: a standard user who is still a member of the tenant, with a role. */
const resolveMember = (directory: AuthDirectory, userId: string, tenantId: string) => {
  const user = directory.user(userId);
  const tenant = directory.tenant(tenantId);
  if (!user || !tenant) return unauthenticated('AuthenticationError: the user or tenant of this session no longer exists');
  const membership = directory.membershipOf(user.id, tenant.id);
  if (!membership) return unauthenticated("AuthenticationError: this session's user is no longer a member of its tenant");
  const role = directory.role(membership.roleId);
  if (!role) return unauthenticated("AuthenticationError: this session's role no longer exists");
  return { user, tenant, membership, role };
};

/**
 * Authenticates an access token, like a key of the session's user bound to the tenant the token
 * names: membership and role are re-read on every request, so removing the member or deleting
 * the user ends the session at once. `X-Prefect-Tenant-ID` is not held against it: the token
 * names its tenant, and right after `switch_tenant` the UI still sends the previous tenant's id
 * with the new token (its store changes tenant after it has fetched the new tenant's licence).
 */
export const authenticateSession = (
  directory: AuthDirectory,
  session: Session | undefined,
  claims: SessionClaims,
  now: number,
): Authentication => {
  const problem = checkSessionToken(session, claims, 'access', now);
  if (problem) return { status: 'failed', error: problem };
  const member = resolveMember(directory, claims.user_id, claims.tenant_id);
  if (member instanceof DomainError) return { status: 'failed', error: member };
  return { status: 'key', caller: { ...member, key: null, sessionId: claims.sid } };
};

/** The claims of an identity provider's id_token that `log_in` relies on (seconds for times). */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
}

/**
 * Signing in: a valid, unexpired id_token from this emulator's own issuer (its signature was
 * checked by whoever calls this; `iss` must end with the issuer's path), for a standard user
 * (service accounts have no sign-in) who belongs to at least one tenant. The session starts in
 * the user's default tenant, or the first one.
 */
export const authorizeLogIn = (
  directory: AuthDirectory,
  membershipsOf: (userId: string) => readonly Membership[],
  claims: IdTokenClaims,
  issuerPath: string,
  now: number,
): { user: User; tenant: Tenant } => {
  let path = '';
  try {
    path = new URL(claims.iss).pathname;
  } catch {
    // not a URL: not our issuer
  }
  if (!path.endsWith(issuerPath)) throw unauthenticated('AuthenticationError: the id_token was not issued by this emulator');
  if (claims.exp * 1000 <= now) throw unauthenticated('AuthenticationError: the id_token has expired; sign in again');
  const user = directory.user(claims.sub);
  if (!user || user.accountType === 'SERVICE') throw unauthenticated('AuthenticationError: the id_token names no user of this emulator');
  const memberships = membershipsOf(user.id);
  const membership = memberships.find((m) => m.id === user.defaultMembershipId) ?? memberships[0];
  const tenant = membership ? directory.tenant(membership.tenantId) : undefined;
  if (!tenant) throw forbidden('This user is not a member of any tenant.');
  return { user, tenant };
};

/** Switching tenant: the session's user must be a member of the target tenant. */
export const authorizeTenantSwitch = (directory: AuthDirectory, userId: string, tenantId: string): Tenant => {
  const tenant = directory.tenant(tenantId);
  if (!tenant || !directory.membershipOf(userId, tenantId)) throw notFound('Tenant not found');
  return tenant;
};
