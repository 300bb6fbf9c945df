/** Team settings (profile, delete), teams of a licence, Tokens, Agents and agent configs. */
import { ids, refs } from '../helpers/app.js';
import {
  ADMINS, agentOfAcme, ALL, every, expectEq, gql, list, WRITERS, type Outcome, type UiOperation, type CallerKind,
} from './ui-operations-support.js';

/** People may create tenants; service accounts belong to one tenant. */
const PEOPLE: Record<CallerKind, Outcome> = { ...every('ok'), serviceAccount: 'FORBIDDEN' };
const CONFIG = '11111111-0000-4000-8000-00000000a9e1';

export const settingsOperations = (): UiOperation[] => [
  {
    name: 'Tenant', page: 'team settings', outcomes: ALL, returns: 'the tenant, or null',
    query: 'query Tenant($id: uuid!) { tenant_by_pk(id: $id) { id name info settings slug created } }',
    variables: () => ({ id: ids.acme }),
    check: (d) => expectEq((d.tenant_by_pk as { slug: string }).slug, 'acme', 'tenant'),
  },
  {
    name: 'CheckTenantSlug', page: 'team settings', outcomes: ALL, returns: 'the caller\'s tenants with that slug',
    query: 'query CheckTenantSlug($slug: String!) { tenant(where: {slug: {_eq: $slug}}) { id } }',
    variables: () => ({ slug: 'acme' }),
  },
  {
    name: 'UpdateTenant', page: 'team settings', outcomes: ADMINS, returns: '`{ id }` twice; a slug another tenant has is BAD_USER_INPUT',
    query: `mutation UpdateTenant($name: String!, $slug: String!) { update_tenant_name(input: {name: $name}) { id }
      update_tenant_slug(input: {slug: $slug}) { id } }`,
    variables: () => ({ name: 'Acme Industries', slug: 'acme-industries' }),
    check: async (_d, s) => {
      const data = await gql(s, `query { tenant_by_pk(id: "${ids.acme}") { name slug } }`, undefined, s.key);
      expectEq(data.tenant_by_pk, { name: 'Acme Industries', slug: 'acme-industries' }, 'renamed');
    },
  },
  {
    name: 'UpdateTenantSettings', page: 'onboarding, team settings', outcomes: ADMINS, returns: '`{ id }`; settings merged',
    query: 'mutation UpdateTenantSettings($settings: JSON!) { update_tenant_settings(input: {settings: $settings}) { id } }',
    variables: () => ({ settings: { teamNamed: true } }),
    check: async (_d, s) => {
      const data = await gql(s, 'query { tenant { id settings } }', undefined, s.key);
      expectEq(list(data, 'tenant').find((t) => t.id === ids.acme)!.settings, { teamNamed: true }, 'settings');
    },
  },
  {
    name: 'DeleteTenant', page: 'team settings', outcomes: ADMINS, returns: '`{ success }`; every key bound to the tenant is revoked',
    query: 'mutation DeleteTenant($input: delete_tenant_input!) { delete_tenant(input: $input) { success } }',
    variables: () => ({ input: { confirm: true } }),
    check: async (d, s) => {
      expectEq(d.delete_tenant, { success: true }, 'deleted');
      const after = await s.app.gql('query { auth_info { tenant_id } }', { key: s.app.key(refs.bob) });
      expectEq(after.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', "a member's key no longer works");
    },
  },
  {
    name: 'CreateTenant', page: 'onboarding', outcomes: PEOPLE, returns: '`{ id }`; the caller is its admin',
    query: 'mutation CreateTenant($input: create_tenant_input!) { create_tenant(input: $input) { id } }',
    variables: (s) => ({ input: { name: `Team of ${s.kind}`, slug: `team-of-${s.kind.toLowerCase()}` } }),
  },
  {
    name: 'CreateEnterpriseTenant', page: 'Account > Teams', outcomes: every('FORBIDDEN'), returns: '`{ id }` for a licence administrator (license:admin)',
    query: 'mutation CreateEnterpriseTenant($input: create_enterprise_tenant_input!) { create_enterprise_tenant(input: $input) { id } }',
    variables: () => ({ input: { name: 'Second team', slug: 'second-team' } }),
  },
  {
    name: 'DeleteEnterpriseTenant', page: 'Account > Teams', outcomes: every('FORBIDDEN'), returns: '`{ success error }` for a licence administrator',
    query: 'mutation DeleteEnterpriseTenant($input: delete_enterprise_tenant_input!) { delete_enterprise_tenant(input: $input) { success error } }',
    variables: () => ({ input: { tenant_id: ids.acme, confirm: true } }),
  },
  {
    name: 'APITokens', page: 'Team > Tokens', outcomes: ALL, returns: 'the tenant\'s TENANT and RUNNER tokens, for those who manage service accounts',
    query: `query APITokens { api_token(order_by: {created: desc}, where: {scope: {_in: ["TENANT", "RUNNER"]}}) {
      id name created_by { id username } created expires_at last_used tenant_id user_id scope } }`,
    check: (d, s) => {
      const names = list(d, 'api_token').map((t) => t.name);
      expectEq(names, s.kind === 'admin' || s.kind === 'serviceAccount' ? ['legacy acme tenant token'] : [], 'tenant tokens');
    },
  },
  {
    name: 'APITokens (user)', page: 'User > Tokens', outcomes: ALL, returns: 'the caller\'s USER tokens',
    query: 'query APITokens { api_token(order_by: {created: desc}, where: {scope: {_eq: "USER"}}) { id name created expires_at last_used } }',
    variables: async (s) => {
      await gql(s, 'mutation { create_api_token(input: {name: "mine", scope: USER}) { id } }', undefined, s.key);
      return {};
    },
    check: (d) => expectEq(list(d, 'api_token').map((t) => t.name), ['mine'], 'own token'),
  },
  {
    name: 'CreateAPIToken', page: 'tutorials', outcomes: ALL, returns: '`{ id token }`; a token authenticates `auth_info` only',
    query: 'mutation CreateAPIToken($name: String!, $scope: api_token_scope, $expires_at: DateTime) { create_api_token(input: {name: $name, scope: $scope, expires_at: $expires_at}) { id token } }',
    variables: () => ({ name: 'personal', scope: 'USER', expires_at: null }),
    check: async (d, s) => {
      const { token } = d.create_api_token as { token: string };
      const info = await gql(s, 'query { auth_info { tenant_id } }', undefined, token);
      expectEq(info.auth_info.tenant_id, null, 'a token is told to use an API key');
    },
  },
  {
    name: 'CreateRunnerToken', page: 'tutorials', outcomes: ADMINS, returns: '`{ id token }`',
    query: 'mutation CreateRunnerToken($name: String!) { create_api_token(input: {name: $name, scope: RUNNER}) { id token } }',
    variables: () => ({ name: 'runner' }),
  },
  {
    name: 'DeleteAPIToken', page: 'Tokens', outcomes: ALL, returns: '`{ success }`',
    query: 'mutation DeleteAPIToken($id: UUID!) { delete_api_token(input: {token_id: $id}) { success } }',
    variables: async (s) => ({ id: (await gql(s, 'mutation { create_api_token(input: {name: "short-lived"}) { id } }', undefined, s.key)).create_api_token.id }),
    check: (d) => expectEq(d.delete_api_token, { success: true }, 'revoked'),
  },
  {
    name: 'DeleteAgent', page: 'Agents', outcomes: WRITERS, returns: '`{ success }`',
    query: 'mutation DeleteAgent($agentId: UUID!) { delete_agent(input: {agent_id: $agentId}) { success } }',
    variables: async (s) => ({ agentId: await agentOfAcme(s) }),
    check: (d) => expectEq(d.delete_agent, { success: true }, 'deleted'),
  },
  {
    name: 'AgentConfig', page: 'Automations', outcomes: ALL, returns: 'the tenant\'s agent configs',
    query: 'query AgentConfig { agent_config { id name } }',
    check: (d) => expectEq(list(d, 'agent_config'), [{ id: CONFIG, name: 'default' }], 'configs'),
  },
  {
    name: 'AgentConfig (by id)', page: 'Automations', outcomes: ALL, returns: 'the config with the agents that use it',
    query: 'query AgentConfig($agentConfigId: uuid!) { agent_config_by_pk(id: $agentConfigId) { id name agents { id type name } } }',
    variables: async (s) => {
      await gql(s, 'mutation($input: register_agent_input!) { register_agent(input: $input) { id } }',
        { input: { type: 'DockerAgent', name: 'configured', labels: [], tenant_id: ids.acme, agent_config_id: CONFIG } }, s.app.key(refs.acmeAgent));
      return { agentConfigId: CONFIG };
    },
    check: (d) => expectEq((d.agent_config_by_pk as { agents: { name: string }[] }).agents.map((a) => a.name), ['configured'], 'its agents'),
  },
  {
    name: 'CreateAgentConfig', page: 'Automations', outcomes: WRITERS, returns: '`{ id }`',
    query: 'mutation CreateAgentConfig($input: create_agent_config_input!) { create_agent_config(input: $input) { id } }',
    variables: () => ({ input: { name: 'sla' } }),
  },
  {
    name: 'deleteAgentConfig', page: 'Automations', outcomes: WRITERS, returns: '`{ error success }`',
    query: 'mutation deleteAgentConfig($agentConfigInput: delete_agent_config_input!) { delete_agent_config(input: $agentConfigInput) { error success } }',
    variables: () => ({ agentConfigInput: { agent_config_id: CONFIG } }),
    check: (d) => expectEq(d.delete_agent_config, { error: null, success: true }, 'deleted'),
  },
];
