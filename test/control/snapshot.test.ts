import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { controlError, defaultFixtureSecrets, expectNoSecret, whoIs } from './helpers.js';
import { STATE_VERSION } from '../../src/store/snapshot.js';
import { CREATE_KEY, CREATE_SERVICE_ACCOUNT as CREATE_SA } from '../helpers/world.js';

const T0_MS = Date.parse('2030-01-01T00:00:00.000Z');

interface Snapshot {
  format: string;
  version: number;
  seq: number;
  clock: { frozenAt: number | null; offsetMs: number };
  tables: Record<string, Record<string, unknown>[]>;
}


describe('control API: snapshots', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp({ frozenAt: T0_MS }); });
  afterEach(async () => { await app.close(); });

  const exportSnapshot = async (): Promise<{ body: Snapshot; text: string }> => {
    const res = await app.control('get', '/snapshot');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    return { body: res.body as Snapshot, text: res.text };
  };
  const mint = async (body: Record<string, unknown>): Promise<string> => {
    const res = await app.control('post', '/keys', body);
    expect(res.status, res.text).toBe(201);
    return (res.body as { key: string }).key;
  };
  const createKeyByGraphQL = async (name: string): Promise<string> => {
    const res = await app.gql(CREATE_KEY, { key: app.key(refs.aliceAdmin), variables: { input: { user_id: ids.alice, name } } });
    expect(res.body.errors).toBeUndefined();
    return (res.body.data?.create_api_key as { key: string }).key;
  };

  it('exports the whole state with the clock, and never a plaintext key or token', async () => {
    const minted = [
      await mint({ user_id: ids.bob }),
      await mint({ user_id: ids.acmeAgent, name: 'agent', expires_at: '+1d' }),
      await mint({ user_id: ids.alice, tenant_id: ids.globex }),
      await createKeyByGraphQL('made over GraphQL'),
    ];
    const { body, text } = await exportSnapshot();
    expect(body.format).toBe('prefect-cloud-emulator/state');
    expect(body.version).toBe(STATE_VERSION);
    expect(body.clock).toEqual({ frozenAt: T0_MS, offsetMs: 0 });
    expect(body.tables.tenants).toHaveLength(2);
    expect(body.tables.apiKeys).toHaveLength(12);
    for (const row of body.tables.apiKeys!) expect(Object.keys(row)).not.toContain('key');
    expectNoSecret(text, [...defaultFixtureSecrets(app), ...minted], 'the snapshot');
    // Not even the random body of a key without its prefix.
    expectNoSecret(text, [...defaultFixtureSecrets(app), ...minted].map((s) => s.replace(/^pce_/, '')), 'the snapshot');
  });

  it.each(['put', 'post'] as const)('round-trips losslessly: export → mutate → import (%s) → export is the same document', async (method) => {
    const keepKey = await mint({ user_id: ids.bob, name: 'kept' });
    await app.control('post', '/clock/advance', { by: '1h' });
    const first = await exportSnapshot();

    const lateKey = await createKeyByGraphQL('made after the snapshot');
    const sa = await app.gql(CREATE_SA, { key: app.key(refs.aliceAdmin), variables: { input: { tenant_id: ids.acme, name: 'late-agent' } } });
    expect(sa.body.errors).toBeUndefined();
    const deleted = await app.gql('mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', {
      key: app.key(refs.bob), variables: { input: { key_id: app.main.fixtureKeys.find((k) => k.ref === refs.bob)!.id } },
    });
    expect(deleted.body.data?.delete_api_key).toEqual({ success: true });
    await app.control('post', '/clock/advance', { by: 'P3D' });
    await app.control('post', '/clock/unfreeze');
    expect((await exportSnapshot()).text).not.toBe(first.text);

    const restored = await app.control(method, '/snapshot', first.body);
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body).toMatchObject({ restored: true, clock: { now: '2030-01-01T01:00:00.000Z', frozen: true } });

    const second = await exportSnapshot();
    expect(second.body).toEqual(first.body);
    expect(second.text).toBe(first.text);

    expect((await whoIs(app, keepKey)).userId).toBe(ids.bob);
    expect((await whoIs(app, app.key(refs.bob))).userId).toBe(ids.bob);
    expect((await whoIs(app, app.key(refs.aliceAdmin))).userId).toBe(ids.alice);
    expect((await whoIs(app, lateKey)).code).toBe('UNAUTHENTICATED');
  });

  it('restores over a reset to another fixture, and the old keys authenticate again', async () => {
    const minted = await mint({ user_id: ids.gus });
    const ginaKey = app.key(refs.ginaAdmin);
    const saved = await exportSnapshot();
    await app.control('post', '/reset', { fixture: 'many-tenants' });
    expect((await whoIs(app, minted)).code).toBe('UNAUTHENTICATED');
    expect((await whoIs(app, ginaKey)).code).toBe('UNAUTHENTICATED');
    expect((await app.control('put', '/snapshot', saved.body)).status).toBe(200);
    expect(await whoIs(app, minted)).toMatchObject({ userId: ids.gus, tenantId: ids.globex, role: 'USER' });
    expect(await whoIs(app, ginaKey)).toMatchObject({ userId: ids.gina, role: 'TENANT_ADMIN' });
    // The fixture to reset to is still many-tenants, and none of its keys is in the restored state.
    expect((await app.control('get', '/fixture-keys')).body).toEqual({ keys: [] });
  });

  it('offers only the fixture keys the restored state holds', async () => {
    const bobKeyId = app.main.fixtureKeys.find((k) => k.ref === refs.bob)!.id;
    const deleted = await app.gql('mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', {
      key: app.key(refs.bob), variables: { input: { key_id: bobKeyId } },
    });
    expect(deleted.body.data?.delete_api_key).toEqual({ success: true });
    const withoutBob = await exportSnapshot();
    await app.control('post', '/reset');
    const listed = async (): Promise<string[]> =>
      ((await app.control('get', '/fixture-keys')).body as { keys: { ref: string }[] }).keys.map((k) => k.ref);
    expect(await listed()).toContain(refs.bob);
    await app.control('put', '/snapshot', withoutBob.body);
    expect(await listed()).not.toContain(refs.bob);
    expect(await listed()).toHaveLength(7);
    await app.control('post', '/reset');
    expect(await listed()).toContain(refs.bob);
  });

  it('restores a snapshot without a clock and keeps the current clock', async () => {
    const saved = await exportSnapshot();
    await app.control('post', '/clock/set', { at: '2040-01-01T00:00:00Z' });
    const { clock: _clock, ...withoutClock } = saved.body;
    expect((await app.control('put', '/snapshot', withoutClock)).status).toBe(200);
    expect((await app.control('get', '/clock')).body).toMatchObject({ now: '2040-01-01T00:00:00.000Z', frozen: true });
  });

  const badSnapshots = (valid: Snapshot): [string, unknown, string][] => {
    const clone = (): Snapshot => structuredClone(valid);
    const badKey = clone();
    badKey.tables.apiKeys![3]!.userId = 42;
    const badAccount = clone();
    badAccount.tables.users![1]!.accountType = 'ROBOT';
    const newer = clone();
    newer.version = 99;
    const noTables = clone() as Partial<Snapshot>;
    delete noTables.tables;
    return [
      ['an array', [valid], '(root) must be a JSON object'],
      ['another format', { ...clone(), format: 'something-else' }, 'format must be "prefect-cloud-emulator/state"'],
      ['a newer version', newer, 'version is 99, newer than this emulator understands'],
      ['a key with a bad field', badKey, 'tables.apiKeys[3].userId'],
      ['a user with a bad account type', badAccount, 'tables.users[1].accountType'],
      ['no tables', noTables, 'tables'],
    ];
  };

  it('refuses a bad snapshot with 400 naming the problem, and changes nothing', async () => {
    const minted = await mint({ user_id: ids.rita });
    await app.control('post', '/clock/advance', { by: '2h' });
    const before = await exportSnapshot();
    for (const [label, snapshot, message] of badSnapshots(before.body)) {
      const res = await app.control('put', '/snapshot', snapshot);
      expect(res.status, label).toBe(400);
      const error = controlError(res.body);
      expect(error.code, label).toBe('BAD_USER_INPUT');
      expect(error.message, label).toContain(message);
      expect((await exportSnapshot()).text, label).toBe(before.text);
    }
    expect((await whoIs(app, minted)).userId).toBe(ids.rita);
  });

  it('refuses a body that is not JSON with 400, and changes nothing', async () => {
    const before = await exportSnapshot();
    const res = await app.control('post', '/snapshot', undefined, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect((await exportSnapshot()).text).toBe(before.text);
  });
});
