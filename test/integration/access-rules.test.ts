import { describe, expect, it } from 'vitest';
import { builtInRoleId } from '../../src/domain/roles.js';
import { ids, refs, type TestApp } from '../helpers/app.js';
import {
  AUTH_INFO, call, CREATE_KEY, DELETE_KEY, fails, freshAppForEachTest, LIST_KEYS, membershipOf, ok, REGISTER_AGENT, registerAgentInput, SET_ROLE,
} from './helpers.js';

const TOKEN = 'legacy-acme-tenant-token-0000';

/** One representative of every kind of operation, for the authentication checks. */
const operations: [string, string, Record<string, unknown> | undefined][] = [
  ['auth_info', AUTH_INFO, undefined],
  ['tenant', 'query { tenant { id slug } }', undefined],
  ['auth_api_key', 'query { auth_api_key { id name expires_at } }', undefined],
  ['user', 'query { user { id } }', undefined],
  ['user_view_same_tenant', 'query { user_view_same_tenant { id } }', undefined],
  ['auth_role', 'query { auth_role { id } }', undefined],
  ['agent_config', 'query { agent_config { settings } }', undefined],
  ['create_api_key', CREATE_KEY, { input: { name: 'x', user_id: ids.alice, expires_at: null } }],
  ['delete_api_key', DELETE_KEY, { input: { key_id: '99999999-9999-4999-8999-999999999999' } }],
  ['register_agent', REGISTER_AGENT, registerAgentInput(ids.acme)],
  ['get_runs_in_queue', 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }', { input: { tenant_id: ids.acme } }],
  ['create_service_account', `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "x"}) { id } }`, undefined],
];

