import { applyListArgs } from '../domain/where.js';
import { createKey, deleteKey, findVisibleKey, visibleKeys } from '../service/api-keys.js';
import { registerAgent, updateAgentHeartbeat } from '../service/agents.js';
import { getRunsInQueue } from '../service/run-queue.js';
import {
  agentConfigsOfTenant, agentsOfTenant, authInfo, currentUser, keyCreator, membershipsInCurrentTenant, rolesOfTenant,
  shownDefaultMembershipId, usersOfTenant, visibleMemberships,
} from '../service/directory.js';
import { deleteMembership, setMembershipRole } from '../service/memberships.js';
import { createServiceAccount, deleteServiceAccount } from '../service/service-accounts.js';
import { createTenant, memberTenants } from '../service/tenants.js';
import { successPayload } from './payloads.js';
import { recheckCallerPerField } from './per-field-caller.js';
import type { FieldResolver, RootResolvers } from './resolver-types.js';
import { roleAndTenantFields } from './related.js';
import { flowMutations, flowQueries, flowTypes } from './resolvers/flows.js';
import { uiApiResolvers } from './resolvers/index.js';
import { keyValueMutations, keyValueQueries } from './resolvers/key-values.js';
import { runMutations } from './resolvers/runs.js';
import { secretMutations, secretQueries } from './resolvers/secrets.js';
import { sessionMutations } from './resolvers/sessions.js';
import { taskQueries, taskTypes } from './resolvers/tasks.js';
import { scalars } from './scalars.js';
import { listColumns, type MutationArgs, type QueryArgs } from './schema-types.js';
import type * as Schema from './schema-types.js';
import {
  wireAgent, wireAgentConfig, wireKey, wireMembership, wireRole, wireTenant, wireUser, type WireKey, type WireUser,
} from './wire.js';

const Query: RootResolvers<QueryArgs> = {
  hello: () => 'Hello from the Prefect Cloud emulator!',
  auth_info: (_, __, ctx) => authInfo(ctx.useCase) satisfies Schema.auth_info,
  tenant: (_, args, ctx) => applyListArgs(memberTenants(ctx.useCase).map(wireTenant), args, listColumns.tenant),
  tenant_by_pk: (_, args, ctx) => {
    const tenant = memberTenants(ctx.useCase).find((t) => t.id === args.id);
    return tenant ? wireTenant(tenant) : null;
  },
  user: (_, args, ctx) => applyListArgs([wireUser(currentUser(ctx.useCase))], args, listColumns.user),
  user_view_same_tenant: (_, args, ctx) => applyListArgs(usersOfTenant(ctx.useCase).map(wireUser), args, listColumns.user),
  auth_role: (_, args, ctx) => applyListArgs(rolesOfTenant(ctx.useCase).map(wireRole), args, listColumns.auth_role),
  auth_api_key: (_, args, ctx) => applyListArgs(visibleKeys(ctx.useCase).map(wireKey), args, listColumns.auth_api_key),
  auth_api_key_by_pk: (_, args, ctx) => {
    const key = findVisibleKey(ctx.useCase, args.id);
    return key ? wireKey(key) : null;
  },
  agent_config: (_, args, ctx) => applyListArgs(agentConfigsOfTenant(ctx.useCase).map(wireAgentConfig), args, listColumns.agent_config),
  agent: (_, args, ctx) => applyListArgs(agentsOfTenant(ctx.useCase).map(wireAgent), args, listColumns.agent),
  ...uiApiResolvers.Query,
  ...flowQueries,
  ...secretQueries,
  ...keyValueQueries,
  ...taskQueries,
};

const Mutation: RootResolvers<MutationArgs> = {
  create_api_key: async (_, { input }, ctx) => {
    const { id, key } = await createKey(ctx.useCase, input);
    return { id, key, token: key };
  },
  delete_api_key: (_, { input }, ctx) => successPayload(() => deleteKey(ctx.useCase, input.key_id)),
  create_service_account: (_, { input }, ctx) => createServiceAccount(ctx.useCase, input),
  delete_service_account: (_, { input }, ctx) => successPayload(() => deleteServiceAccount(ctx.useCase, input)),
  set_membership_role: (_, { input }, ctx) => setMembershipRole(ctx.useCase, input),
  create_tenant: (_, { input }, ctx) => createTenant(ctx.useCase, input),
  delete_membership: (_, { input }, ctx) => successPayload(() => deleteMembership(ctx.useCase, input)),
  register_agent: (_, { input }, ctx) => registerAgent(ctx.useCase, input, ctx.coreVersion ?? null),
  update_agent_heartbeat: (_, { input }, ctx) => successPayload(() => updateAgentHeartbeat(ctx.useCase, input)),
  get_runs_in_queue: (_, { input }, ctx) => getRunsInQueue(ctx.useCase, input),
  ...uiApiResolvers.Mutation,
  ...flowMutations,
  ...runMutations,
  ...secretMutations,
  ...keyValueMutations,
  ...sessionMutations,
};

const memberships: FieldResolver<WireUser> = (user, _, ctx) => visibleMemberships(ctx.useCase, user.id).map(wireMembership);

export const resolvers = {
  ...scalars,
  Query,
  Mutation: recheckCallerPerField(Mutation),
  ...uiApiResolvers.types,
  ...flowTypes,
  ...taskTypes,
  user: { memberships },
  user_view_same_tenant: {
    memberships: ((user, _, ctx) => membershipsInCurrentTenant(ctx.useCase, user.id).map(wireMembership)) satisfies FieldResolver<WireUser>,
    default_membership_id: ((user, _, ctx) =>
      shownDefaultMembershipId(ctx.useCase, { id: user.id, defaultMembershipId: user.default_membership_id })) satisfies FieldResolver<WireUser>,
  },
  membership: roleAndTenantFields,
  auth_api_key: {
    created_by: ((k, _, ctx) => keyCreator(ctx.useCase, k.created_by_id)) satisfies FieldResolver<WireKey>,
  },
};
