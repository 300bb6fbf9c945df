import { afterEach, beforeEach, expect } from 'vitest';
import { createTestApp, type GqlOptions, type GqlResult, type TestApp, type TestAppOptions } from '../helpers/app.js';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR';
export type GqlError = NonNullable<GqlResult['body']['errors']>[number];
/** A response's data, loosely typed as the harness gives it. */
export type Data = NonNullable<GqlResult['body']['data']>;

/**
 * A fresh emulator before each test of the calling suite, handed to `use` (which keeps it and
 * reads the keys it needs), and closed after the test, so no test sees another's writes.
 */
export const freshAppForEachTest = (use: (app: TestApp) => void, options?: TestAppOptions): void => {
  let app: TestApp | undefined;
  beforeEach(async () => {
    app = await createTestApp(options);
    use(app);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
};

/**
 * Every GraphQL answer that executes is HTTP 200 (the 1.x client turns anything else but the 400
 * of a query that does not validate into a traceback) and never carries API_ERROR (which the
 * client retries six times): checked on every call.
 */
export const call = async (app: TestApp, query: string, options: GqlOptions = {}): Promise<GqlResult> => {
  const res = await app.gql(query, options);
  expect(res.status, res.text).toBe(200);
  expect(res.text.includes('API_ERROR'), 'the response mentions API_ERROR').toBe(false);
  return res;
};

/** The data of a request that must succeed. */
export const ok = async (app: TestApp, query: string, options: GqlOptions = {}): Promise<Data> => {
  const res = await call(app, query, options);
  expect(res.body.errors, res.text).toBeUndefined();
  expect(res.body.data).toBeTruthy();
  return res.body.data!;
};

/** The single error of a request that must fail with `code`. */
export const fails = async (app: TestApp, query: string, options: GqlOptions, code: ErrorCode): Promise<GqlError> => {
  const res = await call(app, query, options);
  expect(res.body.errors, res.text).toBeDefined();
  expect(res.body.errors).toHaveLength(1);
  const error = res.body.errors![0]!;
  expect(error.extensions?.code, res.text).toBe(code);
  return error;
};

export { AUTH_INFO, CREATE_KEY, DELETE_KEY, LIST_KEYS, REGISTER_AGENT, SET_ROLE } from '../helpers/world.js';
export const MEMBERS = 'query { user_view_same_tenant { id username account_type memberships { id tenant_id role_detail { id name } } } }';

export const registerAgentInput = (tenantId: string) => ({
  input: { type: 'LocalAgent', name: 'agent-1', labels: ['local'], tenant_id: tenantId, agent_config_id: null },
});

/** A membership id of `userId` in the tenant of `adminKey`, read through the API as the UI does. */
export const membershipOf = async (app: TestApp, adminKey: string, userId: string): Promise<string> => {
  const data = await ok(app, MEMBERS, { key: adminKey });
  const row = (data.user_view_same_tenant as { id: string; memberships: { id: string }[] }[]).find((u) => u.id === userId);
  expect(row, `member ${userId}`).toBeDefined();
  return row!.memberships[0]!.id;
};

/** Every fixture key's plaintext, to make sure none ever leaks into a response or a file. */
export const fixturePlaintexts = (app: TestApp): string[] => app.main.fixtureKeys.map((k) => k.key);

export { expectNoSecret } from '../helpers/secrets.js';
