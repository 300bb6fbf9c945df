import { requireCaller, type Caller } from '../domain/auth.js';
import { effectivePermissions, licenseOf, type License } from '../domain/license.js';
import { canSeeDefaultMembership, requirePermission } from '../domain/policies.js';
import { Permission } from '../domain/roles.js';
import type { Agent, AgentConfig, ApiKey, Membership, Role, Tenant, User } from '../domain/types.js';
import type { UseCaseContext } from './context.js';

/** The caller's own user record. */
export const currentUser = ({ auth }: UseCaseContext): User => requireCaller(auth).user;

/** Everyone with a membership in the caller's current tenant, people and service accounts. */
export const usersOfTenant = ({ store, auth }: UseCaseContext): User[] => {
  const caller = requireCaller(auth);
  requirePermission(caller, Permission.readUser);
  const { state } = store;
  return state.memberships.allBy('tenant', caller.tenant.id).map((m) => state.user(m.userId)).filter((u): u is User => u !== undefined);
};

/**
 * Memberships shown for a user: all of the caller's own; for anyone else only the one in the
 * caller's tenant, so a colleague's other tenants stay private. None for a user that is gone.
 */
export const visibleMemberships = ({ store, auth }: UseCaseContext, userId: string): Membership[] => {
  const caller = requireCaller(auth);
  if (!store.state.user(userId)) return [];
  const all = store.state.memberships.allBy('user', userId);
  return userId === caller.user.id ? all : all.filter((m) => m.tenantId === caller.tenant.id);
};

/** A user's membership in the caller's current tenant only (`user_view_same_tenant`), the caller's own row too. */
export const membershipsInCurrentTenant = (ctx: UseCaseContext, userId: string): Membership[] => {
  const caller = requireCaller(ctx.auth);
  return visibleMemberships(ctx, userId).filter((m) => m.tenantId === caller.tenant.id);
};

/** A user's default membership id, when the caller may see it (see `canSeeDefaultMembership`); otherwise null. */
export const shownDefaultMembershipId = ({ store, auth }: UseCaseContext, user: Pick<User, 'id' | 'defaultMembershipId'>): string | null => {
  if (auth.status !== 'key' || user.defaultMembershipId === null) return null;
  const membership = store.state.memberships.get(user.defaultMembershipId);
  return canSeeDefaultMembership(auth.caller, user.id, membership) ? user.defaultMembershipId : null;
};

/** A role by id, built-in or custom, for a membership the caller was already shown. */
export const roleById = ({ store }: UseCaseContext, id: string): Role | undefined => store.state.role(id);

/** A tenant by id, for a membership the caller was already shown. */
export const tenantById = ({ store }: UseCaseContext, id: string): Tenant | undefined => store.state.tenant(id);

/** Who created a key: only the id and username, whoever asks. */
export const keyCreator = ({ store }: UseCaseContext, userId: string | null): { id: string; username: string } | null => {
  const user = userId ? store.state.user(userId) : undefined;
  return user ? { id: user.id, username: user.username } : null;
};

export const rolesOfTenant = ({ store, auth }: UseCaseContext): Role[] => {
  const caller = requireCaller(auth);
  const { state } = store;
  return [...state.roles.all()].filter((r) => r.tenantId === null || r.tenantId === caller.tenant.id);
};

export const agentConfigsOfTenant = ({ store, auth }: UseCaseContext): AgentConfig[] => {
  const caller = requireCaller(auth);
  requirePermission(caller, Permission.readAgent);
  return store.state.agentConfigs.allBy('tenant', caller.tenant.id);
};

export const agentsOfTenant = ({ store, auth }: UseCaseContext): Agent[] => {
  const caller = requireCaller(auth);
  requirePermission(caller, Permission.readAgent);
  return store.state.agents.allBy('tenant', caller.tenant.id);
};

export interface AuthInfo {
  user_id: string | null;
  tenant_id: string | null;
  membership_id: string | null;
  role: string | null;
  role_id: string | null;
  permissions: readonly string[] | null;
  api_token_scope: string | null;
  license: License | null;
}

/**
 * Who is calling. A deprecated API token answers with `tenant_id: null`, which is how the 1.x
 * client recognises one and tells its user to switch to an API key.
 */
export const authInfo = ({ auth }: UseCaseContext): AuthInfo => {
  if (auth.status === 'token') {
    return {
      user_id: auth.token.userId, tenant_id: null, membership_id: null, role: null, role_id: null,
      permissions: null, api_token_scope: auth.token.scope, license: null,
    };
  }
  return new CallerInfo(requireCaller(auth));
};

/** A key's caller as auth_info shows it; the permission list and the licence are worked out only when asked for. */
class CallerInfo implements AuthInfo {
  readonly user_id: string;
  readonly tenant_id: string;
  readonly membership_id: string;
  readonly role: string;
  readonly role_id: string;
  readonly api_token_scope = null;

  constructor(private readonly caller: Caller) {
    this.user_id = caller.user.id;
    this.tenant_id = caller.tenant.id;
    this.membership_id = caller.membership.id;
    this.role = caller.role.name;
    this.role_id = caller.role.id;
  }

  get permissions(): readonly string[] {
    return effectivePermissions(this.caller.role.permissions);
  }

  get license(): License {
    return licenseOf(this.caller.tenant);
  }
}

/** The person (not a service account) an invitation's email names, as the invitation shows them. */
export const inviteeOf = ({ store }: UseCaseContext, email: string): { id: string; username: string; email: string | null } | null => {
  const user = store.state.users.allBy('email', email).find((u) => u.accountType === 'USER');
  return user ? { id: user.id, username: user.username, email: user.email } : null;
};

/** The key an agent registered with, while it exists: a revoked key names nothing. */
export const agentKeyOf = ({ store }: UseCaseContext, keyId: string | null): ApiKey | undefined =>
  (keyId ? store.state.apiKeys.get(keyId) : undefined);

/** An agent config by id, for one the caller was already shown. */
export const agentConfigById = ({ store }: UseCaseContext, id: string): AgentConfig | undefined => store.state.agentConfigs.get(id);
