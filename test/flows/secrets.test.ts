import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, refs, type TestApp } from '../helpers/app.js';
import { codeOf, ok } from './helpers.js';

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

const SET = 'mutation($input: set_secret_input!) { set_secret(input: $input) { success } }';
const VALUE = 'secret-value-that-must-stay-inside';
const DEL = 'mutation($input: delete_secret_input!) { delete_secret(input: $input) { success } }';
const VALUE_OF = 'query($name: String!) { secret_value(name: $name) }';

describe('secrets', () => {
  it('set, list by name, read by a flow, delete; a value never reaches the snapshot or the request log', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pce-secrets-'));
    const dataFile = join(dir, 'state.json');
    app = await createTestApp({ dataFile });
    const admin = app.key(refs.aliceAdmin);
    ok(await app.gql(SET, { key: admin, variables: { input: { name: 'DB_PASSWORD', value: VALUE } } }), 'set_secret');
    ok(await app.gql(SET, { key: admin, variables: { input: { name: 'CONFIG', value: { nested: [1, 2] } } } }), 'set_secret');
    expect((await app.gql('query { secret_names }', { key: admin })).body.data!.secret_names).toEqual(['CONFIG', 'DB_PASSWORD']);
    const agent = app.key(refs.acmeAgent);
    const read = await app.gql('query($name: String!) { secret_value(name: $name) }', { key: agent, variables: { name: 'CONFIG' } });
    expect(read.body.data!.secret_value).toEqual({ nested: [1, 2] });
    // Another tenant sees nothing; a read-only user reads (as it reads everything) but may not write.
    expect((await app.gql('query { secret_names }', { key: app.key(refs.ginaAdmin) })).body.data!.secret_names).toEqual([]);
    expect((await app.gql('query { secret_names }', { key: app.key(refs.rita) })).body.data!.secret_names).toEqual(['CONFIG', 'DB_PASSWORD']);
    expect(codeOf(await app.gql(SET, { key: app.key(refs.rita), variables: { input: { name: 'X', value: 1 } } }))).toBe('FORBIDDEN');

    // Snapshots (control API and programmatic) carry neither values nor names; the request log no value.
    const snapshot = (await app.control('get', '/snapshot')).body as { tables: Record<string, unknown> };
    expect(Object.keys(snapshot.tables)).not.toContain('secrets');
    const everywhere = [JSON.stringify(snapshot), JSON.stringify(app.main.exportSnapshot()), JSON.stringify((await app.control('get', '/requests?limit=500')).body)].join('\n');
    expect(everywhere).not.toContain(VALUE);
    expect(everywhere).not.toContain('DB_PASSWORD');
    // The data file and its journal are the user's own state (like Cloud's database): they keep the value, so it outlives a restart.
    expect(`${await readFile(dataFile, 'utf8')}${await readFile(`${dataFile}.journal`, 'utf8').catch(() => '')}`).toContain(VALUE);

    expect(ok(await app.gql(DEL, { key: admin, variables: { input: { name: 'DB_PASSWORD' } } }), 'delete_secret')).toEqual({ success: true });
    expect(ok(await app.gql(DEL, { key: admin, variables: { input: { name: 'DB_PASSWORD' } } }), 'delete_secret')).toEqual({ success: false });
    await app.control('post', '/reset');
    expect((await app.gql('query { secret_names }', { key: admin })).body.data!.secret_names).toEqual([]);
  });

  it('outlive a restart on the same data file; a deleted one stays deleted', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pce-secrets-'));
    const dataFile = join(dir, 'state.json');
    app = await createTestApp({ dataFile });
    ok(await app.gql(SET, { key: app.key(refs.aliceAdmin), variables: { input: { name: 'KEEP', value: { token: VALUE } } } }), 'set_secret');
    ok(await app.gql(SET, { key: app.key(refs.aliceAdmin), variables: { input: { name: 'DROP', value: 'soon gone' } } }), 'set_secret');
    // Overwriting keeps one secret of that name, with the new value.
    ok(await app.gql(SET, { key: app.key(refs.aliceAdmin), variables: { input: { name: 'DROP', value: 'gone next' } } }), 'set_secret');
    await app.close();

    app = await createTestApp({ dataFile });
    const admin = app.key(refs.aliceAdmin);
    expect((await app.gql('query { secret_names }', { key: admin })).body.data!.secret_names).toEqual(['DROP', 'KEEP']);
    const read = await app.gql(VALUE_OF, { key: app.key(refs.acmeAgent), variables: { name: 'KEEP' } });
    expect(read.body.data!.secret_value).toEqual({ token: VALUE });
    expect((await app.gql(VALUE_OF, { key: admin, variables: { name: 'DROP' } })).body.data!.secret_value).toBe('gone next');
    expect(ok(await app.gql(DEL, { key: admin, variables: { input: { name: 'DROP' } } }), 'delete_secret')).toEqual({ success: true });
    await app.close();

    app = await createTestApp({ dataFile });
    expect((await app.gql('query { secret_names }', { key: app.key(refs.aliceAdmin) })).body.data!.secret_names).toEqual(['KEEP']);
    expect(codeOf(await app.gql(VALUE_OF, { key: app.key(refs.aliceAdmin), variables: { name: 'DROP' } }))).toBe('NOT_FOUND');
  });

  it('a snapshot restored leaves the tenant with no secrets, and a snapshot holding secrets is refused without echoing them', async () => {
    app = await createTestApp();
    const admin = app.key(refs.aliceAdmin);
    const snapshot = (await app.control('get', '/snapshot')).body as { tables: Record<string, unknown> };
    ok(await app.gql(SET, { key: admin, variables: { input: { name: 'AFTER', value: VALUE } } }), 'set_secret');
    expect((await app.control('put', '/snapshot', snapshot)).status).toBe(200);
    expect((await app.gql('query { secret_names }', { key: admin })).body.data!.secret_names).toEqual([]);

    const tenantId = app.main.store.state.tenants.all().next().value!.id;
    const planted = { ...snapshot, tables: { ...snapshot.tables, secrets: [{ id: 'x', tenantId, name: 'PLANTED', value: VALUE, created: '2020-01-01T00:00:00Z', updated: '2020-01-01T00:00:00Z' }] } };
    const refused = await app.control('put', '/snapshot', planted);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/snapshots do not carry secrets/);
    expect(refused.text).not.toContain(VALUE);
    expect((await app.gql('query { secret_names }', { key: admin })).body.data!.secret_names).toEqual([]);
  });
});

