/**
 * Bad input, at every door: HTTP bodies, GraphQL abuse, scalars and names, the control API.
 * Every refusal is a clear error with a stable code (never 5xx, never INTERNAL_SERVER_ERROR),
 * and a refused change leaves the state exactly as it was.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StateDocument } from '../../src/store/snapshot.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { bearer, errorCodes, listen, type GqlBody, type GqlResult, type LiveServer } from './support.js';

const MB = 1024 * 1024;
const CREATE_KEY = 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }';
const CREATE_SA = 'mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }';
const CREATE_TENANT = 'mutation($input: create_tenant_input!) { create_tenant(input: $input) { id } }';
const RUNS = 'mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }';
const USER_FIELDS = 'id username email first_name last_name account_type created updated memberships { id tenant_id user_id role_id role created updated role_detail { id name permissions tenant_id created updated } tenant { id name slug created updated info settings } }';

let app: TestApp;
let server: LiveServer;
let baseline: StateDocument;
const tables = (): string => JSON.stringify(app.main.exportSnapshot().tables);
const clock = (): string => JSON.stringify(app.main.clock.state());

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

const asAlice = (query: string, variables: Record<string, unknown> | null = null, stringVariables = true): Promise<GqlResult> =>
  server.gql({ query, variables, authorization: bearer(app.key(refs.aliceAdmin)), stringVariables });

/** One error, with this code, and nothing executed. */
const expectOneError = (res: GqlResult, codes: string[], message: RegExp): NonNullable<GqlBody['errors']>[number] => {
  expect(res.body.errors, res.text).toHaveLength(1);
  const error = res.body.errors![0]!;
  expect(codes, res.text).toContain(error.extensions?.code);
  expect(error.message).toMatch(message);
  return error;
};

const expectRequestError = (res: { status: number; json: unknown; headers: Record<string, unknown> }, status: number, message: RegExp): void => {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.json as GqlBody;
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]!.message).toMatch(message);
  expect(body.errors![0]!.extensions?.code).toBe('BAD_REQUEST');
  expect(body.data).toBeUndefined();
};

describe('HTTP bodies on the GraphQL endpoint', () => {
  const json = { 'content-type': 'application/json' };

  it('refuses a body over 1 MB with 413 and a GraphQL-shaped JSON error', async () => {
    const body = JSON.stringify({ query: `{ hello }${' '.repeat(MB)}` });
    expectRequestError(await server.raw('POST', '/graphql', body, json), 413, /larger than the limit of 1048576 bytes/);
  });

  it('refuses a body over 1 MB sent in chunks without a Content-Length, and keeps serving', async () => {
    const url = new URL(server.url);
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { ...json, 'transfer-encoding': 'chunked' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      req.write('{"query": "{ hello }"');
      let sent = 0;
      const pump = (): void => {
        while (sent < 2 * MB) {
          sent += chunk.length;
          if (!req.write(chunk)) { req.once('drain', pump); return; }
        }
        req.end('}');
      };
      pump();
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).errors[0].message).toMatch(/larger than the limit/);
    const after = await server.gql({ query: '{ hello }' });
    expect(after.body.data).toEqual({ hello: expect.any(String) });
  });

  it('reads a body just under 1 MB (the limit is not smaller than it says)', async () => {
    const body = JSON.stringify({ query: `{ hello }${' '.repeat(MB - 100)}` });
    const res = await server.raw('POST', '/graphql', body, json);
    expect(res.status).toBe(200);
    expect((res.json as GqlBody).data).toEqual({ hello: expect.any(String) });
  });

  it.each([
    ['truncated JSON', '{"query": '],
    ['not JSON at all', 'query { hello }'],
    ['JSON with a trailing comma', '{"query": "{ hello }",}'],
    ['an empty body', ''],
  ])('answers %s with 400 and a GraphQL-shaped error', async (_label, body) => {
    expectRequestError(await server.raw('POST', '/graphql', body, json), 400, /not valid JSON/);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {}],
  ])('answers %s with 415 saying what to send', async (_label, headers) => {
    expectRequestError(await server.raw('POST', '/graphql', '{"query":"{ hello }"}', headers), 415, /application\/json/);
  });

  it('answers a batched array (as the UI sends) with an array, and refuses an empty one with a clear 400', async () => {
    const res = await server.raw('POST', '/graphql', JSON.stringify([{ query: '{ hello }' }, { query: '{ hello }' }]), json);
    expect(res.status).toBe(200);
    expect(res.json).toEqual([{ data: { hello: 'Hello from the Prefect Cloud emulator!' } }, { data: { hello: 'Hello from the Prefect Cloud emulator!' } }]);
    expectRequestError(await server.raw('POST', '/graphql', '[]', json), 400, /at least one operation/);
  });

  it.each([
    ['a string body', '"{ hello }"', /JSON object/],
    ['a number body', '42', /JSON object/],
    ['null', 'null', /JSON object/],
    ['no query', '{"variables": null}', /"query" must be a non-empty string/],
    ['an empty query', '{"query": "  "}', /"query" must be a non-empty string/],
    ['a query that is not a string', '{"query": {"hello": true}}', /"query" must be a non-empty string/],
    ['variables that are a string but not JSON', '{"query": "{ hello }", "variables": "{not json"}', /"variables" is a string that is not valid JSON/],
    ['variables that are a JSON array', '{"query": "{ hello }", "variables": "[1, 2]"}', /"variables" must be a JSON object/],
    ['variables that are a number', '{"query": "{ hello }", "variables": 5}', /"variables" must be a JSON object/],
    ['an operationName that is not a string', '{"query": "{ hello }", "operationName": 5}', /"operationName" must be a string/],
  ])('answers %s with 400', async (_label, body, message) => {
    expectRequestError(await server.raw('POST', '/graphql', body, json), 400, message);
  });

  it('answers variables that are the string "null" (the 1.x client when there are none)', async () => {
    const res = await server.raw('POST', '/graphql', JSON.stringify({ query: '{ hello }', variables: 'null' }), json);
    expect((res.json as GqlBody).data).toEqual({ hello: expect.any(String) });
  });
});

