import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';

describe('GET on the GraphQL endpoint', () => {
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp(); });
  afterAll(async () => { await app.close(); });

  it('a browser gets GraphiQL, pointed at this endpoint and loading nothing from elsewhere', async () => {
    const res = await request(app.handler).get('/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('/graphql');
    expect(res.text.toLowerCase()).toContain('graphiql');
    expect([...res.text.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1])).toEqual([]);
  });

  it('under a sandbox prefix, GraphiQL targets the sandbox', async () => {
    const created = await app.control('post', '/sandboxes', { id: 'graphiql-sandbox' });
    expect(created.status).toBe(201);
    const res = await request(app.handler).get('/sandboxes/graphiql-sandbox/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/sandboxes/graphiql-sandbox/graphql');
  });

  it('an unknown or malformed sandbox prefix is a 404, never a 500', async () => {
    for (const path of ['/sandboxes/nope/graphql', '/sandboxes/%E0%A4%A/graphql', '/sandboxes/%/health']) {
      const res = await request(app.handler).post(path).set('content-type', 'application/json').send('{"query":"{ hello }"}');
      expect(res.status, path).toBe(404);
      expect(res.body.errors[0].extensions.code, path).toBe('NOT_FOUND');
    }
  });

  it('answers a query given in the URL, authenticated like a POST', async () => {
    const res = await request(app.handler)
      .get('/graphql')
      .query({ query: '{ auth_info { tenant_id } }' })
      .set('authorization', `Bearer ${app.key(refs.aliceAdmin)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { auth_info: { tenant_id: ids.acme } } });
  });

  it('refuses a mutation sent with GET, and changes nothing', async () => {
    const before = app.main.exportSnapshot();
    const res = await request(app.handler)
      .get('/graphql')
      .query({ query: `mutation { create_api_key(input: {user_id: "${ids.alice}", name: "by get"}) { id } }` })
      .set('authorization', `Bearer ${app.key(refs.aliceAdmin)}`);
    expect(res.status).toBe(405);
    expect(res.body.errors[0].message).toMatch(/POST/);
    expect(app.main.exportSnapshot()).toEqual(before);
  });
});
