import { requireCaller } from '../domain/auth.js';
import { badInput, forbidden } from '../domain/errors.js';
import { slugFromName } from '../domain/naming.js';
import { isServiceAccount } from '../domain/policies.js';
import { TENANT_ADMIN_ROLE_ID } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Tenant } from '../domain/types.js';
import { requireName, requireSlug } from '../domain/validation.js';
import type { UseCaseContext } from './context.js';
import { newId } from './ids.js';

/** The tenants the caller belongs to; `auth switch-tenants` looks a slug up here. */
export const memberTenants = ({ store, auth }: UseCaseContext): Tenant[] => {
  const caller = requireCaller(auth);
  const { state } = store;
  return state.memberships.allBy('user', caller.user.id).map((m) => state.tenant(m.tenantId)).filter((t): t is Tenant => t !== undefined);
};

/** A person creates a tenant and becomes its admin; service accounts belong to one tenant only. */
export const createTenant = async (ctx: UseCaseContext, input: { name?: unknown; slug?: unknown }): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  if (isServiceAccount(caller.user)) throw forbidden('Unauthorized: service accounts cannot create tenants');
  const name = requireName(input.name, 'input.name');
  const slug = input.slug === undefined || input.slug === null ? slugFromName(name) : requireSlug(input.slug, 'input.slug');
  const { state } = ctx.store;
  if (state.tenants.by('slug', slug)) throw badInput('input.slug', `"${slug}" is already taken`);
  const now = toIso(ctx.clock.now());
  const tenant: Tenant = { id: newId(), name, slug, created: now, updated: now, info: null, settings: {} };
  await ctx.store.commit([
    ['put', 'tenants', tenant],
    ['put', 'memberships', { id: newId(), tenantId: tenant.id, userId: caller.user.id, roleId: TENANT_ADMIN_ROLE_ID, created: now, updated: now }],
  ]);
  return { id: tenant.id };
};