describe('the KV store (prefect kv)', () => {
  it('set, overwrite, get by key, list, delete; 10 KB at most; another tenant sees nothing', async () => {
    app = await createTestApp();
    const admin = app.key(refs.aliceAdmin);
    const SET_KV = 'mutation($input: set_key_value_input!) { set_key_value(input: $input) { id } }';
    const id = ok(await app.gql(SET_KV, { key: admin, variables: { input: { key: 'threshold', value: 3 } } }), 'set_key_value').id;
    expect(ok(await app.gql(SET_KV, { key: admin, variables: { input: { key: 'threshold', value: { max: 5 } } } }), 'set_key_value').id).toBe(id);
    const get = await app.gql('{ key_value(where: {key: {_eq: "threshold"}}) { value } }', { key: admin });
    expect(get.body.data!.key_value).toEqual([{ value: { max: 5 } }]);
    expect((await app.gql('{ key_value { key } }', { key: app.key(refs.ginaAdmin) })).body.data!.key_value).toEqual([]);
    const big = await app.gql(SET_KV, { key: admin, variables: { input: { key: 'big', value: 'x'.repeat(10_001) } } });
    expect(big.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.value' });
    expect(codeOf(await app.gql(SET_KV, { key: app.key(refs.rita), variables: { input: { key: 'k', value: 1 } } }))).toBe('FORBIDDEN');
    const del = await app.gql('mutation($input: delete_key_value_input!) { delete_key_value(input: $input) { success } }', { key: admin, variables: { input: { key_value_id: id } } });
    expect(ok(del, 'delete_key_value')).toEqual({ success: true });
    expect((await app.gql('{ key_value { key } }', { key: admin })).body.data!.key_value).toEqual([]);
  });
});
