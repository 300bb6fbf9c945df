/**
 * Tenant secrets with the real CLI process: an acknowledged set_secret survives the process
 * being killed (it was durable before it was answered), a delete survives a clean stop, and the
 * process prints no value on its console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKey, gql, requireBuiltCli, startCli, type RunningCli } from './cli.js';
import { dataFileIn, removeDirs, tempDir } from './helpers.js';

const VALUE = 'cli-secret-value-that-lasts';
const SET = 'mutation($input: set_secret_input!) { set_secret(input: $input) { success } }';
const DEL = 'mutation($input: delete_secret_input!) { delete_secret(input: $input) { success } }';
const VALUE_OF = 'query($name: String!) { secret_value(name: $name) }';
const NAMES = 'query { secret_names }';

let running: RunningCli | undefined;

beforeAll(() => requireBuiltCli());
afterAll(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  removeDirs();
});

describe('secrets across CLI restarts', () => {
  it('an acknowledged set outlives a kill; a delete outlives a clean stop; nothing is printed', async () => {
    const dataFile = dataFileIn(tempDir());
    const admin = fixtureKey('acme-tenant-admin');
    const agent = fixtureKey('acme-service-account');
    const printed: string[] = [];

    running = await startCli(dataFile);
    expect((await gql(running.url, admin, SET, { input: { name: 'API', value: { token: VALUE } } })).body.data).toEqual({ set_secret: { success: true } });
    expect((await gql(running.url, admin, SET, { input: { name: 'GONE', value: VALUE } })).body.data).toEqual({ set_secret: { success: true } });
    running.child.kill('SIGKILL');
    await running.exited;
    printed.push(running.stderr());

    running = await startCli(dataFile);
    expect((await gql(running.url, admin, NAMES, {})).body.data).toEqual({ secret_names: ['API', 'GONE'] });
    expect((await gql(running.url, agent, VALUE_OF, { name: 'API' })).body.data).toEqual({ secret_value: { token: VALUE } });
    expect((await gql(running.url, admin, DEL, { input: { name: 'GONE' } })).body.data).toEqual({ delete_secret: { success: true } });
    running.child.kill('SIGTERM');
    expect((await running.exited).code).toBe(0);
    printed.push(running.stderr());

    running = await startCli(dataFile);
    expect((await gql(running.url, admin, NAMES, {})).body.data).toEqual({ secret_names: ['API'] });
    const gone = await gql(running.url, agent, VALUE_OF, { name: 'GONE' });
    expect(gone.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    running.child.kill('SIGTERM');
    await running.exited;
    printed.push(running.stderr());
    expect(printed.join('\n')).not.toContain(VALUE);
  });
});
