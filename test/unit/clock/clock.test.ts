import { beforeEach, describe, expect, it } from 'vitest';
import { Clock } from '../../../src/clock/clock.js';

const MINUTE = 60_000;
const T = Date.parse('2026-03-01T00:00:00.000Z');

/** The machine's time, moved by hand. */
let machine = T;
const source = (): number => machine;

describe('Clock on an injected time source', () => {
  let clock: Clock;
  beforeEach(() => {
    machine = T;
    clock = new Clock(source);
  });

  it('runs with the time source when not frozen', () => {
    expect(clock.isFrozen()).toBe(false);
    expect(clock.now()).toBe(T);
    machine += 5 * MINUTE;
    expect(clock.now()).toBe(T + 5 * MINUTE);
  });

  it('freeze() holds the current instant while the machine moves on', () => {
    machine += MINUTE;
    clock.freeze();
    expect(clock.isFrozen()).toBe(true);
    machine += 60 * MINUTE;
    expect(clock.now()).toBe(T + MINUTE);
  });

  it('freeze(at) holds a given instant', () => {
    clock.freeze(T - 30 * MINUTE);
    machine += 10 * MINUTE;
    expect(clock.now()).toBe(T - 30 * MINUTE);
  });

  it('unfreeze() continues from the frozen instant, not from the machine time', () => {
    clock.freeze(T + 24 * 60 * MINUTE);
    machine += 45 * MINUTE;
    clock.unfreeze();
    expect(clock.isFrozen()).toBe(false);
    expect(clock.now()).toBe(T + 24 * 60 * MINUTE);
    machine += 2 * MINUTE;
    expect(clock.now()).toBe(T + 24 * 60 * MINUTE + 2 * MINUTE);
  });

  it('unfreeze() on a running clock changes nothing', () => {
    clock.advance(7 * MINUTE);
    clock.unfreeze();
    expect(clock.now()).toBe(T + 7 * MINUTE);
  });

  it('set() moves a running clock, which keeps ticking from there', () => {
    clock.set(T + 100 * MINUTE);
    expect(clock.now()).toBe(T + 100 * MINUTE);
    machine += MINUTE;
    expect(clock.now()).toBe(T + 101 * MINUTE);
    clock.set(T - 100 * MINUTE);
    expect(clock.now()).toBe(T - 100 * MINUTE);
    machine += MINUTE;
    expect(clock.now()).toBe(T - 99 * MINUTE);
  });

  it('set() on a frozen clock moves it and keeps it frozen', () => {
    clock.freeze();
    clock.set(T + 100 * MINUTE);
    machine += MINUTE;
    expect(clock.isFrozen()).toBe(true);
    expect(clock.now()).toBe(T + 100 * MINUTE);
  });

  it('advance() adds to a running or a frozen clock', () => {
    clock.advance(10 * MINUTE);
    expect(clock.now()).toBe(T + 10 * MINUTE);
    machine += MINUTE;
    expect(clock.now()).toBe(T + 11 * MINUTE);
    clock.freeze();
    clock.advance(30 * MINUTE);
    machine += MINUTE;
    expect(clock.now()).toBe(T + 41 * MINUTE);
  });

  it('state() and restore() round-trip frozen and running clocks', () => {
    clock.advance(3 * MINUTE);
    expect(clock.state()).toEqual({ frozenAt: null, offsetMs: 3 * MINUTE });
    const running = clock.state();
    clock.freeze(T + 999);
    expect(clock.state()).toEqual({ frozenAt: T + 999, offsetMs: 3 * MINUTE });
    const frozen = clock.state();
    clock.restore(running);
    expect(clock.now()).toBe(T + 3 * MINUTE);
    clock.restore(frozen);
    machine += MINUTE;
    expect(clock.now()).toBe(T + 999);
  });

  it('starts from a given state', () => {
    expect(new Clock(source, { frozenAt: T - 1, offsetMs: 0 }).now()).toBe(T - 1);
    expect(new Clock(source, { frozenAt: null, offsetMs: -MINUTE }).now()).toBe(T - MINUTE);
  });

  it('reads the machine clock by default', () => {
    const before = Date.now();
    const now = new Clock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
