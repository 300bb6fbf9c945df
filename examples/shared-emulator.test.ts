// A test file using the emulator started once in global-setup.ts. Test files run in parallel, so
// each takes its own sandbox: an isolated state and clock under /sandboxes/<id>/ on the same
// emulator, which no other file sees.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

const api = inject('prefectApi');
const adminKey = inject('prefectAdminKey');

interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const graphql = async <T>(url: string, key: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResult<T>;
};

interface Sandbox { id: string; graphqlUrl: string; controlUrl: string }
let sandbox: Sandbox;

beforeAll(async () => {
  const res = await fetch(`${api}/__emulator/sandboxes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ frozenAt: '2030-01-01T00:00:00Z' }),
  });
  sandbox = (await res.json()) as Sandbox;
});

afterAll(async () => {
  await fetch(`${api}/__emulator/sandboxes/${sandbox.id}`, { method: 'DELETE' });
});

it('gets the URL from globalSetup, by inject and by the environment', () => {
  expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(process.env.PREFECT__CLOUD__API).toBe(api);
});

it('authenticates with a fixture key', async () => {
  const { data } = await graphql<{ auth_info: { role: string }; tenant: { slug: string }[] }>(
    `${api}/graphql`, adminKey, '{ auth_info { role } tenant { slug } }');
  expect(data?.auth_info.role).toBe('TENANT_ADMIN');
  expect(data?.tenant.map((t) => t.slug)).toContain('acme');
});

it('creates a key in its own sandbox, which the shared emulator never sees', async () => {
  type AuthInfo = { auth_info: { user_id: string } };
  const me = await graphql<AuthInfo>(sandbox.graphqlUrl, adminKey, '{ auth_info { user_id } }');
  const userId = me.data!.auth_info.user_id;
  const created = await graphql<{ create_api_key: { key: string } }>(sandbox.graphqlUrl, adminKey,
    'mutation($input: create_api_key_input!) { create_api_key(input: $input) { key } }',
    { input: { user_id: userId, name: 'ci' } });
  const key = created.data!.create_api_key.key;

  expect((await graphql<AuthInfo>(sandbox.graphqlUrl, key, '{ auth_info { user_id } }')).data?.auth_info.user_id).toBe(userId);
  expect((await graphql<AuthInfo>(`${api}/graphql`, key, '{ auth_info { user_id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

it('moves its sandbox clock without moving anyone else\'s', async () => {
  const advanced = await fetch(`${sandbox.controlUrl}/clock/advance`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: 'P30D' }),
  });
  expect(await advanced.json()).toMatchObject({ now: '2030-01-31T00:00:00.000Z', frozen: true });
  const shared = await fetch(`${api}/__emulator/clock`);
  expect(await shared.json()).toMatchObject({ now: '2030-01-01T00:00:00.000Z' });
});
