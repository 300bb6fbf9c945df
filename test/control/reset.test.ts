import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/fixtures/format.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { controlError, whoIs } from './helpers.js';

const T0 = '2030-01-01T00:00:00.000Z';
const T0_MS = Date.parse(T0);
const OTHER_KEY = `pce_${'R'.repeat(43)}`;

const otherFixture = (): Fixture => ({
  version: 1,
  tenants: [{ id: '33333333-3333-4333-8333-333333333333', name: 'Initech', slug: 'initech' }],
  users: [{
    id: '3a3a3a3a-0000-4000-8000-000000000003', username: 'peter@initech.test',
    memberships: [{ tenant_id: '33333333-3333-4333-8333-333333333333', role: 'TENANT_ADMIN' }],
  }],
  api_keys: [{ ref: 'peter', name: 'peter key', user_id: '3a3a3a3a-0000-4000-8000-000000000003', key: OTHER_KEY }],
});

interface ResetBody { reset: boolean; fixture: string; clock: { now: string; frozen: boolean } }
interface FixtureKeyMeta { ref: string; userId: string; tenantSlug: string }

describe('control API: reset', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp({ frozenAt: T0_MS }); });
  afterEach(async () => { await app.close(); });

  const mintedKey = async (): Promise<string> => {
    const res = await app.control('post', '/keys', { user_id: ids.bob });
    expect(res.status).toBe(201);
    return (res.body as { key: string }).key;
  };
  const fixtureRefs = async (): Promise<string[]> =>
    ((await app.control('get', '/fixture-keys')).body as { keys: FixtureKeyMeta[] }).keys.map((k) => k.ref);

  it('goes back to the starting fixture, clock included', async () => {
    const minted = await mintedKey();
    const revoke = await app.gql('mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', {
      key: app.key(refs.aliceAdmin), variables: { input: { key_id: app.main.fixtureKeys.find((k) => k.ref === refs.aliceAdmin)!.id } },
    });
    expect(revoke.body.data?.delete_api_key).toEqual({ success: true });
    await app.control('post', '/clock/advance', { by: 'P7D' });
    await app.control('post', '/clock/unfreeze');

    const res = await app.control('post', '/reset');
    expect(res.status).toBe(200);
    const body = res.body as ResetBody;
    expect(body).toMatchObject({ reset: true, fixture: 'default', clock: { now: T0, frozen: true } });
    expect(await app.control('get', '/clock').then((r) => r.body)).toMatchObject({ now: T0, frozen: true, offsetMs: 0 });
    expect((await whoIs(app, minted)).code).toBe('UNAUTHENTICATED');
    expect((await whoIs(app, app.key(refs.aliceAdmin))).userId).toBe(ids.alice);
    expect(app.main.store.state.apiKeys.size).toBe(8);
  });

  it('resets to an inline fixture, which the next plain reset returns to', async () => {
    const aliceKey = app.key(refs.aliceAdmin);
    const res = await app.control('post', '/reset', { fixture: otherFixture() });
    expect(res.status).toBe(200);
    expect((res.body as ResetBody).clock).toMatchObject({ now: T0, frozen: true });
    expect((await whoIs(app, OTHER_KEY)).userId).toBe('3a3a3a3a-0000-4000-8000-000000000003');
    expect((await whoIs(app, aliceKey)).code).toBe('UNAUTHENTICATED');
    expect(await fixtureRefs()).toEqual(['peter']);

    await app.control('post', '/clock/advance', { by: '1d' });
    await app.control('post', '/reset');
    expect(await fixtureRefs()).toEqual(['peter']);
    expect((await whoIs(app, OTHER_KEY)).code).toBeNull();
    expect((await app.control('get', '/clock')).body).toMatchObject({ now: T0 });
  });

  it.each(['default', 'many-tenants', 'expiring-keys'])('resets to the ready fixture "%s" by name', async (name) => {
    const res = await app.control('post', '/reset', { fixture: name });
    expect(res.status, res.text).toBe(200);
    expect((res.body as ResetBody).fixture).toBe(name);
    expect((await fixtureRefs()).length).toBeGreaterThan(0);
  });

  it('resets to a generated fixture, the same for the same seed', async () => {
    const first = await app.control('post', '/reset', { generate: 'tenants=2,users=3,service-accounts=1,keys-per-user=1', seed: 7 });
    expect(first.status, first.text).toBe(200);
    expect((first.body as ResetBody).fixture).toContain('seed=7');
    const firstSnapshot = (await app.control('get', '/snapshot')).body as unknown;
    expect(await fixtureRefs()).toHaveLength(4);
    await app.control('post', '/reset', { generate: 'tenants=2,users=3,service-accounts=1,keys-per-user=1', seed: 7 });
    expect((await app.control('get', '/snapshot')).body).toEqual(firstSnapshot);
    await app.control('post', '/reset', { generate: 'tenants=2,users=3,service-accounts=1,keys-per-user=1', seed: 8 });
    expect((await app.control('get', '/snapshot')).body).not.toEqual(firstSnapshot);
  });

  it.each<[string, unknown, string]>([
    ['a membership naming an unknown tenant', {
      ...otherFixture(),
      users: [otherFixture().users![0]!, {
        id: '3b3b3b3b-0000-4000-8000-000000000003', username: 'milton@initech.test',
        memberships: [{ tenant_id: '99999999-9999-4999-8999-999999999999', role: 'USER' }],
      }],
    }, 'fixture: users[1].memberships[0].tenant_id refers to unknown tenant'],
    ['a key with a bad plaintext', {
      ...otherFixture(), api_keys: [{ name: 'bad', user_id: '3a3a3a3a-0000-4000-8000-000000000003', key: 'not-a-key' }],
    }, 'fixture: api_keys[0].key must be'],
    ['a wrong version', { ...otherFixture(), version: 2 }, 'fixture: version must be 1'],
  ])('refuses %s with 400 naming the exact path, and changes nothing', async (_label, fixture, message) => {
    const minted = await mintedKey();
    await app.control('post', '/clock/advance', { by: '1h' });
    const before = (await app.control('get', '/snapshot')).body as unknown;

    const res = await app.control('post', '/reset', { fixture });
    expect(res.status).toBe(400);
    const error = controlError(res.body);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(message);

    expect((await app.control('get', '/snapshot')).body).toEqual(before);
    expect((await whoIs(app, minted)).userId).toBe(ids.bob);
    expect(await fixtureRefs()).toContain(refs.aliceAdmin);
    // A plain reset still goes back to the original fixture, not to the refused one.
    await app.control('post', '/reset');
    expect(await fixtureRefs()).toContain(refs.aliceAdmin);
  });

  it.each<[string, unknown, string]>([
    ['an unknown ready fixture', { fixture: 'no-such-fixture' }, 'unknown fixture "no-such-fixture"'],
    ['a path instead of a ready fixture name', { fixture: '/etc/passwd' }, 'unknown fixture'],
    ['a bad generate spec', { generate: 'users=lots' }, 'users must be a whole number'],
    ['a non-string generate spec', { generate: 5 }, 'generate'],
    ['a fractional seed', { generate: 'users=1', seed: 1.5 }, 'seed'],
  ])('refuses %s with 400, and changes nothing', async (_label, body, message) => {
    const before = (await app.control('get', '/snapshot')).body as unknown;
    const res = await app.control('post', '/reset', body);
    expect(res.status).toBe(400);
    expect(controlError(res.body).message).toContain(message);
    expect((await app.control('get', '/snapshot')).body).toEqual(before);
  });
});
