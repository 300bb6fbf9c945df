import { VERSION } from '../../service/version.js';
import { updateUserDetails, updateUserSettings } from '../../service/user-profile.js';
import {
  createEnterpriseTenant, deleteEnterpriseTenant, deleteTenant, updateTenantName, updateTenantSettings, updateTenantSlug,
} from '../../service/tenant-admin.js';
import { successPayload } from '../payloads.js';
import type { MutationResolvers, QueryResolvers } from '../resolver-types.js';

/** The Prefect version whose API the emulator speaks (the 1.x client it is tested with). */
export const EMULATED_CORE_VERSION = '1.4.1';

/** The shell's `api` query, the user's profile and the tenant settings page. */
export const tenantAndUserResolvers = {
  Query: {
    api: () => ({ backend: 'CLOUD', mode: 'normal', version: VERSION, core_version: EMULATED_CORE_VERSION, release_timestamp: null }),
  } satisfies QueryResolvers,
  Mutation: {
    update_user_settings: (_, { input }, ctx) => updateUserSettings(ctx.useCase, input),
    update_user_details: (_, { input }, ctx) => updateUserDetails(ctx.useCase, input),
    update_tenant_name: (_, { input }, ctx) => updateTenantName(ctx.useCase, input),
    update_tenant_slug: (_, { input }, ctx) => updateTenantSlug(ctx.useCase, input),
    update_tenant_settings: (_, { input }, ctx) => updateTenantSettings(ctx.useCase, input),
    delete_tenant: (_, { input }, ctx) => successPayload(() => deleteTenant(ctx.useCase, input)),
    create_enterprise_tenant: (_, { input }, ctx) => createEnterpriseTenant(ctx.useCase, input),
    delete_enterprise_tenant: (_, { input }, ctx) => successPayload(() => deleteEnterpriseTenant(ctx.useCase, input)),
  } satisfies MutationResolvers,
};
