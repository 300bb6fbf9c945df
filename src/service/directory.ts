import { requireCaller } from '../domain/auth.js';
import { effectivePermissions, licenseOf, type License } from '../domain/license.js';
import { requirePermission } from '../domain/policies.js';
import { Permission } from '../domain/roles.js';
import type { Agent, AgentConfig, Membership, Role, User } from '../domain/types.js';
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
 * caller's tenant, so a colleague's other tenants stay private.
 */
export const visibleMemberships = ({ store, auth }: UseCaseContext, user: User): Membership[] => {
  const caller = requireCaller(auth);
  const all = store.state.memberships.allBy('user', user.id);
  return user.id === caller.user.id ? all : all.filter((m) => m.tenantId === caller.tenant.id);
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
  const { user, tenant, membership, role } = requireCaller(auth);
  return {
    user_id: user.id, tenant_id: tenant.id, membership_id: membership.id, role: role.name, role_id: role.id,
    permissions: effectivePermissions(role.permissions), api_token_scope: null, license: licenseOf(tenant),
  };
};