describe('GraphQL limits', () => {
  // The token limit stops the parser; the others stop validation, worded without "Syntax Error".
  const CODES = ['GRAPHQL_VALIDATION_FAILED'];
  const PARSE = ['GRAPHQL_PARSE_FAILED'];

  it('limits depth to 10', async () => {
    let selection = 'id';
    for (let i = 0; i < 11; i++) selection = `memberships { ${selection} }`;
    expectOneError(await asAlice(`{ user { ${selection} } }`), CODES, /^(?!Syntax Error).*depth limit of 10 exceeded/i);
  });

  it('counts fragment spreads towards the depth (no fragment bombs)', async () => {
    let query = '{ ...F12 } fragment F0 on Query { user { id } }';
    for (let i = 1; i <= 12; i++) query += ` fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`;
    expectOneError(await asAlice(query), CODES, /^(?!Syntax Error).*depth limit of 10 exceeded/i);
  });

  it('limits aliases to 20, and runs none of an over-limit mutation', async () => {
    const before = tables();
    const aliases = Array.from({ length: 21 }, (_, i) => `k${i}: create_api_key(input: {user_id: "${ids.alice}", name: "alias ${i}"}) { id }`).join(' ');
    expectOneError(await asAlice(`mutation { ${aliases} }`), CODES, /^(?!Syntax Error).*aliases limit of 20 exceeded/i);
    expect(tables()).toBe(before);
    const ok = await asAlice(`{ ${Array.from({ length: 20 }, (_, i) => `h${i}: hello`).join(' ')} }`);
    expect(Object.keys(ok.body.data ?? {})).toHaveLength(20);
  });

  it('limits tokens to 2000', async () => {
    const fields = Array.from({ length: 2100 }, () => '__typename').join(' ');
    expectOneError(await asAlice(`{ ${fields} }`), PARSE, /^Query is too large: it contains more than 2000 tokens/);
  });

  it('limits directives to 20', async () => {
    expectOneError(await asAlice(`{ hello ${'@include(if: true) '.repeat(21)}}`), CODES, /^(?!Syntax Error).*directives limit of 20 exceeded/i);
  });

  it('limits cost to 5000', async () => {
    const query = `query { ${'...F '.repeat(30)}} fragment F on Query { user_view_same_tenant { ${USER_FIELDS} } user { ${USER_FIELDS} } }`;
    expectOneError(await asAlice(query), CODES, /^(?!Syntax Error).*cost limit of 5000 exceeded/i);
  });

  it('keeps introspection on: the standard introspection query answers without a key', async () => {
    const res = await server.gql({ query: getIntrospectionQuery() });
    expect(res.body.errors).toBeUndefined();
    const schema = res.body.data?.__schema as { types: { name: string }[] };
    expect(schema.types.map((t) => t.name)).toEqual(expect.arrayContaining(['Query', 'Mutation', 'auth_api_key', 'create_api_key_input']));
  });

  it('keeps field suggestions on', async () => {
    const field = expectOneError(await asAlice('{ auth_api_keys { id } }'), ['GRAPHQL_VALIDATION_FAILED'], /Did you mean "auth_api_key/);
    expect(field.locations).toBeDefined();
    expectOneError(await asAlice('{ auth_api_key { nme } }'), ['GRAPHQL_VALIDATION_FAILED'], /Did you mean "name"\?/);
    expectOneError(await asAlice('mutation($input: create_api_key_input!) { create_api_key(input: $input) { id kye } }', { input: {} }),
      ['GRAPHQL_VALIDATION_FAILED'], /Did you mean "key"\?/);
  });
});

describe('scalars, names and enums', () => {
  /** A refused input: BAD_USER_INPUT (or a validation failure for literals), naming the field, nothing changed. */
  const refused = async (res: Promise<GqlResult>, field: string, codes = ['BAD_USER_INPUT']): Promise<void> => {
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

describe('control API', () => {
  const unchanged = async (call: () => Promise<{ status: number; body: unknown }>, status: number, message?: RegExp): Promise<void> => {
    const beforeTables = tables();
    const beforeClock = clock();
    const res = await call();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const error = (res.body as { error?: { code?: string; message?: string } }).error;
    expect(error?.code).toMatch(/^(BAD_USER_INPUT|BAD_REQUEST|PAYLOAD_TOO_LARGE)$/);
    if (message) expect(error?.message).toMatch(message);
    expect(tables()).toBe(beforeTables);
    expect(clock()).toBe(beforeClock);
    const still = await server.gql({ query: '{ auth_info { tenant_id } }', authorization: bearer(app.key(refs.bob)) });
    expect(still.body.data?.auth_info).toEqual({ tenant_id: ids.acme });
  };

  it.each([
    ['set', { at: 'tomorrow' }],
    ['set', { at: '2030-01-01T00:00:00' }],
    ['set', { at: '2030-02-30T00:00:00Z' }],
    ['set', {}],
    ['set', { at: null }],
    ['set', { at: true }],
    ['set', { at: 1e300 }],
    ['set', { at: -1e300 }],
    ['freeze', { at: 'noon' }],
    ['freeze', { at: 9e15 }],
    ['advance', { by: '-1d' }],
    ['advance', { by: 'forever' }],
    ['advance', { by: 'P' }],
    ['advance', { by: {} }],
    ['advance', {}],
    ['advance', { by: 1e300 }],
    ['advance', { by: 'P999999999Y' }],
  ])('refuses clock/%s %j with 400 and leaves clock and state alone', async (route, body) => {
    await unchanged(() => app.control('post', `/clock/${route}`, body), 400);
    const view = await app.control('get', '/clock');
    expect(view.status).toBe(200);
  });

  it.each([
    ['a JSON string body', '"tomorrow"'],
    ['a JSON array body', '[1]'],
  ])('refuses %s on clock/set with 400', async (_label, raw) => {
    await unchanged(async () => {
      const res = await server.raw('POST', '/__emulator/clock/set', raw, { 'content-type': 'application/json' });
      return { status: res.status, body: res.json };
    }, 400);
  });

  it('refuses malformed JSON with 400 and a body over 1 MB with 413', async () => {
    await unchanged(async () => {
      const res = await server.raw('PUT', '/__emulator/snapshot', '{"format":', { 'content-type': 'application/json' });
      return { status: res.status, body: res.json };
    }, 400, /not valid JSON/);
    await unchanged(async () => {
      const res = await server.raw('PUT', '/__emulator/snapshot', JSON.stringify({ pad: 'x'.repeat(MB + 10) }), { 'content-type': 'application/json' });
      return { status: res.status, body: res.json };
    }, 413);
  });

  const snapshotWith = (change: (doc: Record<string, unknown> & { tables: Record<string, Record<string, unknown>[]> }) => void): unknown => {
    const doc = structuredClone(app.main.exportSnapshot()) as unknown as Record<string, unknown> & { tables: Record<string, Record<string, unknown>[]> };
    change(doc);
    return doc;
  };

  it.each([
    ['a wrong format', () => snapshotWith((d) => { d.format = 'something-else'; }), /format/],
    ['a newer version', () => snapshotWith((d) => { d.version = 99; }), /newer than this emulator understands/],
    ['a key of an unknown user', () => snapshotWith((d) => { d.tables.apiKeys![0]!.userId = '99999999-9999-4999-8999-999999999999'; }), /tables\.apiKeys\[0\]\.userId refers to unknown users/],
    ['two keys with one hash', () => snapshotWith((d) => { d.tables.apiKeys![1]!.keyHash = d.tables.apiKeys![0]!.keyHash; }), /duplicates another key hash/],
    ['a membership without a tenant', () => snapshotWith((d) => { delete d.tables.memberships![0]!.tenantId; }), /tables\.memberships\[0\]\.tenantId/],
    ['an unknown account type', () => snapshotWith((d) => { d.tables.users![0]!.accountType = 'ROBOT'; }), /accountType/],
    ['a clock out of range', () => snapshotWith((d) => { d.clock = { frozenAt: 1e300, offsetMs: 0 }; }), /clock/],
    ['an array', () => [1, 2, 3], /JSON object/],
    ['a string', () => 'snapshot', /JSON object/],
  ])('refuses a snapshot with %s, and keeps the state', async (_label, doc, message) => {
    await unchanged(() => app.control('put', '/snapshot', doc()), 400, message);
  });

  it.each([
    ['an invalid inline fixture', { fixture: { version: 1, tenants: [{ id: 'not-a-uuid', name: 'x', slug: 'x' }] } }, /tenants\[0\]\.id/],
    ['a user in an unknown tenant', { fixture: { version: 1, tenants: [], users: [{ id: ids.bob, username: 'b', memberships: [{ tenant_id: ids.acme, role: 'USER' }] }] } }, /users\[0\]/],
    ['an unknown ready fixture', { fixture: 'no-such-fixture' }, /unknown fixture/],
    ['a generate spec that is not a string', { generate: 5 }, /generate/],
    ['a bad generate spec', { generate: 'tenants=many' }, /tenants/],
    ['a seed that is not a whole number', { generate: 'tenants=1', seed: 'x' }, /seed/],
  ])('refuses a reset to %s, keeps the state and the fixture to reset to', async (_label, body, message) => {
    const extra = await asAlice(CREATE_KEY, { input: { user_id: ids.alice, name: 'made before the bad reset' } });
    expect(extra.body.errors).toBeUndefined();
    await unchanged(() => app.control('post', '/reset', body), 400, message);
    const reset = await app.control('post', '/reset', {});
    expect(reset.status).toBe(200);
    const names = app.main.exportSnapshot().tables.apiKeys.map((k) => k.name);
    expect(names).not.toContain('made before the bad reset');
    expect(names).toContain('Alice Admin default key');
  });

  it('refuses a sandbox with a bad fixture and creates none', async () => {
    const before = await app.control('get', '/sandboxes');
    const res = await app.control('post', '/sandboxes', { fixture: { version: 1, tenants: 'none' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_USER_INPUT');
    expect((await app.control('get', '/sandboxes')).body).toEqual(before.body);
  });

  it.each([
    ['a user_id that is not a UUID', { user_id: 'bob' }, /user_id/],
    ['an unknown user', { user_id: '99999999-9999-4999-8999-999999999999' }, /user_id/],
    ['a tenant the user is not in', { user_id: ids.bob, tenant_id: ids.globex }, /tenant_id/],
    ['an expiry that is no time', { user_id: ids.bob, expires_at: 'soon' }, /expires_at/],
    ['an empty name', { user_id: ids.bob, name: '' }, /name/],
  ])('refuses to mint a key for %s', async (_label, body, message) => {
    await unchanged(() => app.control('post', '/keys', body), 400, message);
  });
});
