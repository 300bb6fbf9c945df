import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

describe('clock values outside the range of dates', () => {
  let app: TestApp;
  beforeAll(async () => { app = await createTestApp({ frozenAt: Date.parse('2030-01-01T00:00:00Z') }); });
  afterAll(async () => { await app.close(); });

  it('a snapshot whose clock is out of range is refused with its path, and the state is untouched', async () => {
    const before = app.main.exportSnapshot();
    for (const clock of [{ frozenAt: 1e300, offsetMs: 0 }, { frozenAt: null, offsetMs: 9e15 }]) {
      const res = await app.control('put', '/snapshot', { ...before, clock });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/clock\.(frozenAt|offsetMs) is outside the range of dates/);
    }
    expect(app.main.exportSnapshot()).toEqual(before);
  });

  it('advancing past the end of the range is refused, repeated advances included', async () => {
    const ok = await app.control('post', '/clock/advance', { by: 'P200000Y' });
    expect(ok.status).toBe(200);
    const res = await app.control('post', '/clock/advance', { by: 'P200000Y' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'by' });
    expect((await app.control('get', '/clock')).body.now).toBe(ok.body.now);
  });
});

describe('the programmatic clock refuses out-of-range instants', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => { emulator = await startEmulator({ frozenAt: '2030-01-01T00:00:00Z', logLevel: 'silent' }); });
  afterAll(async () => { await emulator.close(); });

  it('set, freeze and advance throw and leave the clock where it was', () => {
    const now = emulator.clock.now().getTime();
    expect(() => emulator.clock.set(1e300)).toThrow(/invalid instant/);
    expect(() => emulator.clock.freeze(new Date(Number.NaN))).toThrow(/invalid instant/);
    expect(() => emulator.clock.advance('P999999999Y')).toThrow(/outside the range of dates/);
    expect(emulator.clock.now().getTime()).toBe(now);
  });
});
