import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/fixtures/format.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { controlError, whoIs } from './helpers.js';

const T1 = '2031-01-01T00:00:00.000Z';
const T2 = '2032-06-01T12:00:00.000Z';
const INITECH_KEY = `pce_${'I'.repeat(43)}`;
const PETER = '3a3a3a3a-0000-4000-8000-000000000003';

const initech: Fixture = {
  version: 1,
  tenants: [{ id: '33333333-3333-4333-8333-333333333333', name: 'Initech', slug: 'initech' }],
  users: [{ id: PETER, username: 'peter@initech.test', memberships: [{ tenant_id: '33333333-3333-4333-8333-333333333333', role: 'TENANT_ADMIN' }] }],
  api_keys: [{ ref: 'peter', name: 'peter key', user_id: PETER, key: INITECH_KEY, expires_at: '+1d' }],
};

interface Described { id: string; fixture: string; url: string; graphqlUrl: string; controlUrl: string }

describe('control API: sandboxes', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp(); });
  afterEach(async () => { await app.close(); });

  const create = async (body: Record<string, unknown>): Promise<Described> => {
    const res = await app.control('post', '/sandboxes', body);
    expect(res.status, res.text).toBe(201);
    return res.body as Described;
  };
  /** A sandbox's own control API. */
  const control = (id: string, method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown) => {
    let req = request(app.handler)[method](`/sandboxes/${id}/__emulator${path}`);
    if (body !== undefined) req = req.set('content-type', 'application/json').send(JSON.stringify(body));
    return req;
  };
  const gqlIn = (id: string) => `/sandboxes/${id}/graphql`;

  it('creates a sandbox with its own fixture and frozen clock, reachable under its URL prefix', async () => {
    const sandbox = await create({ id: 'initech', fixture: initech, frozenAt: T1 });
    expect(sandbox).toEqual({
      id: 'initech', fixture: 'fixture',
      url: expect.stringMatching(/^http:\/\/[^/]+\/sandboxes\/initech$/) as string,
      graphqlUrl: expect.stringMatching(/^http:\/\/[^/]+\/sandboxes\/initech\/graphql$/) as string,
      controlUrl: expect.stringMatching(/^http:\/\/[^/]+\/sandboxes\/initech\/__emulator$/) as string,
    });
    expect((await control('initech', 'get', '/clock')).body).toEqual({ now: T1, frozen: true, offsetMs: 0 });
    expect(await whoIs(app, INITECH_KEY, gqlIn('initech'))).toMatchObject({ userId: PETER, role: 'TENANT_ADMIN' });
    expect(await whoIs(app, INITECH_KEY, '/sandboxes/initech/')).toMatchObject({ userId: PETER });
    expect((await request(app.handler).get('/sandboxes/initech/health')).status).toBe(200);
    // The fixture's relative expiry counts from the sandbox's clock.
    const keys = (await control('initech', 'get', '/fixture-keys')).body as { keys: { ref: string; expiresAt: string }[] };
    expect(keys.keys).toEqual([expect.objectContaining({ ref: 'peter', expiresAt: '2031-01-02T00:00:00.000Z' })]);
    // Neither the main emulator nor the sandbox knows the other's keys.
    expect((await whoIs(app, INITECH_KEY)).code).toBe('UNAUTHENTICATED');
    expect((await whoIs(app, app.key(refs.aliceAdmin), gqlIn('initech'))).code).toBe('UNAUTHENTICATED');
  });

  it('starts from the main fixture by default, and from a generated one when asked', async () => {
    const plain = await create({});
    expect(plain.id).toMatch(/^[0-9a-f]{12}$/);
    expect(plain.fixture).toBe('default');
    expect(await whoIs(app, app.key(refs.gus), gqlIn(plain.id))).toMatchObject({ userId: ids.gus });
    const generated = await create({ id: 'gen', generate: 'tenants=1,users=2,service-accounts=1,keys-per-user=1', seed: 3 });
    expect(generated.fixture).toContain('seed=3');
    expect(((await control('gen', 'get', '/fixture-keys')).body as { keys: unknown[] }).keys).toHaveLength(3);
  });

  it('keeps two sandboxes used in parallel apart: keys, clocks, state and request logs', async () => {
    await create({ id: 'worker-1', frozenAt: T1 });
    await create({ id: 'worker-2', frozenAt: T2 });
    const run = async (id: string, other: string, advance: string) => {
      const keys: string[] = [];
      for (let i = 0; i < 5; i++) {
        const minted = await control(id, 'post', '/keys', { user_id: ids.bob, name: `${id}-${i}` });
        expect(minted.status).toBe(201);
        keys.push((minted.body as { key: string }).key);
        await control(id, 'post', '/clock/advance', { by: advance });
        const created = await app.gql('mutation($input: create_api_key_input!) { create_api_key(input: $input) { key } }', {
          key: keys[0]!, path: gqlIn(id), variables: { input: { user_id: ids.bob, name: `${id}-graphql-${i}` } },
        });
        expect(created.body.errors, id).toBeUndefined();
        keys.push((created.body.data?.create_api_key as { key: string }).key);
      }
      return { id, other, keys };
    };
    const results = await Promise.all([run('worker-1', 'worker-2', '1h'), run('worker-2', 'worker-1', 'P1D')]);

    for (const { id, other, keys } of results) {
      for (const key of keys) {
        expect((await whoIs(app, key, gqlIn(id))).userId, `${id} key in ${id}`).toBe(ids.bob);
        expect((await whoIs(app, key, gqlIn(other))).code, `${id} key in ${other}`).toBe('UNAUTHENTICATED');
        expect((await whoIs(app, key)).code, `${id} key in main`).toBe('UNAUTHENTICATED');
      }
      const names = await app.gql('query { auth_api_key { name } }', { key: keys[0]!, path: gqlIn(id) });
      const listed = (names.body.data?.auth_api_key as { name: string }[]).map((k) => k.name);
      expect(listed.filter((n) => n.startsWith(other))).toEqual([]);
      expect(listed.filter((n) => n.startsWith(id))).toHaveLength(10);
      const log = (await control(id, 'get', '/requests?limit=500')).body as { requests: { fields: string[] }[] };
      expect(log.requests.filter((r) => r.fields.includes('create_api_key'))).toHaveLength(5);
    }
    expect((await control('worker-1', 'get', '/clock')).body).toMatchObject({ now: '2031-01-01T05:00:00.000Z', frozen: true });
    expect((await control('worker-2', 'get', '/clock')).body).toMatchObject({ now: '2032-06-06T12:00:00.000Z', frozen: true });
    expect((await app.control('get', '/clock')).body).toMatchObject({ frozen: false, offsetMs: 0 });
    expect(app.main.store.state.apiKeys.size).toBe(8);
    // The main log holds only the 20 cross-checks above, all refused (repeats folded into counts).
    const refused = app.main.log.recent();
    expect(new Set(refused.map((e) => e.errorCode))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(refused.reduce((n, e) => n + (e.count ?? 1), 0)).toBe(20);
  });

  it('resets and snapshots a sandbox on its own', async () => {
    await create({ id: 'a', fixture: initech, frozenAt: T1 });
    const minted = (await control('a', 'post', '/keys', { user_id: PETER })).body as { key: string };
    const saved = (await control('a', 'get', '/snapshot')).body as unknown;
    await control('a', 'post', '/clock/advance', { by: 'P2D' });
    expect((await whoIs(app, INITECH_KEY, gqlIn('a'))).code).toBe('UNAUTHENTICATED');

    const reset = await control('a', 'post', '/reset');
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ fixture: 'fixture', clock: { now: T1, frozen: true } });
    expect((await whoIs(app, INITECH_KEY, gqlIn('a'))).userId).toBe(PETER);
    expect((await whoIs(app, minted.key, gqlIn('a'))).code).toBe('UNAUTHENTICATED');

    expect((await control('a', 'put', '/snapshot', saved)).status).toBe(200);
    expect((await whoIs(app, minted.key, gqlIn('a'))).userId).toBe(PETER);
    // The main emulator never moved.
    expect((await whoIs(app, app.key(refs.bob))).userId).toBe(ids.bob);
    expect((await app.control('get', '/fixture-keys')).body).toMatchObject({ keys: expect.arrayContaining([expect.objectContaining({ ref: refs.bob })]) as unknown });
  });

  it('lists sandboxes, and deletes one: 404 for its GraphQL and control API afterwards', async () => {
    await create({ id: 'one' });
    await create({ id: 'two' });
    const listed = (await app.control('get', '/sandboxes')).body as { sandboxes: Described[] };
    expect(listed.sandboxes.map((s) => s.id)).toEqual(['one', 'two']);
    expect((await app.control('get', '/info')).body).toMatchObject({ sandboxes: 2 });

    const deleted = await app.control('delete', '/sandboxes/one');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: true });

    const gone = await app.gql('query { hello }', { path: gqlIn('one') });
    expect(gone.status).toBe(404);
    expect(gone.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await control('one', 'get', '/clock')).status).toBe(404);
    expect((await request(app.handler).get('/sandboxes/one/health')).status).toBe(404);
    const again = await app.control('delete', '/sandboxes/one');
    expect(again.status).toBe(404);
    expect(controlError(again.body).code).toBe('NOT_FOUND');
    expect(((await app.control('get', '/sandboxes')).body as { sandboxes: Described[] }).sandboxes.map((s) => s.id)).toEqual(['two']);
    expect((await whoIs(app, app.key(refs.bob), gqlIn('two'))).userId).toBe(ids.bob);
    // A new sandbox may take a deleted one's id, fresh.
    await create({ id: 'one' });
  });

  it('answers 404 for a sandbox that never existed', async () => {
    const gql = await app.gql('query { hello }', { path: gqlIn('nope') });
    expect(gql.status).toBe(404);
    expect(gql.body.errors?.[0]?.message).toContain('Sandbox "nope" not found');
    for (const [method, path] of [['get', '/clock'], ['post', '/reset'], ['get', '/snapshot'], ['post', '/keys'], ['get', '/requests']] as const) {
      const res = await control('nope', method, path, method === 'post' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(controlError(res.body).code).toBe('NOT_FOUND');
    }
    expect((await app.control('delete', '/sandboxes/nope')).status).toBe(404);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an id with a slash', { id: 'a/b' }, 'id'],
    ['an id with a space', { id: 'a b' }, 'id'],
    ['an id that is not a string', { id: 7 }, 'id'],
    ['a garbage frozenAt', { frozenAt: 'yesterday' }, 'frozenAt'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const res = await app.control('post', '/sandboxes', body);
    expect(res.status).toBe(400);
    expect(controlError(res.body)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(app.emulator.listSandboxes()).toEqual([]);
  });

  it('refuses a duplicate id and a bad fixture, naming the problem', async () => {
    await create({ id: 'dup' });
    const dup = await app.control('post', '/sandboxes', { id: 'dup' });
    expect(dup.status).toBe(400);
    expect(controlError(dup.body).message).toContain('already exists');
    const bad = await app.control('post', '/sandboxes', { id: 'bad', fixture: { ...initech, api_keys: [{ name: 'k', user_id: '99999999-0000-4000-8000-000000000009' }] } });
    expect(bad.status).toBe(400);
    expect(controlError(bad.body).message).toContain('api_keys[0].user_id refers to unknown user or service account');
    expect(app.emulator.listSandboxes().map((s) => s.id)).toEqual(['dup']);
  });
});
