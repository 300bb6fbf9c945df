import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { controlError, defaultFixtureSecrets, expectNoSecret } from './helpers.js';

const T0 = '2030-01-01T00:00:00.000Z';

interface Entry {
  at: string;
  operationName: string | null;
  operationType: string | null;
  fields: string[];
  caller: { userId: string; username: string; accountType: string; tenantId: string; tenantSlug: string; role: string } | null;
  outcome: 'ok' | 'error';
  errorCode: string | null;
  durationMs: number;
}

describe('control API: the request log', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp({ frozenAt: Date.parse(T0) }); });
  afterEach(async () => { await app.close(); });

  const recent = async (query = ''): Promise<Entry[]> => {
    const res = await app.control('get', `/requests${query}`);
    expect(res.status, res.text).toBe(200);
    return (res.body as { requests: Entry[] }).requests;
  };

  it('records operation, type, fields, caller, outcome and error code, newest first', async () => {
    await app.gql('query Who { auth_info { user_id } tenant { id } }', { key: app.key(refs.aliceAdmin) });
    const created = await app.gql('mutation CreateKey($input: create_api_key_input!) { create_api_key(input: $input) { key } }', {
      key: app.key(refs.acmeAgent), variables: { input: { user_id: ids.acmeAgent, name: 'log-test-variable-value' } },
    });
    expect(created.body.errors).toBeUndefined();
    await app.gql('mutation NewAgent { create_service_account(input: { tenant_id: "11111111-1111-4111-8111-111111111111", name: "nope" }) { id } }', { key: app.key(refs.rita) });
    await app.gql('{ auth_info { user_id } }', { key: `pce_${'x'.repeat(43)}` });
    await app.gql('query { hello }');

    const entries = await recent();
    expect(entries).toHaveLength(5);
    const [hello, invalid, forbidden, create, who] = entries as [Entry, Entry, Entry, Entry, Entry];
    expect(who).toEqual({
      at: T0, operationName: 'Who', operationType: 'query', fields: ['auth_info', 'tenant'],
      caller: { userId: ids.alice, username: 'alice@acme.test', accountType: 'USER', tenantId: ids.acme, tenantSlug: 'acme', role: 'TENANT_ADMIN' },
      outcome: 'ok', errorCode: null, durationMs: expect.any(Number),
    });
    expect(create).toMatchObject({
      operationName: 'CreateKey', operationType: 'mutation', fields: ['create_api_key'], outcome: 'ok', errorCode: null,
      caller: { userId: ids.acmeAgent, accountType: 'SERVICE', tenantSlug: 'acme', role: 'TENANT_ADMIN' },
    });
    expect(forbidden).toMatchObject({
      operationName: 'NewAgent', operationType: 'mutation', fields: ['create_service_account'], outcome: 'error', errorCode: 'FORBIDDEN',
      caller: { userId: ids.rita, role: 'READ_ONLY_USER' },
    });
    expect(invalid).toMatchObject({ operationName: null, operationType: 'query', fields: ['auth_info'], caller: null, outcome: 'error', errorCode: 'UNAUTHENTICATED' });
    expect(hello).toMatchObject({ operationType: 'query', fields: ['hello'], caller: null, outcome: 'ok', errorCode: null });
    expect(who.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records requests that never reach a resolver', async () => {
    await app.gql('query { nope', { key: app.key(refs.bob) });
    await app.gql('query { no_such_field }', { key: app.key(refs.bob) });
    const [unknownField, parseError] = await recent();
    expect(parseError).toMatchObject({ outcome: 'error', errorCode: 'GRAPHQL_PARSE_FAILED', operationName: null });
    expect(unknownField).toMatchObject({ outcome: 'error', errorCode: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('never holds an Authorization header, a key, a token or a variable', async () => {
    const minted = (await app.control('post', '/keys', { user_id: ids.bob })).body as { key: string };
    const created = await app.gql('mutation($input: create_api_key_input!) { create_api_key(input: $input) { key } }', {
      key: minted.key, variables: { input: { user_id: ids.bob, name: 'a-variable-that-must-not-be-logged' } },
    });
    const createdKey = (created.body.data?.create_api_key as { key: string }).key;
    const wrongKey = `pce_${'W'.repeat(43)}`;
    for (const key of [...defaultFixtureSecrets(app), minted.key, createdKey, wrongKey]) {
      await app.gql('query { auth_info { user_id } }', { key });
    }
    await app.gql('query { auth_info { user_id } }', { authorization: 'Basic c2VjcmV0LWJhc2ljLWNyZWRlbnRpYWw=' });
    const res = await app.control('get', '/requests?limit=500');
    // Refusals repeated by the same (unknown) caller fold into one entry with a count.
    expect((res.body as { requests: (Entry & { count?: number })[] }).requests.reduce((n, e) => n + (e.count ?? 1), 0)).toBe(14);
    expectNoSecret(res.text, [
      ...defaultFixtureSecrets(app), minted.key, createdKey, wrongKey, 'a-variable-that-must-not-be-logged',
      'c2VjcmV0LWJhc2ljLWNyZWRlbnRpYWw=', 'Bearer', 'Basic', 'pce_',
    ], 'GET /requests');
  });

  it('folds repeated refusals into one entry, so a retry storm does not push everyone else out', async () => {
    await app.gql('query { auth_info { user_id } }', { key: app.key(refs.bob) });
    for (let i = 0; i < 300; i++) await app.gql('query { flow_run_by_pk(id: "00000000-0000-4000-8000-000000000000") { id } }', { key: `pce_${'R'.repeat(43)}` });
    const entries = (await recent('?limit=500')) as (Entry & { count?: number; lastAt?: string })[];
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ fields: ['flow_run_by_pk'], errorCode: 'UNAUTHENTICATED', count: 300 });
    expect(typeof entries[0]!.lastAt).toBe('string');
    expect(entries[1]).toMatchObject({ fields: ['auth_info'], outcome: 'ok' });
  });

  it('takes a limit, and keeps the newest', async () => {
    for (let i = 0; i < 5; i++) await app.gql(`query Q${i} { hello }`);
    expect((await recent('?limit=2')).map((e) => e.operationName)).toEqual(['Q4', 'Q3']);
    expect(await recent('?limit=0')).toEqual([]);
    expect(await recent('?limit=50')).toHaveLength(5);
  });

  it('returns the last 100 by default', async () => {
    for (let i = 0; i < 105; i++) await app.gql(`query Q${i} { hello }`);
    const entries = await recent();
    expect(entries).toHaveLength(100);
    expect(entries[0]!.operationName).toBe('Q104');
    expect(entries[99]!.operationName).toBe('Q5');
    expect(await recent('?limit=1000')).toHaveLength(105);
  });

  it.each(['-1', 'abc', '1.5'])('refuses limit=%s with 400 naming the field', async (limit) => {
    const res = await app.control('get', `/requests?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(controlError(res.body)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });

  it('is cleared, and does not record control requests', async () => {
    await app.gql('query { hello }');
    await app.control('post', '/clock/advance', { by: '1h' });
    await app.control('get', '/snapshot');
    expect(await recent()).toHaveLength(1);
    const cleared = await app.control('delete', '/requests');
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ cleared: true });
    expect(await recent()).toEqual([]);
    await app.gql('query After { hello }');
    expect((await recent()).map((e) => e.operationName)).toEqual(['After']);
  });

  it('stamps entries with the emulator clock', async () => {
    await app.control('post', '/clock/advance', { by: 'P1D' });
    await app.gql('query { hello }');
    expect((await recent())[0]!.at).toBe('2030-01-02T00:00:00.000Z');
  });
});
