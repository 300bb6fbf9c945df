/** Bad values in GraphQL: scalars, names, enums and LIKE patterns are refused clearly, and cannot stall the server. */
/**
 * Bad input, at every door: HTTP bodies, GraphQL abuse, scalars and names, the control API.
 * Every refusal is a clear error with a stable code (never 5xx, never INTERNAL_SERVER_ERROR),
 * and a refused change leaves the state exactly as it was.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ids, refs } from '../helpers/app.js';
import { bearer, errorCodes, type LiveGqlResult } from './helpers.js';
import { CREATE_KEY, CREATE_SERVICE_ACCOUNT as CREATE_SA } from '../helpers/world.js';
import {
  app, asAlice, CREATE_TENANT, expectOneError, RUNS, tables, useBadInputWorld,
} from './bad-input-helpers.js';

useBadInputWorld();

describe('scalars, names and enums', () => {
  /** A refused input: BAD_USER_INPUT (or a validation failure for literals), naming the field, nothing changed. */
  const refused = async (res: Promise<LiveGqlResult>, field: string, codes = ['BAD_USER_INPUT']): Promise<void> => {
    const before = tables();
    const r = await res;
    expect(r.body.errors, r.text).toHaveLength(1);
    const error = r.body.errors![0]!;
    expect(codes, r.text).toContain(error.extensions?.code);
    // Validation failures are 400, as Cloud answered; failures found while executing are 200.
    expect(r.status).toBe(error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? 400 : 200);
    const named = error.extensions?.field === field || error.message.includes(field);
    expect(named, `${r.text} should name ${field}`).toBe(true);
    expect(tables()).toBe(before);
  };

  it.each([
    ['not a UUID', 'nope'],
    ['a UUID one character short', '11111111-1111-4111-8111-11111111111'],
    ['a UUID in braces', `{${ids.acme}}`],
    ['an empty string', ''],
    ['a number', 5],
    ['an object', { id: ids.acme }],
  ])('refuses %s where a UUID is expected, naming the variable path', async (_label, value) => {
    await refused(asAlice('query($id: uuid!) { auth_api_key_by_pk(id: $id) { id } }', { id: value }), '$id');
    await refused(asAlice('mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', { input: { key_id: value } }), 'input.key_id');
    await refused(asAlice(CREATE_KEY, { input: { user_id: value, name: 'k' } }), 'input.user_id');
    await refused(asAlice('query($w: auth_api_key_bool_exp) { auth_api_key(where: $w) { id } }', { w: { user_id: { _eq: value } } }), 'w.user_id._eq');
  });

  it('refuses a bad UUID literal as a validation failure that names the type and the value, with its location', async () => {
    const res = await asAlice('query { auth_api_key_by_pk(id: "nope") { id } }');
    const error = expectOneError(res, ['GRAPHQL_VALIDATION_FAILED'], /UUID \(uuid\), found "nope"/);
    expect(error.locations).toEqual([{ line: 1, column: 32 }]);
    const input = await asAlice(`mutation { delete_api_key(input: {key_id: 12}) { success } }`);
    expect(expectOneError(input, ['GRAPHQL_VALIDATION_FAILED'], /UUID \(UUID\), found 12/).locations).toEqual([{ line: 1, column: 43 }]);
  });

  it.each([
    ['without a timezone', '2030-01-01T00:00:00'],
    ['a date only', '2030-01-01'],
    ['in words', 'Jan 1 2030'],
    ['in US style', '01/01/2030 00:00 +00:00'],
    ['epoch seconds', '1893456000'],
    ['month 13', '2030-13-01T00:00:00Z'],
    ['February 30th', '2030-02-30T00:00:00Z'],
    ['empty', ''],
  ])('refuses an expiry %s, naming input.expires_at', async (_label, value) => {
    await refused(asAlice(CREATE_KEY, { input: { user_id: ids.alice, name: 'k', expires_at: value } }), 'input.expires_at');
    await refused(asAlice(`mutation { create_api_key(input: {user_id: "${ids.alice}", name: "k", expires_at: ${JSON.stringify(value)}}) { id } }`),
      'input.expires_at', ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']);
  });

  it('refuses an expiry in the past or exactly now (by the emulator clock), naming input.expires_at', async () => {
    const now = new Date(app.main.clock.now()).toISOString();
    for (const value of ['2020-01-01T00:00:00+00:00', now]) {
      await refused(asAlice(CREATE_KEY, { input: { user_id: ids.alice, name: 'k', expires_at: value } }), 'input.expires_at');
    }
    const ok = await asAlice(CREATE_KEY, { input: { user_id: ids.alice, name: 'k', expires_at: new Date(app.main.clock.now() + 1000).toISOString() } });
    expect(ok.body.errors).toBeUndefined();
  });

  it('refuses other dates without a timezone, naming the field', async () => {
    await refused(asAlice(RUNS, { input: { before: '2030-01-01T00:00:00' } }), 'input.before');
    await refused(asAlice('query($w: auth_api_key_bool_exp) { auth_api_key(where: $w) { id } }', { w: { created: { _gt: '2030-01-01 00:00' } } }), 'w.created._gt');
    await refused(asAlice('query { auth_api_key(where: {created: {_gt: "yesterday"}}) { id } }'), 'timestamptz', ['GRAPHQL_VALIDATION_FAILED']);
  });

  const badNames: [string, unknown, RegExp][] = [
    ['empty', '', /must not be empty/],
    ['blank', '   ', /must not be empty/],
    ['256 characters', 'x'.repeat(256), /at most 255/],
    ['a NUL', 'a\u0000b', /control characters/],
    ['a bell', 'a\u0007b', /control characters/],
    ['a newline', 'line\nbreak', /control characters/],
    ['a C1 control', 'a\u009fb', /control characters/],
    ['DEL', 'a\u007fb', /control characters/],
  ];

  it.each(badNames)('refuses a name that is %s, naming input.name, for keys, service accounts and tenants', async (_label, name, message) => {
    const cases = [
      asAlice(CREATE_KEY, { input: { user_id: ids.alice, name } }),
      asAlice(CREATE_SA, { input: { tenant_id: ids.acme, name } }),
      asAlice(CREATE_TENANT, { input: { name, slug: 'fresh-tenant' } }),
    ];
    for (const res of cases) {
      const r = await res;
      expect(r.body.errors?.[0]?.message).toMatch(message);
      await refused(Promise.resolve(r), 'input.name');
    }
  });

  it('accepts a name of exactly 255 characters, and unicode', async () => {
    for (const name of ['x'.repeat(255), 'clé 🔑 ключ 鍵']) {
      const res = await asAlice(CREATE_KEY, { input: { user_id: ids.alice, name } });
      expect(res.body.errors, res.text.slice(0, 200)).toBeUndefined();
    }
  });

  it('refuses names and slugs of the wrong type or shape', async () => {
    await refused(asAlice(CREATE_KEY, { input: { user_id: ids.alice, name: 5 } }), 'input.name');
    await refused(asAlice(CREATE_KEY, { input: { user_id: ids.alice, name: null } }), 'input.name');
    for (const slug of ['Bad Slug', '-leading', 'trailing-', 'double--hyphen', 'x'.repeat(101)]) {
      await refused(asAlice(CREATE_TENANT, { input: { name: 'Fine name', slug } }), 'input.slug');
    }
    await refused(asAlice(CREATE_TENANT, { input: { name: 'Another Acme', slug: 'acme' } }), 'input.slug');
  });

  it('refuses an unknown order_by value: BAD_USER_INPUT naming the path in variables, a validation failure in a literal', async () => {
    await refused(asAlice('query($o: [auth_api_key_order_by!]) { auth_api_key(order_by: $o) { id } }', { o: [{ created: 'sideways' }] }), 'o[0].created');
    await refused(asAlice('query($o: [auth_api_key_order_by!]) { auth_api_key(order_by: $o) { id } }', { o: [{ nope: 'asc' }] }), 'nope');
    const literal = await asAlice('query { auth_api_key(order_by: {created: sideways}) { id } }');
    expectOneError(literal, ['GRAPHQL_VALIDATION_FAILED'], /"sideways".*order_by|order_by.*"sideways"/);
  });

  it('refuses bad paging and unknown filter columns as BAD_USER_INPUT', async () => {
    await refused(asAlice('query { auth_api_key(limit: -1) { id } }'), 'limit');
    await refused(asAlice('query { auth_api_key(offset: -5) { id } }'), 'offset');
    await refused(asAlice('query($l: Int) { auth_api_key(limit: $l) { id } }', { l: 1.5 }), '$l');
    await refused(asAlice('query($w: auth_api_key_bool_exp) { auth_api_key(where: $w) { id } }', { w: { secret: { _eq: 'x' } } }), 'secret');
  });

  it('answers a null operand in a filter without an internal error', async () => {
    for (const op of ['_in', '_nin', '_eq', '_neq', '_gt', '_like', '_is_null']) {
      const res = await asAlice('query($w: user_bool_exp) { user_view_same_tenant(where: $w) { id } }', { w: { username: { [op]: null } } });
      expect(res.status).toBe(200);
      expect(errorCodes(res.body).filter((c) => c !== 'BAD_USER_INPUT'), `${op}: ${res.text}`).toEqual([]);
    }
  });
});

describe('LIKE patterns cannot stall the server', () => {
  it('answers a pattern of many wildcards promptly, in a separate emulator process', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--port', '0', '--in-memory', '--log-level', 'error'], {
      cwd: new URL('../../', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error('the emulator did not start')), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /ready at (http:\/\/\S+)/.exec(out);
          if (match?.[1]) { clearTimeout(timer); resolve(match[1]); }
        });
        child.on('exit', () => reject(new Error('the emulator exited')));
      });
      const key = app.key(refs.aliceAdmin);
      let answered: number | string;
      try {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: bearer(key) },
          body: JSON.stringify({ query: 'query($w: user_bool_exp) { user_view_same_tenant(where: $w) { id } }', variables: { w: { username: { _like: `${'%'.repeat(40)}!` } } } }),
          signal: AbortSignal.timeout(10_000),
        });
        answered = res.status;
      } catch {
        answered = 'no answer within 10 s: the server was stuck matching the pattern';
      }
      expect(answered).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);
});
