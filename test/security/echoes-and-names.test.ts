/**
 * The smaller holes: a key pasted into the wrong place is never echoed back (errors, the 404
 * text, the request log); malformed %-escapes are a 404, never a 500; names made only of
 * invisible characters or holding a bidi override are refused; the length limit counts characters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { bearer, listen, type LiveServer } from './support.js';

const PASTED = `pce_${'Q'.repeat(43)}`;
const MASKED = 'pce_QQQQ…';
let app: TestApp;
let server: LiveServer;
beforeAll(async () => {
  app = await createTestApp();
  server = await listen(app.handler);
});
afterAll(async () => {
  await server.close();
  await app.close();
});

describe('a key pasted into the wrong place is not echoed back', () => {
  const json = { 'content-type': 'application/json' };
  const cases: [string, () => Promise<{ status: number; text: string }>][] = [
    ['sandbox not found (control API)', () => server.raw('GET', `/sandboxes/${PASTED}/__emulator/clock`)],
    ['sandbox not found (GraphQL)', () => server.raw('POST', `/sandboxes/${PASTED}/graphql`, '{"query":"{ hello }"}', json)],
    ['sandbox not found (UI)', () => server.raw('GET', `/sandboxes/${PASTED}/ui/`)],
    ['sandbox not found (delete)', () => server.raw('DELETE', `/__emulator/sandboxes/${PASTED}`)],
    ['the 404 "No route" text', () => server.raw('GET', `/nowhere/${PASTED}`)],
    ['unknown fixture', () => server.raw('POST', '/__emulator/reset', JSON.stringify({ fixture: PASTED }), json)],
    ['invalid duration', () => server.raw('POST', '/__emulator/clock/advance', JSON.stringify({ by: PASTED }), json)],
    ['invalid generate spec', () => server.raw('POST', '/__emulator/sandboxes', JSON.stringify({ generate: PASTED }), json)],
    ['invalid expiry of a minted key', () => server.raw('POST', '/__emulator/keys', JSON.stringify({ user_id: ids.alice, expires_at: PASTED }), json)],
  ];
  for (const [what, send] of cases) {
    it(`in ${what}`, async () => {
      const res = await send();
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toContain(PASTED);
    });
  }

  it('in the request log, for an operation named like a key', async () => {
    await server.gql({ query: `query ${PASTED} { hello }` });
    const [entry] = app.main.log.recent(1);
    expect(entry!.operationName).toBe(MASKED);
    const logged = await server.raw('GET', '/__emulator/requests?limit=1');
    expect(logged.text).not.toContain(PASTED);
  });
});

describe('malformed %-escapes in a sandbox path', () => {
  it('are a 404 on the control API and the UI, as on GraphQL', async () => {
    for (const path of ['/sandboxes/%E0%A4%A/__emulator/clock', '/sandboxes/%E0%A4%A/ui/', '/sandboxes/%zz/__emulator/snapshot', '/sandboxes/%E0%A4%A/graphql']) {
      const res = path.endsWith('graphql') ? await server.raw('POST', path, '{"query":"{ hello }"}', { 'content-type': 'application/json' }) : await server.raw('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error/);
    }
  });
});

describe('names', () => {
  const CREATE_KEY = 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id } }';
  const CREATE_SA = 'mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }';
  const CREATE_TENANT = 'mutation($input: create_tenant_input!) { create_tenant(input: $input) { id } }';
  const asAlice = (query: string, input: Record<string, unknown>) =>
    server.gql({ query, variables: { input }, authorization: bearer(app.key(refs.aliceAdmin)) });
  const creations: [string, string, (name: string) => Record<string, unknown>][] = [
    ['create_api_key', CREATE_KEY, (name) => ({ user_id: ids.alice, name })],
    ['create_service_account', CREATE_SA, (name) => ({ tenant_id: ids.acme, name })],
    ['create_tenant', CREATE_TENANT, (name) => ({ name, slug: `t-${Math.random().toString(36).slice(2, 10)}` })],
  ];

  for (const [op, query, input] of creations) {
    it(`${op}: refuses names of only invisible characters and names with a bidi override; counts characters`, async () => {
      const before = JSON.stringify(app.main.exportSnapshot().tables);
      for (const name of ['\u200b', '\u200b\u200c\u200d\ufeff', '\u2060\u00a0\u3000', 'invoice\u202egnp.exe', 'a\u2066b\u2069']) {
        const res = await asAlice(query, input(name));
        expect(res.body.errors?.[0]?.extensions, JSON.stringify(name)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
      }
      const tooLong = await asAlice(query, input('😀'.repeat(256)));
      expect(tooLong.body.errors?.[0]?.message).toMatch(/at most 255 characters/);
      expect(JSON.stringify(app.main.exportSnapshot().tables)).toBe(before);
      // 255 characters are 510 UTF-16 units here: accepted.
      const longest = await asAlice(query, input('😀'.repeat(255)));
      expect(longest.body.errors).toBeUndefined();
      const withSpace = await asAlice(query, input('zero\u200bwidth inside'));
      expect(withSpace.body.errors).toBeUndefined();
    });
  }
});
