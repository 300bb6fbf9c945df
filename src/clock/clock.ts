/**
 * The emulator's clock: everything time-based (expiry, `created`, `updated`) reads it, so tests
 * can freeze it, set it and move it forward instead of waiting. A frozen clock stays frozen
 * across requests; a set or advanced clock keeps ticking from its new time.
 */
export interface ClockState {
  /** The frozen instant in epoch ms, or null while the clock runs. */
  frozenAt: number | null;
  /** How far the running clock is ahead of (or behind) the machine's clock, in ms. */
  offsetMs: number;
}

export class Clock {
  private frozenAt: number | null;
  private offsetMs: number;

  constructor(
    private readonly source: () => number = Date.now,
    state: ClockState = { frozenAt: null, offsetMs: 0 },
  ) {
    this.frozenAt = state.frozenAt;
    this.offsetMs = state.offsetMs;
  }

  now(): number {
    return this.frozenAt ?? this.source() + this.offsetMs;
  }

  /**
   * The machine's own time, whatever the emulator's clock says: the real Prefect agent and flow
   * runner compare start times with their wall clock, so runs handed to them are timed by this.
   */
  machineNow(): number {
    return this.source();
  }

  isFrozen(): boolean {
    return this.frozenAt !== null;
  }

  freeze(at: number = this.now()): void {
    this.frozenAt = at;
  }

  /** Lets time run again from the frozen instant, not from the machine's time. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - this.source();
    this.frozenAt = null;
  }

  set(at: number): void {
    if (this.frozenAt !== null) this.frozenAt = at;
    else this.offsetMs = at - this.source();
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  state(): ClockState {
    return { frozenAt: this.frozenAt, offsetMs: this.offsetMs };
  }

  restore(state: ClockState): void {
    this.frozenAt = state.frozenAt;
    this.offsetMs = state.offsetMs;
  }
}
