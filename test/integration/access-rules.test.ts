import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInRoleId } from '../../src/domain/roles.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import {
  AUTH_INFO, call, CREATE_KEY, CREATE_KEY_WITH_ID, DELETE_KEY, fails, LIST_KEYS, membershipOf, ok, REGISTER_AGENT, registerAgentInput, SET_ROLE,
} from './support.js';

const TOKEN = 'legacy-acme-tenant-token-0000';
const FROZEN = Date.parse('2026-04-01T00:00:00.000Z');
const HOUR = 3_600_000;

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
  beforeEach(async () => {
    app = await createTestApp();
    alice = app.key(refs.aliceAdmin);
  });
  afterEach(async () => { await app.close(); });

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
      const second = await ok(app, CREATE_KEY_WITH_ID, { key: alice, variables: { input: { name: 'second', user_id: ids.acmeAgent } } });
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

  describe('expiry follows the emulator clock', () => {
    const createExpiring = async (expiresAt: string): Promise<string> => {
      const data = await ok(app, CREATE_KEY, { key: alice, variables: { input: { name: 'expiring', user_id: ids.alice, expires_at: expiresAt } } });
      return data.create_api_key.key as string;
    };

    it('a key works until the clock passes expires_at (EmulatorInstance.clock)', async () => {
      app.main.clock.freeze(FROZEN);
      const key = await createExpiring(new Date(FROZEN + HOUR).toISOString());
      await ok(app, AUTH_INFO, { key });
      app.main.clock.advance(HOUR - 1);
      await ok(app, AUTH_INFO, { key });
      app.main.clock.advance(1);
      const error = await fails(app, AUTH_INFO, { key }, 'UNAUTHENTICATED');
      expect(error.message).toMatch(/expired/);
      // Set back, it works again: nothing but the clock decides.
      app.main.clock.set(FROZEN);
      await ok(app, AUTH_INFO, { key });
    });

    it('freeze, create with an offset expiry, advance past it via /__emulator/clock/advance', async () => {
      expect((await app.control('post', '/clock/freeze', { at: new Date(FROZEN).toISOString() })).status).toBe(200);
      const key = await createExpiring('2026-04-01T03:00:00+02:00');
      await ok(app, AUTH_INFO, { key });
      const moved = await app.control('post', '/clock/advance', { by: 'PT59M' });
      expect(moved.status).toBe(200);
      await ok(app, AUTH_INFO, { key });
      expect((await app.control('post', '/clock/advance', { by: '2m' })).status).toBe(200);
      await fails(app, AUTH_INFO, { key }, 'UNAUTHENTICATED');
      await fails(app, LIST_KEYS, { key }, 'UNAUTHENTICATED');
      await ok(app, AUTH_INFO, { key: alice });
    });

    it('expires_at in the past by the emulator clock is refused, in the future by it is accepted', async () => {
      app.main.clock.freeze(Date.parse('2040-01-01T00:00:00Z'));
      await fails(app, CREATE_KEY, { key: alice, variables: { input: { name: 'x', user_id: ids.alice, expires_at: '2039-12-31T23:59:59Z' } } }, 'BAD_USER_INPUT');
      app.main.clock.set(Date.parse('2020-01-01T00:00:00Z'));
      const key = await createExpiring('2021-01-01T00:00:00+00:00');
      await ok(app, AUTH_INFO, { key });
    });
  });

  describe('errors', () => {
    it('permission failures are FORBIDDEN', async () => {
      await fails(app, REGISTER_AGENT, { key: app.key(refs.rita), variables: registerAgentInput(ids.acme) }, 'FORBIDDEN');
      await fails(app, CREATE_KEY, { key: app.key(refs.bob), variables: { input: { name: 'x', user_id: ids.alice } } }, 'FORBIDDEN');
    });

    it('malformed requests never answer API_ERROR nor a status the client retries', async () => {
      // Parse and validation failures are 400 with the errors in the body, as Cloud answered
      // (the 1.x client prints them); neither is a status it retries.
      const parse = await app.gql('query { auth_info { tenant_id }', { key: alice });
      expect(parse.status).toBe(400);
      expect(parse.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      const unknownField = await app.gql('query { no_such_field }', { key: alice });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const bodies = [
        JSON.stringify({ query: AUTH_INFO, variables: '{not json' }),
        JSON.stringify({ query: AUTH_INFO, variables: '[1]' }),
        JSON.stringify({ variables: 'null' }),
        '{"query": ',
      ];
      for (const body of bodies) {
        const res = await request(app.handler).post('/graphql').set({ 'content-type': 'application/json', authorization: `Bearer ${alice}` }).send(body);
        expect([200, 400]).toContain(res.status);
        expect(res.text.includes('API_ERROR')).toBe(false);
        expect((res.body as { errors?: unknown[] }).errors).toHaveLength(1);
      }
    });

    it('delete_service_account with a human user id finds no service account', async () => {
      const data = await ok(app, `mutation { delete_service_account(input: {user_id: "${ids.bob}"}) { success } }`, { key: alice });
      expect(data.delete_service_account.success).toBe(false);
      await ok(app, AUTH_INFO, { key: app.key(refs.bob) });
    });

    it('an unexpected internal error is masked as "Unexpected error."', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pce-masked-'));
      const fileApp = await createTestApp({ dataFile: path.join(dir, 'state.json') });
      try {
        const key = fileApp.key(refs.aliceAdmin);
        await fileApp.close(); // the store refuses writes from now on: an error nobody anticipated
        const res = await call(fileApp, CREATE_KEY, { key, variables: { input: { name: 'x', user_id: ids.alice } } });
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
        expect(res.text).not.toMatch(/store is closed|Error:|at .*\.ts/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
