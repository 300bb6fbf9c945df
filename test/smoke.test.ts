import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from './helpers/app.js';

describe('smoke: the default fixture answers the 1.x client', () => {
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp(); });
  afterAll(async () => { await app.close(); });

  it('auth_info with a string "null" variables body', async () => {
    const res = await app.gql('query { auth_info { tenant_id user_id } }', { key: app.key(refs.aliceAdmin) });
    expect(res.status).toBe(200);
    expect(res.body.data?.auth_info).toEqual({ tenant_id: ids.acme, user_id: ids.alice });
  });
});
