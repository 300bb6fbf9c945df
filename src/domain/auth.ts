import { unauthenticated, type DomainError } from './errors.js';
import { hashSecret } from './keys.js';
import { isExpired } from './time.js';
import type { ApiKey, ApiToken, Membership, RevokedKey, Role, Tenant, User } from './types.js';
import { isUuid } from './validation.js';

/** What authentication needs to read; the store provides it. */
export interface AuthDirectory {
  keyByHash(hash: string): ApiKey | undefined;
  revokedKeyByHash(hash: string): RevokedKey | undefined;
  tokenByHash(hash: string): ApiToken | undefined;
  user(id: string): User | undefined;
  tenant(id: string): Tenant | undefined;
  membershipOf(userId: string, tenantId: string): Membership | undefined;
  role(id: string): Role | undefined;
}

/** Someone who authenticated with an API key or a UI session: everything the rules need, read at request time. */
export interface Caller {
  user: User;
  tenant: Tenant;
  membership: Membership;
  role: Role;
  /** The key presented; null for a UI session's access token (see domain/sessions.ts). */
  key: ApiKey | null;
  /** The UI session, when the caller presented its access token. */
  sessionId?: string;
}

export type Credentials =
  | { kind: 'none' }
  | { kind: 'malformed' }
  | { kind: 'bearer'; secret: string };

export type Authentication =
  | { status: 'anonymous' }
  | { status: 'failed'; error: DomainError }
  | { status: 'token'; token: ApiToken }
  | { status: 'key'; caller: Caller };

export const MALFORMED_AUTHORIZATION = 'Malformed Authorization header';

export const parseAuthorization = (header: string | undefined): Credentials => {
  if (header === undefined || header === '') return { kind: 'none' };
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return { kind: 'malformed' };
  return { kind: 'bearer', secret: match[1] };
};

/**
 * The tenant an `X-Prefect-Tenant-ID` header names, if any. The UI sends the literal string
 * `null` before a tenant is chosen: that names none, like an absent or empty header.
 */
export const tenantNamedBy = (header: string | undefined): string | undefined =>
  header === undefined || header === '' || header === 'null' ? undefined : header;

const fail = (message: string): Authentication => ({ status: 'failed', error: unauthenticated(message) });

/**
 * Resolves who is calling. The key's permissions are its owner's role in the key's tenant,
 * re-read here on every request, so a role change or a removed membership applies at once.
 * Messages say what is wrong with the presented key and nothing about any other.
 */
export const authenticate = (
  directory: AuthDirectory,
  credentials: Credentials,
  tenantHeader: string | undefined,
  now: number,
): Authentication => {
  if (credentials.kind === 'none') return { status: 'anonymous' };
  if (credentials.kind === 'malformed') return fail(MALFORMED_AUTHORIZATION);

  const hash = hashSecret(credentials.secret);
  const key = directory.keyByHash(hash);
  if (!key) {
    const revoked = directory.revokedKeyByHash(hash);
    if (revoked?.reason === 'service_account_deleted') {
      return fail('AuthenticationError: this API key belonged to a service account that has been deleted');
    }
    if (revoked?.reason === 'tenant_deleted') return fail("AuthenticationError: this API key's tenant has been deleted");
    if (revoked) return fail('AuthenticationError: this API key has been revoked');
    const token = directory.tokenByHash(hash);
    if (token && token.expiresAt && isExpired(token.expiresAt, now)) return fail(`AuthenticationError: this API token expired at ${token.expiresAt}`);
    if (token) return { status: 'token', token };
    return fail('AuthenticationError: invalid API key');
  }
  if (isExpired(key.expiresAt, now)) return fail(`AuthenticationError: this API key expired at ${key.expiresAt}`);

  const tenantNamed = tenantNamedBy(tenantHeader);
  if (tenantNamed !== undefined) {
    if (!isUuid(tenantNamed) || tenantNamed.toLowerCase() !== key.tenantId) {
      return fail('AuthenticationError: this API key may not be used with the tenant named in X-Prefect-Tenant-ID');
    }
  }
  const user = directory.user(key.userId);
  const tenant = directory.tenant(key.tenantId);
  if (!user || !tenant) return fail('AuthenticationError: this API key has been revoked');
  const membership = directory.membershipOf(user.id, tenant.id);
  if (!membership) return fail("AuthenticationError: this API key's user is no longer a member of its tenant");
  const role = directory.role(membership.roleId);
  if (!role) return fail("AuthenticationError: this API key's role no longer exists");
  return { status: 'key', caller: { user, tenant, membership, role, key } };
};

/** The caller, for every operation but `hello` and `auth_info`. */
export const requireCaller = (auth: Authentication): Caller => {
  switch (auth.status) {
    case 'key':
      return auth.caller;
    case 'failed':
      throw auth.error;
    case 'token':
      throw unauthenticated('AuthenticationError: API tokens are deprecated and may only call auth_info; use an API key');
    case 'anonymous':
      throw unauthenticated('AuthenticationError: an API key is required (Authorization: Bearer <key>)');
  }
};
