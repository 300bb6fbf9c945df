import { VERSION } from '../../service/version.js';
import { updateUserDetails, updateUserSettings } from '../../service/user-profile.js';
import {
  createEnterpriseTenant, deleteEnterpriseTenant, deleteTenant, updateTenantName, updateTenantSettings, updateTenantSlug,
} from '../../service/tenant-admin.js';
import type { GraphQLContext } from '../context.js';
import { successPayload } from '../payloads.js';

type Input = { input: Record<string, unknown> };

/** The Prefect version whose API the emulator speaks (the 1.x client it is tested with). */
export const EMULATED_CORE_VERSION = '1.4.1';

/** The shell's `api` query, the user's profile and the tenant settings page. */
export const tenantAndUserResolvers = {
  Query: {
    api: () => ({ backend: 'CLOUD', mode: 'normal', version: VERSION, core_version: EMULATED_CORE_VERSION, release_timestamp: null }),
  },
  Mutation: {
    update_user_settings: (_: unknown, { input }: Input, ctx: GraphQLContext) => updateUserSettings(ctx.useCase, input),
    update_user_details: (_: unknown, { input }: Input, ctx: GraphQLContext) => updateUserDetails(ctx.useCase, input),
    update_tenant_name: (_: unknown, { input }: Input, ctx: GraphQLContext) => updateTenantName(ctx.useCase, input),
    update_tenant_slug: (_: unknown, { input }: Input, ctx: GraphQLContext) => updateTenantSlug(ctx.useCase, input),
    update_tenant_settings: (_: unknown, { input }: Input, ctx: GraphQLContext) => updateTenantSettings(ctx.useCase, input),
    delete_tenant: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteTenant(ctx.useCase, input)),
    create_enterprise_tenant: (_: unknown, { input }: Input, ctx: GraphQLContext) => createEnterpriseTenant(ctx.useCase, input),
    delete_enterprise_tenant: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteEnterpriseTenant(ctx.useCase, input)),
  },
};
