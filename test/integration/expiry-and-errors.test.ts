/** Key expiry by the emulator's clock, and how errors reach the client. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { AUTH_INFO, call, CREATE_KEY, fails, freshAppForEachTest, LIST_KEYS, ok, REGISTER_AGENT, registerAgentInput } from './helpers.js';

const FROZEN = Date.parse('2026-04-01T00:00:00.000Z');
const HOUR = 3_600_000;

describe('access rules through GraphQL: the clock and errors', () => {
  let app: TestApp;
  let alice: string;
  freshAppForEachTest((a) => { app = a; alice = a.key(refs.aliceAdmin); });

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
