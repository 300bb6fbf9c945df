import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import {
  call, CREATE_KEY, DELETE_KEY, expectNoSecret, fails, fixturePlaintexts, LIST_KEYS, ok, REGISTER_AGENT, registerAgentInput,
} from './helpers.js';

type KeyRow = { id: string; name: string; user_id: string; default_tenant_id: string };

const UNKNOWN_ID = '99999999-9999-4999-8999-999999999999';

describe('API key rules through GraphQL', () => {
  let app: TestApp;
  const keyOf = (ref: string): string => app.key(ref);
  const fixtureKeyId = (ref: string): string => app.main.fixtureKeys.find((k) => k.ref === ref)!.id;
  const listNames = async (key: string, tenant?: string): Promise<string[]> => {
    const data = await ok(app, LIST_KEYS, { key, ...(tenant ? { tenant } : {}) });
    return (data.auth_api_key as KeyRow[]).map((k) => k.name).sort();
  };
  const create = (key: string, input: Record<string, unknown>) => call(app, CREATE_KEY, { key, variables: { input } });

  beforeEach(async () => { app = await createTestApp(); });
  afterEach(async () => { await app.close(); });

  describe('auth_api_key visibility', () => {
    it('a user sees only their own keys', async () => {
      expect(await listNames(keyOf(refs.bob))).toEqual(['Bob User default key']);
      expect(await listNames(keyOf(refs.rita))).toEqual(['Rita Reader default key']);
      expect(await listNames(keyOf(refs.gus))).toEqual(['Gus User default key']);
    });

    it("a tenant admin sees their own keys and every service-account key of the tenant, never another human's", async () => {
      expect(await listNames(keyOf(refs.aliceAdmin))).toEqual(['Alice Admin default key', 'acme agent key']);
      expect(await listNames(keyOf(refs.ginaAdmin))).toEqual(['Gina Admin default key', 'globex agent key']);
    });

    it('a service account sees every service-account key of its tenant', async () => {
      const sa = await ok(app, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "second"}) { id } }`, { key: keyOf(refs.aliceAdmin) });
      await app.main.mintKey({ user_id: sa.create_service_account.id, name: 'second sa key' });
      await app.main.mintKey({ user_id: ids.bob, name: 'bob second key' });
      expect(await listNames(keyOf(refs.acmeAgent))).toEqual(['acme agent key', 'second sa key']);
    });

    it('a service account created with a lesser role sees only its own keys', async () => {
      const sa = await ok(app, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "runner", role_id: "00000000-0000-4000-8000-000000000002"}) { id } }`, { key: keyOf(refs.aliceAdmin) });
      const minted = await app.main.mintKey({ user_id: sa.create_service_account.id, name: 'runner key' });
      expect(await listNames(minted.key)).toEqual(['runner key']);
    });

    it('own keys show in any tenant; that tenant’s service-account keys only to its admins', async () => {
      const globexKey = await app.main.mintKey({ user_id: ids.alice, tenant_id: ids.globex, name: 'alice in globex' });
      // Alice is a USER in globex: she sees her keys of both tenants, not globex's service-account key.
      expect(await listNames(globexKey.key)).toEqual(['Alice Admin default key', 'alice in globex']);
      expect(await listNames(keyOf(refs.aliceAdmin))).toEqual(['Alice Admin default key', 'acme agent key', 'alice in globex']);
      // Gina, admin of globex, never sees Alice's globex key: it is another human's.
      expect(await listNames(keyOf(refs.ginaAdmin))).toEqual(['Gina Admin default key', 'globex agent key']);
    });

    it("never shows another tenant's keys", async () => {
      const data = await ok(app, LIST_KEYS, { key: keyOf(refs.aliceAdmin) });
      for (const row of data.auth_api_key as KeyRow[]) {
        expect([ids.alice, ids.acmeAgent]).toContain(row.user_id);
      }
      const globex = await ok(app, LIST_KEYS, { key: keyOf(refs.globexAgent) });
      expect((globex.auth_api_key as KeyRow[]).every((k) => k.default_tenant_id === ids.globex)).toBe(true);
    });

    it('auth_api_key_by_pk answers null for a key the caller may not see', async () => {
      const by = (key: string, id: string) => ok(app, `query { auth_api_key_by_pk(id: "${id}") { id name } }`, { key });
      expect((await by(keyOf(refs.aliceAdmin), fixtureKeyId(refs.acmeAgent))).auth_api_key_by_pk).toEqual({ id: fixtureKeyId(refs.acmeAgent), name: 'acme agent key' });
      expect((await by(keyOf(refs.aliceAdmin), fixtureKeyId(refs.bob))).auth_api_key_by_pk).toBeNull();
      expect((await by(keyOf(refs.bob), fixtureKeyId(refs.acmeAgent))).auth_api_key_by_pk).toBeNull();
      expect((await by(keyOf(refs.ginaAdmin), fixtureKeyId(refs.acmeAgent))).auth_api_key_by_pk).toBeNull();
    });

    it('never returns a key value: the type has no such field, and no response carries one', async () => {
      const invalid = await app.gql('query { auth_api_key { id key } }', { key: keyOf(refs.aliceAdmin) });
      expect(invalid.status).toBe(400);
      const error = invalid.body.errors?.[0];
      expect(error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const minted = await app.main.mintKey({ user_id: ids.acmeAgent, name: 'minted' });
      const secrets = [...fixturePlaintexts(app), minted.key];
      const everything = 'query { auth_api_key { id name user_id default_tenant_id expires_at created updated created_by { id username } } }';
      for (const ref of Object.values(refs)) {
        const res = await call(app, everything, { key: keyOf(ref) });
        expect(res.body.errors).toBeUndefined();
        expectNoSecret(res.text, secrets, 'the answer');
      }
      for (const query of ['query { user_view_same_tenant { id username first_name memberships { id } } }', 'query { auth_info { user_id tenant_id role permissions api_token_scope } }', 'query { user { id username } }']) {
        expectNoSecret((await call(app, query, { key: keyOf(refs.aliceAdmin) })).text, secrets, 'the answer');
      }
    });
  });

  describe('create_api_key', () => {
    it('anyone may create a key for themselves, bound to the tenant they use', async () => {
      for (const [ref, userId, tenantId] of [
        [refs.bob, ids.bob, ids.acme], [refs.gus, ids.gus, ids.globex], [refs.acmeAgent, ids.acmeAgent, ids.acme],
      ] as const) {
        const res = await create(keyOf(ref), { name: 'mine', user_id: userId, expires_at: null });
        expect(res.body.errors).toBeUndefined();
        const me = await ok(app, 'query { auth_info { user_id tenant_id } }', { key: res.body.data!.create_api_key.key });
        expect(me.auth_info).toEqual({ user_id: userId, tenant_id: tenantId });
      }
    });

    it("a read-only user may create a key for themselves, and the new key is read-only too", async () => {
      const res = await create(keyOf(refs.rita), { name: 'reader', user_id: ids.rita });
      expect(res.body.errors).toBeUndefined();
      const newKey = res.body.data!.create_api_key.key as string;
      expect((await ok(app, 'query { auth_info { user_id tenant_id } }', { key: newKey })).auth_info).toEqual({ user_id: ids.rita, tenant_id: ids.acme });
      await fails(app, REGISTER_AGENT, { key: newKey, variables: registerAgentInput(ids.acme) }, 'FORBIDDEN');
      await fails(app, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "x"}) { id } }`, { key: newKey }, 'FORBIDDEN');
    });

    it('binds the key to default_tenant_id when it is the tenant in use', async () => {
      const res = await create(keyOf(refs.aliceAdmin), { name: 'explicit', user_id: ids.alice, default_tenant_id: ids.acme });
      const listed = await ok(app, LIST_KEYS, { key: res.body.data!.create_api_key.key });
      expect((listed.auth_api_key as KeyRow[]).find((k) => k.name === 'explicit')?.default_tenant_id).toBe(ids.acme);
    });

    it("a user key used in globex makes globex keys", async () => {
      const globexKey = await app.main.mintKey({ user_id: ids.alice, tenant_id: ids.globex });
      const res = await create(globexKey.key, { name: 'from globex', user_id: ids.alice, default_tenant_id: ids.globex });
      const me = await ok(app, 'query { auth_info { tenant_id role } }', { key: res.body.data!.create_api_key.key });
      expect(me.auth_info).toEqual({ tenant_id: ids.globex, role: 'USER' });
    });

    it('refuses an own key for another tenant than the one the key in use is bound to', async () => {
      const res = await create(keyOf(refs.aliceAdmin), { name: 'elsewhere', user_id: ids.alice, default_tenant_id: ids.globex });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it("a tenant admin creates keys for the tenant's service accounts, bound to its tenant", async () => {
      const res = await create(keyOf(refs.aliceAdmin), { name: 'agent 2', user_id: ids.acmeAgent });
      const me = await ok(app, 'query { auth_info { user_id tenant_id } }', { key: res.body.data!.create_api_key.key });
      expect(me.auth_info).toEqual({ user_id: ids.acmeAgent, tenant_id: ids.acme });
      const gina = await create(keyOf(refs.ginaAdmin), { name: 'agent 2', user_id: ids.globexAgent, default_tenant_id: ids.globex });
      const globexMe = await ok(app, 'query { auth_info { tenant_id } }', { key: gina.body.data!.create_api_key.key });
      expect(globexMe.auth_info.tenant_id).toBe(ids.globex);
    });

    it("refuses binding a service account's key to another tenant", async () => {
      const res = await create(keyOf(refs.aliceAdmin), { name: 'x', user_id: ids.acmeAgent, default_tenant_id: ids.globex });
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.default_tenant_id' });
    });

    it('service-account keys need a tenant admin of the account’s tenant', async () => {
      await fails(app, CREATE_KEY, { key: keyOf(refs.bob), variables: { input: { name: 'x', user_id: ids.acmeAgent } } }, 'FORBIDDEN');
      await fails(app, CREATE_KEY, { key: keyOf(refs.rita), variables: { input: { name: 'x', user_id: ids.acmeAgent } } }, 'FORBIDDEN');
      await fails(app, CREATE_KEY, { key: keyOf(refs.aliceAdmin), variables: { input: { name: 'x', user_id: ids.globexAgent } } }, 'FORBIDDEN');
      const aliceInGlobex = await app.main.mintKey({ user_id: ids.alice, tenant_id: ids.globex });
      await fails(app, CREATE_KEY, { key: aliceInGlobex.key, variables: { input: { name: 'x', user_id: ids.globexAgent } } }, 'FORBIDDEN');
    });

    it('refuses keys for another human, and for an unknown user id in the same words', async () => {
      const human = await fails(app, CREATE_KEY, { key: keyOf(refs.aliceAdmin), variables: { input: { name: 'x', user_id: ids.bob } } }, 'FORBIDDEN');
      const unknown = await fails(app, CREATE_KEY, { key: keyOf(refs.aliceAdmin), variables: { input: { name: 'x', user_id: UNKNOWN_ID } } }, 'FORBIDDEN');
      expect(unknown.message).toBe(human.message);
      await fails(app, CREATE_KEY, { key: keyOf(refs.aliceAdmin), variables: { input: { name: 'x', user_id: ids.gina } } }, 'FORBIDDEN');
      await fails(app, CREATE_KEY, { key: keyOf(refs.acmeAgent), variables: { input: { name: 'x', user_id: ids.alice } } }, 'FORBIDDEN');
    });

    describe('expires_at', () => {
      const badExpiry = async (expiresAt: unknown, inline = false) => {
        const res = inline
          ? await call(app, `mutation { create_api_key(input: {name: "x", user_id: "${ids.alice}", expires_at: ${JSON.stringify(expiresAt)}}) { key } }`, { key: keyOf(refs.aliceAdmin) })
          : await call(app, CREATE_KEY, { key: keyOf(refs.aliceAdmin), variables: { input: { name: 'x', user_id: ids.alice, expires_at: expiresAt } } });
        expect(res.body.errors, res.text).toHaveLength(1);
        const error = res.body.errors![0]!;
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.message).toContain('input.expires_at');
        expect(res.body.data?.create_api_key ?? null).toBeNull();
        return error;
      };

      it('refuses a time in the past', async () => {
        const error = await badExpiry('2020-01-01T00:00:00+00:00');
        expect(error.extensions?.field).toBe('input.expires_at');
        expect(error.message).toMatch(/future/);
        await badExpiry(new Date(Date.now() - 1000).toISOString());
      });

      it('refuses a time without a timezone', async () => {
        const error = await badExpiry('2030-01-01T00:00:00');
        expect(error.message).toMatch(/timezone/);
        await badExpiry('2030-01-01');
        await badExpiry('2030-01-01T00:00:00', true);
      });

      it('refuses what is not a date-time', async () => {
        await badExpiry('next tuesday');
        await badExpiry('2030-02-30T00:00:00+00:00');
        await badExpiry('');
        await badExpiry(1_900_000_000);
        await badExpiry('not a date', true);
      });

      it('creates no key when refusing', async () => {
        await badExpiry('2020-01-01T00:00:00Z');
        expect(await listNames(keyOf(refs.aliceAdmin))).toEqual(['Alice Admin default key', 'acme agent key']);
      });
    });

    describe('name', () => {
      const badName = async (name: unknown) => {
        const res = await call(app, CREATE_KEY, { key: keyOf(refs.bob), variables: { input: { name, user_id: ids.bob } } });
        expect(res.body.errors, res.text).toHaveLength(1);
        const error = res.body.errors![0]!;
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.message).toContain('input.name');
        return error;
      };

      it.each([
        ['empty', ''],
        ['blank', '   '],
        ['256 characters', 'n'.repeat(256)],
        ['a newline', 'line\nbreak'],
        ['a NUL', 'nul\u0000byte'],
        ['an escape sequence', '\u001b[31mred'],
        ['a C1 control', 'x\u009by'],
      ])('refuses a name that is %s', async (_label, name) => {
        expect((await badName(name)).extensions?.field).toBe('input.name');
      });

      it('accepts 255 characters and unicode', async () => {
        for (const name of ['n'.repeat(255), 'Clé de prod – 🚀']) {
          const res = await create(keyOf(refs.bob), { name, user_id: ids.bob });
          expect(res.body.errors).toBeUndefined();
        }
        expect(await listNames(keyOf(refs.bob))).toEqual(['Bob User default key', 'Clé de prod – 🚀', 'n'.repeat(255)]);
      });
    });
  });

  describe('delete_api_key', () => {
    const revoke = (key: string, keyId: string) => call(app, DELETE_KEY, { key, variables: { input: { key_id: keyId } } });

    it("a tenant admin revokes the tenant's service-account keys", async () => {
      const res = await revoke(keyOf(refs.aliceAdmin), fixtureKeyId(refs.acmeAgent));
      expect(res.body).toEqual({ data: { delete_api_key: { success: true } } });
      await fails(app, 'query { hello auth_info { tenant_id } }', { key: keyOf(refs.acmeAgent) }, 'UNAUTHENTICATED');
    });

    it('a service account with admin rights revokes its own key', async () => {
      const res = await revoke(keyOf(refs.acmeAgent), fixtureKeyId(refs.acmeAgent));
      expect(res.body.data?.delete_api_key).toEqual({ success: true });
    });

    it('a key the caller may not see answers byte for byte like a nonexistent one, and survives', async () => {
      const query = 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success error } }';
      const cases: [string, string][] = [
        [refs.bob, fixtureKeyId(refs.aliceAdmin)], // another human's key
        [refs.bob, fixtureKeyId(refs.acmeAgent)], // a service-account key, to a non-admin
        [refs.aliceAdmin, fixtureKeyId(refs.bob)], // another human's key, to an admin
        [refs.aliceAdmin, fixtureKeyId(refs.globexAgent)], // another tenant's service-account key
        [refs.ginaAdmin, fixtureKeyId(refs.acmeAgent)],
      ];
      for (const [callerRef, keyId] of cases) {
        const hidden = await call(app, query, { key: keyOf(callerRef), variables: { input: { key_id: keyId } } });
        const missing = await call(app, query, { key: keyOf(callerRef), variables: { input: { key_id: UNKNOWN_ID } } });
        expect(hidden.text).toBe(missing.text);
        expect(hidden.body.data?.delete_api_key.success).toBe(false);
      }
      for (const ref of [refs.aliceAdmin, refs.acmeAgent, refs.bob, refs.globexAgent]) {
        await ok(app, 'query { auth_info { tenant_id } }', { key: keyOf(ref) });
      }
    });

    it('a user cannot revoke a service-account key, even one of their tenant', async () => {
      const res = await revoke(keyOf(refs.rita), fixtureKeyId(refs.acmeAgent));
      expect(res.body.data?.delete_api_key.success).toBe(false);
      await ok(app, 'query { auth_info { tenant_id } }', { key: keyOf(refs.acmeAgent) });
    });

    it('refuses a key id that is not a UUID', async () => {
      const res = await revoke(keyOf(refs.bob), 'not-a-uuid');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
