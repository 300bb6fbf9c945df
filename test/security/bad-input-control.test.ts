/** Bad input on the control API: bodies, clock values, snapshots, fixtures; a refusal changes nothing. */
/**
 * Bad input, at every door: HTTP bodies, GraphQL abuse, scalars and names, the control API.
 * Every refusal is a clear error with a stable code (never 5xx, never INTERNAL_SERVER_ERROR),
 * and a refused change leaves the state exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import { ids, refs } from '../helpers/app.js';
import { bearer } from './helpers.js';
import { CREATE_KEY } from '../helpers/world.js';
import { app, asAlice, clock, MB, server, tables, useBadInputWorld } from './bad-input-helpers.js';

useBadInputWorld();

describe('control API', () => {
  const unchanged = async (call: () => Promise<{ status: number; body: unknown }>, status: number, message?: RegExp): Promise<void> => {
    const beforeTables = tables();
    const beforeClock = clock();
    const res = await call();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const error = (res.body as { error?: { code?: string; message?: string } }).error;
    expect(error?.code).toMatch(/^(BAD_USER_INPUT|BAD_REQUEST|PAYLOAD_TOO_LARGE|UNSUPPORTED_MEDIA_TYPE)$/);
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

  it.each([
    ['a charset no decoder knows', { 'content-type': 'application/json; charset=utf-99' }],
    ['a Content-Encoding it cannot undo', { 'content-type': 'application/json', 'content-encoding': 'br2' }],
  ])('refuses %s with 415, not 500', async (_label, headers) => {
    await unchanged(async () => {
      const res = await server.raw('POST', '/__emulator/clock/set', '{"to":"2030-01-01T00:00:00Z"}', headers);
      return { status: res.status, body: res.json };
    }, 415, /charset or encoding/);
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
