import type { MutationResolvers } from '../resolver-types.js';

/**
 * The Cloud 1.0 UI's session mutations (src/auth/authorization.js in the UI): `log_in` with the
 * identity provider's id_token, `refresh_token` and `log_out` with the refresh token as bearer,
 * `switch_tenant` with the access token as bearer. Each reads its own bearer, not the request's
 * authentication, which is for access tokens and keys.
 */
export const sessionMutations = {
  log_in: (_, { input }, ctx) => ctx.instance.sessions.logIn(ctx.instance.store.state, input.id_token),
  refresh_token: (_, { input }, ctx) =>
    ctx.instance.sessions.refresh(ctx.instance.store.state, ctx.bearer, input.access_token),
  switch_tenant: (_, { input }, ctx) =>
    ctx.instance.sessions.switchTenant(ctx.instance.store.state, ctx.bearer, input.tenant_id),
  log_out: (_, { input }, ctx) => ({ success: ctx.instance.sessions.logOut(ctx.bearer, input.access_token), error: null }),
} satisfies MutationResolvers;