describe('access rules through GraphQL', () => {
  let app: TestApp;
  let alice: string;
  freshAppForEachTest((a) => { app = a; alice = a.key(refs.aliceAdmin); });

  describe('authentication failures are HTTP 200 with UNAUTHENTICATED', () => {
    it.each(operations)('%s without an Authorization header', async (_name, query, variables) => {
      await fails(app, query, { ...(variables ? { variables } : {}) }, 'UNAUTHENTICATED');
    });

    it.each(operations)('%s with a malformed Authorization header', async (_name, query, variables) => {
      for (const authorization of ['Basic YWxpY2U6c2VjcmV0', 'Bearer', 'Token abc', `${alice}`, `Bearer ${alice} extra`]) {
        const error = await fails(app, query, { authorization, ...(variables ? { variables } : {}) }, 'UNAUTHENTICATED');
        expect(error.message).toBe('Malformed Authorization header');
      }
    });

    it.each(operations)('%s with an unknown key', async (_name, query, variables) => {
      const unknown = `pce_${'Z'.repeat(43)}`;
      const error = await fails(app, query, { key: unknown, ...(variables ? { variables } : {}) }, 'UNAUTHENTICATED');
      expect(error.message.includes(unknown)).toBe(false);
    });

    it('answers like Cloud 1.0: data null, the error with its path and code', async () => {
      const res = await call(app, 'query { get_runs: auth_api_key { id } }', { authorization: 'Bearer nope' });
      expect(res.body.data).toBeNull();
      expect(res.body.errors).toEqual([expect.objectContaining({ path: ['get_runs'], extensions: { code: 'UNAUTHENTICATED' } })]);
    });

    it('a key is refused with a tenant header of another or a malformed tenant', async () => {
      await fails(app, AUTH_INFO, { key: alice, tenant: ids.globex }, 'UNAUTHENTICATED');
      await fails(app, AUTH_INFO, { key: alice, tenant: 'acme' }, 'UNAUTHENTICATED');
      await fails(app, LIST_KEYS, { key: app.key(refs.gus), tenant: ids.acme }, 'UNAUTHENTICATED');
      expect((await ok(app, AUTH_INFO, { key: alice, tenant: ids.acme.toUpperCase() })).auth_info.tenant_id).toBe(ids.acme);
    });

    it('hello answers whatever the credentials', async () => {
      expect((await ok(app, 'query { hello }', { authorization: 'Basic xyz' })).hello).toEqual(expect.any(String));
    });
  });

  describe('deprecated API tokens', () => {
    it('auth_info answers with tenant_id null, so the 1.x client can say what is wrong', async () => {
      const data = await ok(app, 'query { auth_info { tenant_id user_id api_token_scope } }', { key: TOKEN });
      expect(data.auth_info).toEqual({ tenant_id: null, user_id: ids.alice, api_token_scope: 'TENANT' });
    });

    it.each(operations.filter(([name]) => name !== 'auth_info'))('%s is UNAUTHENTICATED, mentioning the deprecation', async (_name, query, variables) => {
      const error = await fails(app, query, { key: TOKEN, ...(variables ? { variables } : {}) }, 'UNAUTHENTICATED');
      expect(error.message).toMatch(/deprecated/i);
    });
  });

  describe('tenant administration is for tenant admins', () => {
    it('create_service_account: FORBIDDEN for users, read-only users, and admins of another tenant', async () => {
      const query = (tenant: string) => `mutation { create_service_account(input: {tenant_id: "${tenant}", name: "bot"}) { id } }`;
      await fails(app, query(ids.acme), { key: app.key(refs.bob) }, 'FORBIDDEN');
      await fails(app, query(ids.acme), { key: app.key(refs.rita) }, 'FORBIDDEN');
      await fails(app, query(ids.globex), { key: alice }, 'FORBIDDEN');
      await fails(app, query(ids.acme), { key: app.key(refs.ginaAdmin) }, 'FORBIDDEN');
    });

    it('delete_service_account: FORBIDDEN for non-admins, and the account lives on', async () => {
      const query = `mutation { delete_service_account(input: {user_id: "${ids.acmeAgent}"}) { success } }`;
      await fails(app, query, { key: app.key(refs.bob) }, 'FORBIDDEN');
      await fails(app, query, { key: app.key(refs.rita) }, 'FORBIDDEN');
      const foreign = await ok(app, query, { key: app.key(refs.ginaAdmin) });
      expect(foreign.delete_service_account.success).toBe(false);
      await ok(app, AUTH_INFO, { key: app.key(refs.acmeAgent) });
    });

    it('set_membership_role: FORBIDDEN for non-admins', async () => {
      const ritaMembership = await membershipOf(app, alice, ids.rita);
      for (const ref of [refs.bob, refs.rita]) {
        await fails(app, SET_ROLE, { key: app.key(ref), variables: { input: { membership_id: ritaMembership, role_id: builtInRoleId('TENANT_ADMIN') } } }, 'FORBIDDEN');
      }
      const rita = await ok(app, 'query { auth_info { role } }', { key: app.key(refs.rita) });
      expect(rita.auth_info.role).toBe('READ_ONLY_USER');
    });

    it('non-admins are refused before anything is looked up: the answer is FORBIDDEN for any id', async () => {
      const unknown = '99999999-9999-4999-8999-999999999999';
      const gusMembership = await membershipOf(app, app.key(refs.ginaAdmin), ids.gus);
      for (const ref of [refs.bob, refs.rita]) {
        for (const userId of [ids.acmeAgent, ids.globexAgent, ids.alice, unknown]) {
          await fails(app, `mutation { delete_service_account(input: {user_id: "${userId}"}) { success } }`, { key: app.key(ref) }, 'FORBIDDEN');
        }
        for (const membershipId of [gusMembership, unknown]) {
          await fails(app, SET_ROLE, { key: app.key(ref), variables: { input: { membership_id: membershipId, role_id: builtInRoleId('USER') } } }, 'FORBIDDEN');
        }
      }
    });

    it("user_view_same_tenant never shows a membership of another tenant, not even as a colleague's default", async () => {
      const own = await ok(app, 'query { user { default_membership_id memberships { id tenant { slug } } } }', { key: alice });
      const aliceAcmeMembership = own.user[0].memberships.find((m: { tenant: { slug: string } }) => m.tenant.slug === 'acme').id as string;
      expect(own.user[0].default_membership_id).toBe(aliceAcmeMembership);
      const res = await call(app, 'query { user_view_same_tenant { id default_membership_id memberships { id tenant_id } } }', { key: app.key(refs.ginaAdmin) });
      expect(res.text.includes(aliceAcmeMembership)).toBe(false);
      const aliceRow = res.body.data!.user_view_same_tenant.find((u: { id: string }) => u.id === ids.alice);
      expect(aliceRow.default_membership_id).toBeNull();
      expect(aliceRow.memberships.map((m: { tenant_id: string }) => m.tenant_id)).toEqual([ids.globex]);
      const gusRow = res.body.data!.user_view_same_tenant.find((u: { id: string }) => u.id === ids.gus);
      expect(gusRow.default_membership_id).toBe(gusRow.memberships[0].id);
    });

    it('set_membership_role on a membership of another tenant is not found', async () => {
      const gusMembership = await membershipOf(app, app.key(refs.ginaAdmin), ids.gus);
      await fails(app, SET_ROLE, { key: alice, variables: { input: { membership_id: gusMembership, role_id: builtInRoleId('USER') } } }, 'NOT_FOUND');
    });

    it('deleting a service account revokes all its keys at once', async () => {
      const second = await ok(app, CREATE_KEY, { key: alice, variables: { input: { name: 'second', user_id: ids.acmeAgent } } });
      const keys = [app.key(refs.acmeAgent), second.create_api_key.key as string];
      for (const key of keys) await ok(app, AUTH_INFO, { key });
      const deleted = await ok(app, `mutation { delete_service_account(input: {user_id: "${ids.acmeAgent}"}) { success } }`, { key: alice });
      expect(deleted.delete_service_account.success).toBe(true);
      for (const key of keys) {
        const error = await fails(app, REGISTER_AGENT, { key, variables: registerAgentInput(ids.acme) }, 'UNAUTHENTICATED');
        expect(error.message).toMatch(/service account.*deleted/);
      }
      const listed = await ok(app, LIST_KEYS, { key: alice });
      expect(listed.auth_api_key.map((k: { user_id: string }) => k.user_id)).not.toContain(ids.acmeAgent);
    });

    it('the last human admin can be neither demoted nor removed', async () => {
      const aliceMembership = await membershipOf(app, alice, ids.alice);
      const demote = { input: { membership_id: aliceMembership, role_id: builtInRoleId('USER') } };
      await fails(app, SET_ROLE, { key: alice, variables: demote }, 'FORBIDDEN');
      // A service account with the admin role does not count, and cannot do it either.
      await fails(app, SET_ROLE, { key: app.key(refs.acmeAgent), variables: demote }, 'FORBIDDEN');
      await fails(app, 'mutation($input: delete_membership_input!) { delete_membership(input: $input) { success } }', {
        key: alice, variables: { input: { membership_id: aliceMembership } },
      }, 'FORBIDDEN');
      expect((await ok(app, 'query { auth_info { role } }', { key: alice })).auth_info.role).toBe('TENANT_ADMIN');
    });

    it('with a second human admin, the first can be demoted', async () => {
      const bobMembership = await membershipOf(app, alice, ids.bob);
      const aliceMembership = await membershipOf(app, alice, ids.alice);
      await ok(app, SET_ROLE, { key: alice, variables: { input: { membership_id: bobMembership, role_id: builtInRoleId('TENANT_ADMIN') } } });
      await ok(app, SET_ROLE, { key: app.key(refs.bob), variables: { input: { membership_id: aliceMembership, role_id: builtInRoleId('USER') } } });
      expect((await ok(app, 'query { auth_info { role } }', { key: alice })).auth_info.role).toBe('USER');
      // Bob is now the last one.
      await fails(app, SET_ROLE, { key: app.key(refs.bob), variables: { input: { membership_id: bobMembership, role_id: builtInRoleId('USER') } } }, 'FORBIDDEN');
    });

    it('refuses a role id that is not a role', async () => {
      const bobMembership = await membershipOf(app, alice, ids.bob);
      const error = await fails(app, SET_ROLE, { key: alice, variables: { input: { membership_id: bobMembership, role_id: '99999999-9999-4999-8999-999999999999' } } }, 'BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('input.role_id');
    });
  });

  describe('role and membership changes apply on the very next request', () => {
    it('demoting bob to READ_ONLY_USER makes his next register_agent FORBIDDEN', async () => {
      const bob = app.key(refs.bob);
      await ok(app, REGISTER_AGENT, { key: bob, variables: registerAgentInput(ids.acme) });
      const bobMembership = await membershipOf(app, alice, ids.bob);
      await ok(app, SET_ROLE, { key: alice, variables: { input: { membership_id: bobMembership, role_id: builtInRoleId('READ_ONLY_USER') } } });
      await fails(app, REGISTER_AGENT, { key: bob, variables: registerAgentInput(ids.acme) }, 'FORBIDDEN');
      await ok(app, SET_ROLE, { key: alice, variables: { input: { membership_id: bobMembership, role_id: builtInRoleId('USER') } } });
      await ok(app, REGISTER_AGENT, { key: bob, variables: registerAgentInput(ids.acme) });
    });

    it('promoting bob lets his existing key manage service accounts at once', async () => {
      const bob = app.key(refs.bob);
      const query = `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "bob-bot"}) { id } }`;
      await fails(app, query, { key: bob }, 'FORBIDDEN');
      const bobMembership = await membershipOf(app, alice, ids.bob);
      await ok(app, SET_ROLE, { key: alice, variables: { input: { membership_id: bobMembership, role_id: builtInRoleId('TENANT_ADMIN') } } });
      await ok(app, query, { key: bob });
    });

    it('a removed membership makes the member’s keys UNAUTHENTICATED', async () => {
      const bob = app.key(refs.bob);
      const bobMembership = await membershipOf(app, alice, ids.bob);
      const removed = await ok(app, 'mutation($input: delete_membership_input!) { delete_membership(input: $input) { success } }', {
        key: alice, variables: { input: { membership_id: bobMembership } },
      });
      expect(removed.delete_membership.success).toBe(true);
      const error = await fails(app, AUTH_INFO, { key: bob }, 'UNAUTHENTICATED');
      expect(error.message).toMatch(/no longer a member/);
    });
  });
});
