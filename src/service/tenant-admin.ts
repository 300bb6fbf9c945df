import { requireCaller, type Caller } from '../domain/auth.js';
import { badInput, forbidden, notFound } from '../domain/errors.js';
import { isServiceAccount, requirePermission } from '../domain/policies.js';
import { Permission } from '../domain/roles.js';
import { toIso } from '../domain/time.js';
import type { Tenant } from '../domain/types.js';
import { requireJsonObject, requireName, requireSlug, requireUuid } from '../domain/validation.js';
import type { Op } from '../store/ops.js';
import type { State } from '../store/state.js';
import { revocationOps } from './api-keys.js';
import type { UseCaseContext } from './context.js';
import { createTenant } from './tenants.js';

/** Changes to the caller's current tenant: `update:tenant` (tenant admins). */
const updateCurrentTenant = async (ctx: UseCaseContext, change: (tenant: Tenant) => Partial<Tenant>): Promise<{ id: string }> => {
  const caller = requireCaller(ctx.auth);
  requirePermission(caller, Permission.updateTenant);
  const tenant = ctx.store.state.tenant(caller.tenant.id)!;
  await ctx.store.commit([['put', 'tenants', { ...tenant, ...change(tenant), updated: toIso(ctx.clock.now()) }]]);
  return { id: tenant.id };
};

export const updateTenantName = (ctx: UseCaseContext, input: { name?: unknown }): Promise<{ id: string }> => {
  const name = requireName(input.name, 'input.name');
  return updateCurrentTenant(ctx, () => ({ name }));
};

/** Slugs are unique across the emulator: another tenant's slug is refused, naming the field. */
export const updateTenantSlug = (ctx: UseCaseContext, input: { slug?: unknown }): Promise<{ id: string }> => {
  const slug = requireSlug(input.slug, 'input.slug');
  return updateCurrentTenant(ctx, (tenant) => {
    const holder = ctx.store.state.tenants.by('slug', slug);
    if (holder && holder.id !== tenant.id) throw badInput('input.slug', `"${slug}" is already taken`);
    return { slug };
  });
};

/** Merged into the tenant's settings, as Cloud did: the UI sends one setting at a time (`{teamNamed: true}`). */
export const updateTenantSettings = (ctx: UseCaseContext, input: { settings?: unknown }): Promise<{ id: string }> => {
  const settings = requireJsonObject(input.settings, 'input.settings');
  return updateCurrentTenant(ctx, (tenant) => ({ settings: { ...tenant.settings, ...settings } }));
};

/**
 * Everything that belongs to a tenant goes with it in one commit: memberships, its service
 * accounts, custom roles, invitations, agents and configs, tokens, and every key bound to it
 * (revoked, so their next use says the tenant was deleted). People keep their other tenants.
 */
export const tenantDeletionOps = (state: State, tenantId: string, now: number): Op[] => {
  const ops: Op[] = [];
  const memberships = state.memberships.allBy('tenant', tenantId);
  for (const m of memberships) {
    ops.push(['del', 'memberships', m.id]);
    const user = state.user(m.userId);
    if (!user) continue;
    if (isServiceAccount(user)) ops.push(['del', 'users', user.id]);
    else if (user.defaultMembershipId === m.id) {
      const next = state.memberships.allBy('user', user.id).find((other) => other.tenantId !== tenantId);
      ops.push(['put', 'users', { ...user, defaultMembershipId: next?.id ?? null, updated: toIso(now) }]);
    }
  }
  // Keys of people who left the tenant earlier are bound to it too: look at every key (rare operation).
  ops.push(...revocationOps([...state.apiKeys.all()].filter((k) => k.tenantId === tenantId), 'tenant_deleted', now));
  for (const t of state.apiTokens.all()) if (t.tenantId === tenantId) ops.push(['del', 'apiTokens', t.id]);
  for (const r of state.roles.allBy('tenant', tenantId)) ops.push(['del', 'roles', r.id]);
  for (const i of state.invitations.allBy('tenant', tenantId)) ops.push(['del', 'invitations', i.id]);
  for (const a of state.agents.allBy('tenant', tenantId)) ops.push(['del', 'agents', a.id]);
  for (const c of state.agentConfigs.allBy('tenant', tenantId)) ops.push(['del', 'agentConfigs', c.id]);
  ops.push(['del', 'tenants', tenantId]);
  return ops;
};

const requireConfirm = (value: unknown): void => {
  if (value !== true) throw badInput('input.confirm', 'must be true: deleting a tenant deletes everything in it');
};

/** A tenant admin deletes the tenant the key is bound to (`delete:tenant`). */
export const deleteTenant = async (ctx: UseCaseContext, input: { confirm?: unknown; tenant_id?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  requirePermission(caller, Permission.deleteTenant);
  if (input.tenant_id !== undefined && input.tenant_id !== null && requireUuid(input.tenant_id, 'input.tenant_id') !== caller.tenant.id) {
    throw notFound('Tenant not found');
  }
  requireConfirm(input.confirm);
  await ctx.store.commit(tenantDeletionOps(ctx.store.state, caller.tenant.id, ctx.clock.now()));
};

/** Licence administrators (license:admin) manage the licence's tenants: those their user belongs to. */
const requireLicenseAdmin = (caller: Caller): void => {
  if (isServiceAccount(caller.user)) throw forbidden('Unauthorized: service accounts cannot manage tenants');
  requirePermission(caller, Permission.licenseAdmin);
};

/** The licence administrator creates a tenant under the licence and becomes its admin. */
export const createEnterpriseTenant = (ctx: UseCaseContext, input: { name?: unknown; slug?: unknown }): Promise<{ id: string }> => {
  requireLicenseAdmin(requireCaller(ctx.auth));
  return createTenant(ctx, input);
};

export const deleteEnterpriseTenant = async (ctx: UseCaseContext, input: { tenant_id?: unknown; confirm?: unknown }): Promise<void> => {
  const caller = requireCaller(ctx.auth);
  requireLicenseAdmin(caller);
  const tenantId = requireUuid(input.tenant_id, 'input.tenant_id');
  if (!ctx.store.state.membershipOf(caller.user.id, tenantId)) throw notFound('Tenant not found');
  requireConfirm(input.confirm);
  await ctx.store.commit(tenantDeletionOps(ctx.store.state, tenantId, ctx.clock.now()));
};
