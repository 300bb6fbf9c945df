/**
 * Bad input, at every door: HTTP bodies, GraphQL abuse, scalars and names, the control API.
 * Every refusal is a clear error with a stable code (never 5xx, never INTERNAL_SERVER_ERROR),
 * and a refused change leaves the state exactly as it was.
 */
import { request as httpRequest } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ids } from '../helpers/app.js';
import { type GqlBody } from './helpers.js';
import {
  asAlice, expectOneError, expectRequestError, MB, server, tables, useBadInputWorld, USER_FIELDS,
} from './bad-input-helpers.js';

useBadInputWorld();

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
