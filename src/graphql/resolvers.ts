import { applyListArgs, type ListArgs } from '../domain/where.js';
import { createKey, deleteKey, findVisibleKey, visibleKeys } from '../service/api-keys.js';
import { registerAgent, updateAgentHeartbeat } from '../service/agents.js';
import { getRunsInQueue } from '../service/run-queue.js';
import { agentConfigsOfTenant, agentsOfTenant, authInfo, currentUser, rolesOfTenant, usersOfTenant, visibleMemberships } from '../service/directory.js';
import { deleteMembership, setMembershipRole } from '../service/memberships.js';
import { createServiceAccount, deleteServiceAccount } from '../service/service-accounts.js';
import { createTenant, memberTenants } from '../service/tenants.js';
import type { GraphQLContext } from './context.js';
import { successPayload } from './payloads.js';
import { recheckCallerPerField } from './per-field-caller.js';
import { roleAndTenantFields } from './related.js';
import { uiApiResolvers } from './resolvers/index.js';
import { flowMutations, flowQueries, flowTypes } from './resolvers/flows.js';
import { keyValueMutations, keyValueQueries } from './resolvers/key-values.js';
import { runMutations } from './resolvers/runs.js';
import { secretMutations, secretQueries } from './resolvers/secrets.js';
import { sessionMutations } from './resolvers/sessions.js';
import { scalars } from './scalars.js';
import { columns, wireAgent, wireAgentConfig, wireKey, wireMembership, wireRole, wireTenant, wireUser } from './wire.js';

type Input = { input: Record<string, unknown> };
type WireUser = ReturnType<typeof wireUser>;
type WireKey = ReturnType<typeof wireKey>;

const userFields = {
  memberships: (user: WireUser, _: unknown, ctx: GraphQLContext) => {
    const record = ctx.instance.store.state.user(user.id);
    return record ? visibleMemberships(ctx.useCase, record).map(wireMembership) : [];
  },
};

export const resolvers = {
  ...scalars,
  Query: {
    hello: () => 'Hello from the Prefect Cloud emulator!',
    auth_info: (_: unknown, __: unknown, ctx: GraphQLContext) => authInfo(ctx.useCase),
    tenant: (_: unknown, args: ListArgs, ctx: GraphQLContext) => applyListArgs(memberTenants(ctx.useCase).map(wireTenant), args, columns.tenant),
    tenant_by_pk: (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const tenant = memberTenants(ctx.useCase).find((t) => t.id === args.id);
      return tenant ? wireTenant(tenant) : null;
    },
    user: (_: unknown, args: ListArgs, ctx: GraphQLContext) => applyListArgs([wireUser(currentUser(ctx.useCase))], args, columns.user),
    user_view_same_tenant: (_: unknown, args: ListArgs, ctx: GraphQLContext) =>
      applyListArgs(usersOfTenant(ctx.useCase).map(wireUser), args, columns.user),
    auth_role: (_: unknown, args: ListArgs, ctx: GraphQLContext) => applyListArgs(rolesOfTenant(ctx.useCase).map(wireRole), args, columns.role),
    auth_api_key: (_: unknown, args: ListArgs, ctx: GraphQLContext) => applyListArgs(visibleKeys(ctx.useCase).map(wireKey), args, columns.key),
    auth_api_key_by_pk: (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const key = findVisibleKey(ctx.useCase, args.id);
      return key ? wireKey(key) : null;
    },
    agent_config: (_: unknown, args: ListArgs, ctx: GraphQLContext) =>
      applyListArgs(agentConfigsOfTenant(ctx.useCase).map(wireAgentConfig), args, columns.agentConfig),
    agent: (_: unknown, args: ListArgs, ctx: GraphQLContext) => applyListArgs(agentsOfTenant(ctx.useCase).map(wireAgent), args, columns.agent),
    ...uiApiResolvers.Query,
    ...flowQueries,
    ...secretQueries,
    ...keyValueQueries,
  },
  Mutation: recheckCallerPerField({
    create_api_key: async (_: unknown, { input }: Input, ctx: GraphQLContext) => {
      const { id, key } = await createKey(ctx.useCase, input);
      return { id, key, token: key };
    },
    delete_api_key: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteKey(ctx.useCase, input.key_id)),
    create_service_account: (_: unknown, { input }: Input, ctx: GraphQLContext) => createServiceAccount(ctx.useCase, input),
    delete_service_account: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteServiceAccount(ctx.useCase, input)),
    set_membership_role: (_: unknown, { input }: Input, ctx: GraphQLContext) => setMembershipRole(ctx.useCase, input),
    create_tenant: (_: unknown, { input }: Input, ctx: GraphQLContext) => createTenant(ctx.useCase, input),
    delete_membership: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => deleteMembership(ctx.useCase, input)),
    register_agent: (_: unknown, { input }: Input, ctx: GraphQLContext) => registerAgent(ctx.useCase, input, ctx.coreVersion ?? null),
    update_agent_heartbeat: (_: unknown, { input }: Input, ctx: GraphQLContext) => successPayload(() => updateAgentHeartbeat(ctx.useCase, input)),
    get_runs_in_queue: (_: unknown, { input }: Input, ctx: GraphQLContext) => getRunsInQueue(ctx.useCase, input),
    ...uiApiResolvers.Mutation,
    ...flowMutations,
    ...runMutations,
    ...secretMutations,
    ...keyValueMutations,
    ...sessionMutations,
  }),
  ...uiApiResolvers.types,
  ...flowTypes,
  user: userFields,
  user_view_same_tenant: {
    // Only the membership in the caller's current tenant, on the caller's own row too (schema.graphql).
    memberships: (user: WireUser, _: unknown, ctx: GraphQLContext) => {
      const tenantId = ctx.auth.status === 'key' ? ctx.auth.caller.tenant.id : null;
      return userFields.memberships(user, _, ctx).filter((m) => m.tenant_id === tenantId);
    },
    // A colleague's default membership may be in a tenant the caller does not belong to: shown only when it is this one.
    default_membership_id: (user: WireUser, _: unknown, ctx: GraphQLContext) => {
      if (ctx.auth.status !== 'key' || user.default_membership_id === null) return null;
      const membership = ctx.instance.store.state.memberships.get(user.default_membership_id);
      return user.id === ctx.auth.caller.user.id || membership?.tenantId === ctx.auth.caller.tenant.id ? user.default_membership_id : null;
    },
  },
  membership: roleAndTenantFields,
  auth_api_key: {
    created_by: (k: WireKey, _: unknown, ctx: GraphQLContext) => {
      const user = k.created_by_id ? ctx.instance.store.state.user(k.created_by_id) : undefined;
      return user ? { id: user.id, username: user.username } : null;
    },
  },
};
