import { describe, expect, it } from 'vitest';
import { ids, refs, type TestApp } from '../helpers/app.js';
import { call, DELETE_KEY, fails, freshAppForEachTest, ok, REGISTER_AGENT, registerAgentInput } from './helpers.js';

/**
 * Every operation the Prefect 1.x client and CLI send, exactly as they send them: variables as a
 * JSON string ("null" when there are none), field order varying, inline literals.
 */
const AGENT_CONFIG_ID = '11111111-0000-4000-8000-00000000a9e1';
const KEY_FORMAT = /^pce_[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What Python's `pendulum.now("UTC").add(days=…).isoformat()` looks like. */
const pythonIso = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1456+00:00');

describe('the 1.x client against the emulator', () => {
  let app: TestApp;
  let alice: string;
  freshAppForEachTest((a) => { app = a; alice = a.key(refs.aliceAdmin); });

  describe('transport', () => {
    it('takes variables as the string "null" when there are none', async () => {
      const res = await call(app, 'query { auth_info { tenant_id } }', { key: alice });
      expect(res.body).toEqual({ data: { auth_info: { tenant_id: ids.acme } } });
    });

    it('takes variables as a JSON string and as an object', async () => {
      const query = 'query($slug: String) { tenant(where: {slug: {_eq: $slug}}) { id } }';
      const asString = await ok(app, query, { key: alice, variables: { slug: 'globex' } });
      const asObject = await ok(app, query, { key: alice, variables: { slug: 'globex' }, stringVariables: false });
      expect(asString.tenant).toEqual([{ id: ids.globex }]);
      expect(asObject).toEqual(asString);
    });

    it('takes null and absent object variables', async () => {
      expect((await ok(app, 'query { hello }', { key: alice, variables: null, stringVariables: false })).hello).toEqual(expect.any(String));
    });

    it('serves the same schema on POST / and POST /graphql', async () => {
      const root = await call(app, 'query { auth_info { user_id tenant_id } }', { key: alice, path: '/' });
      const graphql = await call(app, 'query { auth_info { user_id tenant_id } }', { key: alice, path: '/graphql' });
      expect(root.body).toEqual({ data: { auth_info: { user_id: ids.alice, tenant_id: ids.acme } } });
      expect(graphql.text).toBe(root.text);
    });

    it('answers the same whatever order the fields come in', async () => {
      const a = await ok(app, 'query { auth_info { tenant_id user_id } }', { key: alice });
      const b = await ok(app, 'query { auth_info { user_id tenant_id } }', { key: alice });
      expect(a.auth_info).toEqual(b.auth_info);
      const t1 = await ok(app, `query { tenant(where: {id: {_eq: "${ids.acme}"}}) { id name slug } }`, { key: alice });
      const t2 = await ok(app, `query { tenant(where: {id: {_eq: "${ids.acme}"}}) { slug id name } }`, { key: alice });
      expect(t1.tenant).toEqual(t2.tenant);
      expect(Object.keys(t2.tenant[0])).toEqual(['slug', 'id', 'name']);
    });
  });

  describe('auth login / status', () => {
    it('auth_info gives the tenant of the key', async () => {
      const data = await ok(app, 'query { auth_info { tenant_id } }', { key: alice });
      expect(data.auth_info.tenant_id).toBe(ids.acme);
      const gus = await ok(app, 'query { auth_info { tenant_id } }', { key: app.key(refs.gus) });
      expect(gus.auth_info.tenant_id).toBe(ids.globex);
    });

    it('tenant(where: {id: {_eq: "<uuid>"}}) with an inline literal', async () => {
      const data = await ok(app, `query { tenant(where: {id: {_eq: "${ids.acme}"}}) { id name slug } }`, { key: alice });
      expect(data.tenant).toEqual([{ id: ids.acme, name: 'Acme Corp', slug: 'acme' }]);
    });

    it('tenant(where: {id: …}) finds nothing for a tenant the caller is not a member of', async () => {
      const data = await ok(app, `query { tenant(where: {id: {_eq: "${ids.globex}"}}) { id name slug } }`, { key: app.key(refs.bob) });
      expect(data.tenant).toEqual([]);
    });

    it('tenant(where: …) accepts an upper-case id literal', async () => {
      const data = await ok(app, `query { tenant(where: {id: {_eq: "${ids.acme.toUpperCase()}"}}) { id } }`, { key: alice });
      expect(data.tenant).toEqual([{ id: ids.acme }]);
    });
  });

  describe('auth list-tenants / switch-tenants', () => {
    it('tenant(order_by: {slug: asc}) lists the caller’s tenants by slug', async () => {
      const data = await ok(app, 'query { tenant(order_by: {slug: asc}) { id slug name } }', { key: alice });
      expect(data.tenant).toEqual([
        { id: ids.acme, slug: 'acme', name: 'Acme Corp' },
        { id: ids.globex, slug: 'globex', name: 'Globex' },
      ]);
      const bob = await ok(app, 'query { tenant(order_by: {slug: asc}) { id slug name } }', { key: app.key(refs.bob) });
      expect(bob.tenant.map((t: { slug: string }) => t.slug)).toEqual(['acme']);
    });

    it('get_default_tenant_slug: tenant { id slug }', async () => {
      const data = await ok(app, 'query { tenant { id slug } }', { key: app.key(refs.gus) });
      expect(data.tenant).toEqual([{ id: ids.globex, slug: 'globex' }]);
    });

    it('switch-tenants: slug lookup, then auth_info with the new tenant header fails for a key of another tenant', async () => {
      const lookup = await ok(app, 'query($slug: String) { tenant(where: {slug: {_eq: $slug}}) { id } }', { key: alice, variables: { slug: 'globex' } });
      const globexId = lookup.tenant[0].id as string;
      expect(globexId).toBe(ids.globex);
      const error = await fails(app, 'query { auth_info { tenant_id } }', { key: alice, tenant: globexId }, 'UNAUTHENTICATED');
      expect(error.message).toMatch(/UNAUTHENTICATED|AuthenticationError/);
      const back = await ok(app, 'query { auth_info { tenant_id } }', { key: alice, tenant: ids.acme });
      expect(back.auth_info.tenant_id).toBe(ids.acme);
    });

    it('switch-tenants with a key of the target tenant works', async () => {
      const minted = await app.main.mintKey({ user_id: ids.alice, tenant_id: ids.globex });
      const data = await ok(app, 'query { auth_info { tenant_id } }', { key: minted.key, tenant: ids.globex });
      expect(data.auth_info.tenant_id).toBe(ids.globex);
    });

    it('an unknown slug finds nothing', async () => {
      const data = await ok(app, 'query($slug: String) { tenant(where: {slug: {_eq: $slug}}) { id } }', { key: alice, variables: { slug: 'nope' } });
      expect(data.tenant).toEqual([]);
    });
  });

  describe('auth create-key / list-keys / revoke-key', () => {
    const createKey = 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { key } }';

    it('creates a key for the caller the way the CLI does, and the key works', async () => {
      const info = await ok(app, 'query { auth_info { user_id } }', { key: alice });
      const userId = info.auth_info.user_id as string;
      const expiresAt = pythonIso(Date.now() + 30 * 86_400_000);
      const created = await ok(app, createKey, { key: alice, variables: { input: { name: 'laptop', user_id: userId, expires_at: expiresAt } } });
      const newKey = created.create_api_key.key as string;
      expect(KEY_FORMAT.test(newKey), 'a well-formed key').toBe(true);
      const me = await ok(app, 'query { auth_info { user_id tenant_id } }', { key: newKey });
      expect(me.auth_info).toEqual({ user_id: ids.alice, tenant_id: ids.acme });
      const listed = await ok(app, 'query { auth_api_key { id name expires_at } }', { key: newKey });
      const row = (listed.auth_api_key as { name: string; expires_at: string | null }[]).find((k) => k.name === 'laptop');
      expect(row).toBeDefined();
      expect(Date.parse(row!.expires_at!)).toBe(Date.parse(expiresAt.replace(/(\.\d{3})\d+/, '$1')));
      expect(row!.expires_at).toMatch(/\+00:00$/);
    });

    it('creates a key that never expires with expires_at null', async () => {
      const created = await ok(app, createKey, { key: alice, variables: { input: { name: 'forever', user_id: ids.alice, expires_at: null } } });
      const newKey = created.create_api_key.key as string;
      const listed = await ok(app, 'query { auth_api_key { id name expires_at } }', { key: newKey });
      expect(listed.auth_api_key).toContainEqual({ id: expect.stringMatching(UUID), name: 'forever', expires_at: null });
    });

    it('accepts an expiry with a non-UTC offset and reports it in UTC', async () => {
      const created = await ok(app, createKey, { key: alice, variables: { input: { name: 'cest', user_id: ids.alice, expires_at: '2099-06-01T12:00:00+02:00' } } });
      const listed = await ok(app, 'query { auth_api_key { name expires_at } }', { key: created.create_api_key.key as string });
      expect(listed.auth_api_key).toContainEqual({ name: 'cest', expires_at: '2099-06-01T10:00:00.000+00:00' });
    });

    it('list-keys: auth_api_key { id name expires_at }', async () => {
      const data = await ok(app, 'query { auth_api_key { id name expires_at } }', { key: app.key(refs.bob) });
      expect(data.auth_api_key).toEqual([{ id: expect.stringMatching(UUID), name: 'Bob User default key', expires_at: null }]);
    });

    it('revoke-key: success true, and the key fails UNAUTHENTICATED on the very next request', async () => {
      const created = await ok(app, 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }', {
        key: alice, variables: { input: { name: 'to revoke', user_id: ids.alice, expires_at: null } },
      });
      const { id, key } = created.create_api_key as { id: string; key: string };
      await ok(app, 'query { auth_info { tenant_id } }', { key });
      const revoked = await ok(app, DELETE_KEY, { key: alice, variables: { input: { key_id: id } } });
      expect(revoked.delete_api_key).toEqual({ success: true });
      const error = await fails(app, 'query { auth_info { tenant_id } }', { key }, 'UNAUTHENTICATED');
      expect(error.message).toMatch(/revoked/);
    });

    it('revoke-key with an unknown id answers success false', async () => {
      const data = await ok(app, DELETE_KEY, { key: alice, variables: { input: { key_id: '99999999-9999-4999-8999-999999999999' } } });
      expect(data.delete_api_key).toEqual({ success: false });
    });

    it('a key revoked with its own credentials stops working too', async () => {
      const bob = app.key(refs.bob);
      const listed = await ok(app, 'query { auth_api_key { id } }', { key: bob });
      const revoked = await ok(app, DELETE_KEY, { key: bob, variables: { input: { key_id: listed.auth_api_key[0].id } } });
      expect(revoked.delete_api_key.success).toBe(true);
      await fails(app, 'query { auth_api_key { id } }', { key: bob }, 'UNAUTHENTICATED');
    });
  });

  describe('agents', () => {
    it('hello answers with and without a key', async () => {
      expect((await ok(app, 'query { hello }', { key: app.key(refs.acmeAgent) })).hello).toEqual(expect.any(String));
      expect((await ok(app, 'query { hello }')).hello).toEqual(expect.any(String));
    });

    it('register_agent returns an id', async () => {
      const data = await ok(app, REGISTER_AGENT, { key: app.key(refs.acmeAgent), variables: registerAgentInput(ids.acme) });
      expect(data.register_agent.id).toMatch(UUID);
      const listed = await ok(app, 'query { agent { id name type labels } }', { key: app.key(refs.acmeAgent) });
      expect(listed.agent).toEqual([{ id: data.register_agent.id, name: 'agent-1', type: 'LocalAgent', labels: ['local'] }]);
    });

    it('register_agent for another tenant than the key’s is refused', async () => {
      await fails(app, REGISTER_AGENT, { key: app.key(refs.acmeAgent), variables: registerAgentInput(ids.globex) }, 'FORBIDDEN');
    });

    it('get_runs_in_queue answers an empty queue', async () => {
      const data = await ok(app, 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }', {
        key: app.key(refs.acmeAgent),
        variables: { input: { before: pythonIso(Date.now()), labels: ['local'], tenant_id: ids.acme } },
      });
      expect(data.get_runs_in_queue).toEqual({ flow_run_ids: [] });
    });

    it('get_runs_in_queue refuses a `before` without a timezone, naming it', async () => {
      const query = 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }';
      for (const before of ['2026-01-01T00:00:00', 'yesterday']) {
        const error = await fails(app, query, { key: app.key(refs.acmeAgent), variables: { input: { before, tenant_id: ids.acme } } }, 'BAD_USER_INPUT');
        expect(error.extensions?.field).toBe('input.before');
      }
    });

    it('agent_config(where: {id: {_eq: …}}) { settings }', async () => {
      const inline = await ok(app, `query { agent_config(where: {id: {_eq: "${AGENT_CONFIG_ID}"}}) { settings } }`, { key: app.key(refs.acmeAgent) });
      expect(inline.agent_config).toEqual([{ settings: { labels: ['local'] } }]);
      const withVariable = await ok(app, 'query($id: uuid) { agent_config(where: {id: {_eq: $id}}) { settings } }', {
        key: app.key(refs.acmeAgent), variables: { id: AGENT_CONFIG_ID },
      });
      expect(withVariable).toEqual(inline);
    });

    it("agent_config of another tenant is not visible", async () => {
      const data = await ok(app, `query { agent_config(where: {id: {_eq: "${AGENT_CONFIG_ID}"}}) { settings } }`, { key: app.key(refs.globexAgent) });
      expect(data.agent_config).toEqual([]);
    });

    it('register_agent with the tenant header set, as an agent with a tenant does', async () => {
      const data = await ok(app, REGISTER_AGENT, { key: app.key(refs.acmeAgent), tenant: ids.acme, variables: registerAgentInput(ids.acme) });
      expect(data.register_agent.id).toMatch(UUID);
    });
  });
});
