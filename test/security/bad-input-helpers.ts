/** What the bad-input suites share: one emulator behind a live server, reset before each test, and the checks of a refusal. */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { SnapshotDocument as StateDocument } from '../../src/store/snapshot-scope.js';
import { createTestApp, refs, type TestApp } from '../helpers/app.js';
import { bearer, listen, type GqlBody, type LiveGqlResult, type LiveServer } from './helpers.js';

export const MB = 1024 * 1024;
export const CREATE_TENANT = 'mutation($input: create_tenant_input!) { create_tenant(input: $input) { id } }';
export const RUNS = 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }';
export const USER_FIELDS = 'id username email first_name last_name account_type created updated memberships { id tenant_id user_id role_id role created updated role_detail { id name permissions tenant_id created updated } tenant { id name slug created updated info settings } }';

/** The emulator and its live server, set before the first test of a file that calls useBadInputWorld(). */
export let app: TestApp;
export let server: LiveServer;
let baseline: StateDocument;
export const tables = (): string => JSON.stringify(app.main.exportSnapshot().tables);
export const clock = (): string => JSON.stringify(app.main.clock.state());

/**
 * One emulator (default fixture, clock frozen) behind a live server for the file, and every test
 * starting from the same state.
 */
export const useBadInputWorld = (): void => {
  beforeAll(async () => {
    app = await createTestApp();
    server = await listen(app.handler);
    await app.control('post', '/clock/freeze', {});
    baseline = app.main.exportSnapshot();
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });
  beforeEach(async () => {
    await app.main.importSnapshot(baseline);
  });
};

export const asAlice = (query: string, variables: Record<string, unknown> | null = null, stringVariables = true): Promise<LiveGqlResult> =>
  server.gql({ query, variables, authorization: bearer(app.key(refs.aliceAdmin)), stringVariables });

/** One error, with this code, and nothing executed. */
export const expectOneError = (res: LiveGqlResult, codes: string[], message: RegExp): NonNullable<GqlBody['errors']>[number] => {
  expect(res.body.errors, res.text).toHaveLength(1);
  const error = res.body.errors![0]!;
  expect(codes, res.text).toContain(error.extensions?.code);
  expect(error.message).toMatch(message);
  return error;
};

export const expectRequestError = (res: { status: number; json: unknown; headers: Record<string, unknown> }, status: number, message: RegExp): void => {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json as GqlBody;
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]!.message).toMatch(message);
  expect(body.errors![0]!.extensions?.code).toBe('BAD_REQUEST');
  expect(body.data).toBeUndefined();
};
