import { LICENSE_FEATURES } from './permissions.js';
import { derivedUuid } from './naming.js';

/**
 * The licence every emulated tenant has. Cloud 1.0 sold licences; the emulator bills nobody.
 * These are honest defaults, documented in docs/wire-compatibility.md, that let the UI start
 * and offer everything it gates on a licence: RBAC and custom roles on, no user or flow
 * limits (null: the UI treats a missing limit as none), no Stripe customer.
 */
export interface License {
  id: string;
  account_name: string;
  terms: {
    plan: 'PLATFORM';
    is_self_serve: false;
    is_usage_based: false;
    frozen: false;
    users: null;
    read_only_users: null;
    /** How many tenants the licence allows; the UI shows its multi-team pages above 1. */
    tenants: number;
    flow_concurrency: null;
    task_runs_usage_limit: null;
    history_retention_days: null;
    /** The features, as the UI's licence page lists them. */
    permissions: readonly string[];
  };
}

/** How many tenants the emulated licence allows: enough never to matter in tests. */
export const LICENSED_TENANTS = 1000;

/** One licence per tenant, with a stable id (the tenant's `license_id`). */
export const licenseIdOf = (tenantId: string): string => derivedUuid('license', tenantId);

export const licenseOf = (tenant: { id: string; name: string }): License => ({
  id: licenseIdOf(tenant.id),
  account_name: tenant.name,
  terms: {
    plan: 'PLATFORM', is_self_serve: false, is_usage_based: false, frozen: false,
    users: null, read_only_users: null, tenants: LICENSED_TENANTS,
    flow_concurrency: null, task_runs_usage_limit: null, history_retention_days: null,
    permissions: LICENSE_FEATURES,
  },
});

/** What `auth_info.permissions` lists: the role's permissions and the licence's features. */
export const effectivePermissions = (rolePermissions: readonly string[]): string[] => [...rolePermissions, ...LICENSE_FEATURES];
