import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, refs, type TestApp } from '../helpers/app.js';
import { codeOf, ok } from './support.js';

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

const SET = 'mutation($input: set_secret_input!) { set_secret(input: $input) { success } }';
const VALUE = 'secret-value-that-must-stay-inside';

describe('secrets', () => {
  it('set, list by name, read by a flow, delete; a value never reaches the snapshot, the data file, the journal or the request log', async () => {
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

    const everywhere = [
      JSON.stringify((await app.control('get', '/snapshot')).body),
      JSON.stringify((await app.control('get', '/requests?limit=500')).body),
      await readFile(dataFile, 'utf8'),
      await readFile(`${dataFile}.journal`, 'utf8').catch(() => ''),
    ].join('\n');
    expect(everywhere).not.toContain(VALUE);
    expect(everywhere).not.toContain('DB_PASSWORD');

    const del = 'mutation($input: delete_secret_input!) { delete_secret(input: $input) { success } }';
    expect(ok(await app.gql(del, { key: admin, variables: { input: { name: 'DB_PASSWORD' } } }), 'delete_secret')).toEqual({ success: true });
    expect(ok(await app.gql(del, { key: admin, variables: { input: { name: 'DB_PASSWORD' } } }), 'delete_secret')).toEqual({ success: false });
    await app.control('post', '/reset');
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
