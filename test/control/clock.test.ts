import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { controlError, DAY, HOUR, whoIs } from './helpers.js';

const T0 = '2030-01-01T00:00:00.000Z';
const T0_MS = Date.parse(T0);

interface ClockView { now: string; frozen: boolean; offsetMs: number }

describe('control API: the clock', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp(); });
  afterEach(async () => { await app.close(); });

  const clock = async (): Promise<ClockView> => {
    const res = await app.control('get', '/clock');
    expect(res.status).toBe(200);
    return res.body as ClockView;
  };
  const post = async (path: string, body?: unknown): Promise<ClockView> => {
    const res = await app.control('post', path, body);
    expect(res.status, res.text).toBe(200);
    return res.body as ClockView;
  };

  it('reads the time: running, no offset, close to the machine clock', async () => {
    const before = Date.now();
    const view = await clock();
    expect(view.frozen).toBe(false);
    expect(view.offsetMs).toBe(0);
    expect(Date.parse(view.now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(view.now)).toBeLessThanOrEqual(Date.now());
    expect(view.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('freezes at an instant and stays frozen across requests, GraphQL ones included', async () => {
    expect(await post('/clock/freeze', { at: T0 })).toMatchObject({ now: T0, frozen: true });
    await sleep(25);
    expect((await whoIs(app, app.key(refs.aliceAdmin))).userId).toBe(ids.alice);
    await sleep(25);
    expect(await clock()).toMatchObject({ now: T0, frozen: true });
    expect(app.main.clock.now()).toBe(T0_MS);
  });

  it('freezes at the current time when no instant is given, and accepts epoch milliseconds', async () => {
    const before = Date.now();
    const frozen = await post('/clock/freeze');
    expect(frozen.frozen).toBe(true);
    expect(Date.parse(frozen.now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(frozen.now)).toBeLessThanOrEqual(Date.now());
    await sleep(20);
    expect((await clock()).now).toBe(frozen.now);
    expect(await post('/clock/freeze', { at: T0_MS + 5 })).toMatchObject({ now: '2030-01-01T00:00:00.005Z', frozen: true });
  });

  it('unfreezes from the frozen instant, not from the machine time, and then ticks', async () => {
    await post('/clock/freeze', { at: T0 });
    const running = await post('/clock/unfreeze');
    expect(running.frozen).toBe(false);
    const first = Date.parse(running.now);
    expect(first).toBeGreaterThanOrEqual(T0_MS);
    expect(first).toBeLessThan(T0_MS + 5_000);
    await sleep(30);
    const later = Date.parse((await clock()).now);
    expect(later).toBeGreaterThanOrEqual(first + 25);
    expect(later).toBeLessThan(T0_MS + 5_000);
  });

  it('unfreezing a running clock changes nothing', async () => {
    const view = await post('/clock/unfreeze');
    expect(view).toMatchObject({ frozen: false, offsetMs: 0 });
  });

  it('sets a frozen clock exactly, and a running one to keep ticking from the new time', async () => {
    await post('/clock/freeze', { at: T0 });
    expect(await post('/clock/set', { at: '2031-06-01T12:00:00+02:00' })).toMatchObject({ now: '2031-06-01T10:00:00.000Z', frozen: true });
    await post('/clock/unfreeze');
    const set = await post('/clock/set', { at: T0 });
    expect(set.frozen).toBe(false);
    expect(Date.parse(set.now)).toBeGreaterThanOrEqual(T0_MS);
    await sleep(30);
    const later = Date.parse((await clock()).now);
    expect(later).toBeGreaterThanOrEqual(T0_MS + 25);
    expect(later).toBeLessThan(T0_MS + 5_000);
  });

  it('sets the clock back in time, too', async () => {
    await post('/clock/freeze', { at: T0 });
    expect(await post('/clock/set', { at: '2001-01-01T00:00:00Z' })).toMatchObject({ now: '2001-01-01T00:00:00.000Z' });
  });

  it.each<[string, unknown, number]>([
    ['an ISO-8601 duration', 'P30D', 30 * DAY],
    ['an ISO-8601 duration with time', 'PT1H30M', HOUR + 30 * 60_000],
    ['a compact duration', '1h30m', HOUR + 30 * 60_000],
    ['a compact duration with a sign', '+2d', 2 * DAY],
    ['milliseconds as a number', 1_500, 1_500],
    ['milliseconds as a string', '250', 250],
    ['zero', 0, 0],
  ])('advances a frozen clock by %s', async (_label, by, ms) => {
    await post('/clock/freeze', { at: T0 });
    const view = await post('/clock/advance', { by });
    expect(view).toMatchObject({ now: new Date(T0_MS + ms).toISOString(), frozen: true });
  });

  it('advances a running clock, which keeps ticking from its new time', async () => {
    const start = Date.now();
    const advanced = await post('/clock/advance', { by: 'P30D' });
    expect(advanced.frozen).toBe(false);
    expect(advanced.offsetMs).toBe(30 * DAY);
    const first = Date.parse(advanced.now);
    expect(first).toBeGreaterThanOrEqual(start + 30 * DAY);
    await sleep(30);
    const second = Date.parse((await clock()).now);
    expect(second).toBeGreaterThanOrEqual(first + 25);
    expect(second).toBeLessThanOrEqual(Date.now() + 30 * DAY);
  });

  it.each<[string, string, unknown, string]>([
    ['a negative compact duration', '/clock/advance', { by: '-1d' }, 'by'],
    ['a negative ISO duration', '/clock/advance', { by: '-P1D' }, 'by'],
    ['negative milliseconds', '/clock/advance', { by: -5 }, 'by'],
    ['a garbage duration', '/clock/advance', { by: 'soon' }, 'by'],
    ['a missing duration', '/clock/advance', {}, 'by'],
    ['a non-finite duration', '/clock/advance', { by: '1e999' }, 'by'],
    ['a garbage instant to set', '/clock/set', { at: 'yesterday' }, 'at'],
    ['an instant without a timezone', '/clock/set', { at: '2030-01-01T00:00:00' }, 'at'],
    ['a missing instant to set', '/clock/set', {}, 'at'],
    ['a garbage instant to freeze at', '/clock/freeze', { at: 'tomorrow' }, 'at'],
    ['a body that is not an object', '/clock/set', ['2030-01-01T00:00:00Z'], 'body'],
  ])('refuses %s with 400 naming the field, and leaves the clock alone', async (_label, path, body, field) => {
    await post('/clock/freeze', { at: T0 });
    const res = await app.control('post', path, body);
    expect(res.status).toBe(400);
    const error = controlError(res.body);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
    expect(await clock()).toMatchObject({ now: T0, frozen: true });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await request(app.handler).post('/__emulator/clock/advance').set('content-type', 'application/json').send('{"by":');
    expect(res.status).toBe(400);
    expect(controlError(res.body).code).toBe('BAD_REQUEST');
  });
});

describe('control API: the clock drives expiry and timestamps through GraphQL', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp({ frozenAt: T0_MS }); });
  afterEach(async () => { await app.close(); });

  it('expires a key when the clock is advanced past its expiry, and revives it when set back', async () => {
    const minted = await app.control('post', '/keys', { user_id: ids.bob, expires_at: '+1h' });
    expect(minted.status).toBe(201);
    const key = (minted.body as { key: string }).key;
    expect((await whoIs(app, key)).userId).toBe(ids.bob);

    await app.control('post', '/clock/advance', { by: '59m' });
    expect((await whoIs(app, key)).userId).toBe(ids.bob);

    await app.control('post', '/clock/advance', { by: 60_000 });
    const expired = await whoIs(app, key);
    expect(expired.code).toBe('UNAUTHENTICATED');
    expect(expired.message).toContain('expired at 2030-01-01T01:00:00.000Z');
    expect(expired.userId).toBeNull();

    await app.control('post', '/clock/set', { at: '2030-01-01T00:30:00Z' });
    expect((await whoIs(app, key)).userId).toBe(ids.bob);
  });

  it('expires a key after P30D on a running clock too', async () => {
    await app.control('post', '/clock/unfreeze');
    const minted = await app.control('post', '/keys', { user_id: ids.gus, expires_at: '+29d' });
    const key = (minted.body as { key: string }).key;
    expect((await whoIs(app, key)).userId).toBe(ids.gus);
    await app.control('post', '/clock/advance', { by: 'P30D' });
    expect((await whoIs(app, key)).code).toBe('UNAUTHENTICATED');
  });

  it('stamps created with the emulator clock', async () => {
    await app.control('post', '/clock/set', { at: '2031-02-03T04:05:06Z' });
    const created = await app.gql(
      'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id } }',
      { key: app.key(refs.bob), variables: { input: { user_id: ids.bob, name: 'stamped' } } },
    );
    expect(created.body.errors).toBeUndefined();
    const id = (created.body.data?.create_api_key as { id: string }).id;
    const read = await app.gql('query($id: uuid!) { auth_api_key_by_pk(id: $id) { created updated } }', { key: app.key(refs.bob), variables: { id } });
    expect(read.body.data?.auth_api_key_by_pk).toEqual({ created: '2031-02-03T04:05:06.000+00:00', updated: '2031-02-03T04:05:06.000+00:00' });
  });
});
