import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { controlError, whoIs } from './helpers.js';
import { CONTROL_ROUTES, RESTORE_ROUTES } from './routes.js';

const TOKEN = 'test-admin-token-0123456789';

describe('control API: the admin token', () => {
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp({ adminToken: TOKEN }); });
  afterAll(async () => { await app.close(); });

  const call = (method: string, path: string, authorization: string | undefined, body?: unknown) => {
    let req = request(app.handler)[method as 'get'](path);
    if (authorization !== undefined) req = req.set('authorization', authorization);
    if (body !== undefined) req = req.set('content-type', 'application/json').send(JSON.stringify(body));
    return req;
  };

  const wrong: [string, string | undefined][] = [
    ['no Authorization header', undefined],
    ['an incorrect token', 'Bearer not-the-admin-token'],
    ['the token with one character changed', `Bearer ${TOKEN.slice(0, -1)}X`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 8)}`],
    ['the right token with another scheme', `Basic ${TOKEN}`],
    ['the right token without a scheme', TOKEN],
    ['a fixture API key', 'Bearer pce_DEFAULTACMETENANTADMIN000000000000000000000'],
  ];

  it.each(wrong)('refuses every control route with 401 for %s, and changes nothing', async (_label, authorization) => {
    // A sandbox to aim the sandbox-scoped routes at.
    await call('post', '/__emulator/sandboxes', `Bearer ${TOKEN}`, { id: 's1' });
    const before = app.main.exportSnapshot();
    const clock = app.main.clock.state();
    for (const route of [...CONTROL_ROUTES, ...RESTORE_ROUTES.map((r) => ({ ...r, body: before }))]) {
      const res = await call(route.method, route.path, authorization, 'body' in route ? route.body : undefined);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(controlError(res.body).code).toBe('UNAUTHENTICATED');
      expect(res.text).not.toContain(TOKEN);
    }
    expect(app.main.exportSnapshot()).toEqual(before);
    expect(app.main.clock.state()).toEqual(clock);
    expect(app.emulator.sandbox('s1')).toBeDefined();
    await call('delete', '/__emulator/sandboxes/s1', `Bearer ${TOKEN}`);
  });

  it('answers every control route with the correct token', async () => {
    for (const route of CONTROL_ROUTES) {
      const res = await call(route.method, route.path, `Bearer ${TOKEN}`, route.body);
      expect(res.status, `${route.method} ${route.path}: ${res.text}`).toBe(route.ok);
    }
    const snapshot = (await call('get', '/__emulator/snapshot', `Bearer ${TOKEN}`)).body as unknown;
    for (const route of RESTORE_ROUTES) {
      const res = await call(route.method, route.path, `bearer ${TOKEN}`, snapshot);
      expect(res.status, `${route.method} ${route.path}`).toBe(200);
    }
  });

  it('leaves GraphQL and health alone: they take API keys and no admin token', async () => {
    expect(await whoIs(app, app.key(refs.aliceAdmin))).toMatchObject({ userId: ids.alice, code: null });
    const hello = await app.gql('query { hello }');
    expect(hello.body.data).toEqual({ hello: expect.any(String) });
    const health = await request(app.handler).get('/health');
    expect(health.status).toBe(200);
    // The admin token is not an API key.
    const asKey = await app.gql('query { auth_info { user_id } }', { authorization: `Bearer ${TOKEN}` });
    expect(asKey.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('needs no token when none is configured', async () => {
    const open = await createTestApp();
    try {
      expect((await request(open.handler).get('/__emulator/clock')).status).toBe(200);
      expect((await request(open.handler).get('/__emulator/clock').set('authorization', 'Bearer anything')).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
