/** The app shell (start-up, the user menu, the profile page) and User > API Keys. */
import { ids } from '../helpers/app.js';
import {
  ALL, expectEq, expectThat, globexInvitation, gql, INVITATION_FIELDS, list, myMembership, TENANT_FIELDS, UUID, type UiOperation,
} from './ui-operations-support.js';

export const shellOperations = (): UiOperation[] => [
  {
    name: 'Api', page: 'shell', outcomes: ALL, returns: 'backend CLOUD, mode normal, versions',
    query: 'query Api { api { backend mode version core_version release_timestamp } }',
    check: (d) => expectEq([(d.api as { backend: string }).backend, (d.api as { mode: string }).mode], ['CLOUD', 'normal'], 'api'),
  },
  {
    name: 'License', page: 'shell', outcomes: ALL, returns: 'the licence, role permissions with the licence features, role id',
    query: 'query License { auth_info { license permissions role_id } }',
    check: (d) => {
      const info = d.auth_info as { license: { terms: { permissions: string[] } }; permissions: string[] };
      expectThat(info.permissions.includes('feature:basic-rbac') && info.permissions.includes('feature:custom-role'), 'licence features in permissions');
      expectThat(info.license.terms.permissions.includes('feature:custom-role'), 'licence terms list the features');
    },
  },
  {
    name: 'User', page: 'shell', outcomes: ALL, returns: 'the caller with settings and every membership',
    query: `query User { user { id username email settings default_membership_id first_name last_name
      memberships { id tenant { id name slug } role_detail { id name } } } }`,
    check: (d) => {
      const [me] = list(d, 'user') as { settings: unknown; memberships: { tenant: { id: string } }[] }[];
      expectEq(me!.settings, {}, 'user.settings');
      expectThat(me!.memberships.some((m) => m.tenant.id === ids.acme), 'a membership in acme');
    },
  },
  {
    name: 'Tenants', page: 'shell', outcomes: ALL, returns: 'the caller\'s tenants, with `prefect_admin_settings` {}, `stripe_customer` null, `license_id`',
    query: `query Tenants { tenant { ${TENANT_FIELDS} } }`,
    check: (d) => {
      const acme = list(d, 'tenant').find((t) => t.id === ids.acme)!;
      expectEq([acme.prefectAdminSettings, acme.stripe_customer], [{}, null], 'shell tenant fields');
      expectThat(UUID.test(String(acme.license_id)), 'license_id');
    },
  },
  {
    name: 'PendingInvitations (by email)', page: 'shell', outcomes: ALL, returns: 'invitations sent to that email that the caller may see',
    query: `query PendingInvitations($email: String!) { pendingInvitations: membership_invitation(where: {email: {_eq: $email}}) { ${INVITATION_FIELDS} } }`,
    variables: async (s) => {
      await globexInvitation(s, 'bob@acme.test');
      return { email: 'bob@acme.test' };
    },
    // Only the invitee sees an invitation to another tenant.
    check: (d, s) => expectEq(list(d, 'pendingInvitations').map((i) => (i.tenant as { slug: string }).slug), s.kind === 'user' ? ['globex'] : [], 'invitations'),
  },
  {
    name: 'Membership', page: 'shell', outcomes: ALL, returns: 'the current membership with its tenant\'s settings',
    query: `query Membership($membershipId: uuid!) { membership(where: {id: {_eq: $membershipId}}) { id role_detail { id name }
      tenant { id name slug settings stripe_customer prefectAdminSettings: prefect_admin_settings } } }`,
    variables: async (s) => ({ membershipId: await myMembership(s) }),
    check: (d) => expectEq(list(d, 'membership').map((m) => (m.tenant as { id: string }).id), [ids.acme], 'membership'),
  },
  {
    name: 'Membership (tenant id)', page: 'shell', outcomes: ALL, returns: 'the membership\'s tenant id',
    query: 'query Membership($membershipId: uuid!) { membership(where: {id: {_eq: $membershipId}}) { id tenant { id } } }',
    variables: async (s) => ({ membershipId: await myMembership(s) }),
    check: (d) => expectEq(list(d, 'membership').length, 1, 'one membership'),
  },
  {
    name: 'Agents', page: 'shell, Agents', outcomes: ALL, returns: 'the tenant\'s agents with `core_version`, `token_id`, `token_name`',
    query: 'query Agents { agent { id agent_config_id core_version created name labels last_queried type token_name token_id } }',
    variables: async (s) => {
      await gql(s, 'mutation($input: register_agent_input!) { register_agent(input: $input) { id } }',
        { input: { type: 'LocalAgent', name: 'shell agent', labels: [], tenant_id: ids.acme } }, s.app.key('acme-service-account'));
      return {};
    },
    check: (d) => {
      const [agent] = list(d, 'agent');
      expectEq([agent!.core_version, agent!.token_name], ['1.4.1', 'acme agent key'], 'agent registration');
      expectThat(UUID.test(String(agent!.token_id)), 'agent.token_id');
    },
  },
  {
    name: 'UpdateUserSettings', page: 'user menu', outcomes: ALL, returns: '`{ id }` of the caller',
    query: 'mutation UpdateUserSettings($input: JSON) { update_user_settings(input: {settings: $input}) { id } }',
    variables: () => ({ input: { timezone: 'Europe/Paris' } }),
    check: async (d, s) => {
      const me = await gql(s, 'query { user { id settings } }', undefined, s.key);
      expectEq([(d.update_user_settings as { id: string }).id, me.user[0].settings], [me.user[0].id, { timezone: 'Europe/Paris' }], 'settings stored');
    },
  },
  {
    name: 'UpdateUserDetails', page: 'User > Profile', outcomes: ALL, returns: '`{ id }` of the caller',
    query: 'mutation UpdateUserDetails($firstName: String, $lastName: String) { update_user_details(input: {first_name: $firstName, last_name: $lastName}) { id } }',
    variables: () => ({ firstName: 'Ada', lastName: 'Lovelace' }),
    check: async (_d, s) => {
      const me = await gql(s, 'query { user { first_name last_name } }', undefined, s.key);
      expectEq(me.user[0], { first_name: 'Ada', last_name: 'Lovelace' }, 'names stored');
    },
  },
  {
    name: 'APIKeys', page: 'User > API Keys, Service Accounts', outcomes: ALL, returns: 'key metadata, newest first',
    query: 'query APIKeys { auth_api_key(order_by: {created: desc}) { id name created expires_at default_tenant_id user_id updated created_by { id username } } }',
    check: (d, s) => {
      const owners = new Set(list(d, 'auth_api_key').map((k) => k.user_id));
      // People who are not admins see their own keys only.
      if (s.kind === 'user' || s.kind === 'readOnly') expectEq(owners.size, 1, 'only own keys');
      else expectThat(owners.has(ids.acmeAgent), 'admins see service-account keys');
    },
  },
  {
    name: 'CreateAPIKey', page: 'User > API Keys', outcomes: ALL, returns: '`{ id key }`, the key shown once',
    query: `mutation CreateAPIKey($user_id: UUID!, $name: String!, $expires_at: DateTime, $tenant_id: UUID) {
      create_api_key(input: {user_id: $user_id, name: $name, expires_at: $expires_at, default_tenant_id: $tenant_id}) { id key } }`,
    variables: async (s) => ({
      user_id: (await gql(s, 'query { auth_info { user_id } }', undefined, s.key)).auth_info.user_id, name: 'from the UI', expires_at: null, tenant_id: ids.acme,
    }),
    check: (d) => expectThat(/^pce_/.test(String((d.create_api_key as { key: string }).key)), 'a key'),
  },
  {
    name: 'DeleteAPIKey', page: 'User > API Keys, Service Accounts', outcomes: ALL, returns: '`{ success }`',
    query: 'mutation DeleteAPIKey($id: UUID!) { delete_api_key(input: {key_id: $id}) { success } }',
    variables: async (s) => {
      const me = await gql(s, 'query { auth_info { user_id } }', undefined, s.key);
      const made = await gql(s, `mutation { create_api_key(input: {user_id: "${me.auth_info.user_id}", name: "to revoke"}) { id } }`, undefined, s.key);
      return { id: made.create_api_key.id };
    },
    check: (d) => expectEq(d.delete_api_key, { success: true }, 'revoked'),
  },
];
