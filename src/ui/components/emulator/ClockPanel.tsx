import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { formatTimeSeconds, isoToUtcInput, utcInputToIso } from '../../format';
import type { EmulatorClock } from '../../session';

/** Ask the emulator to do something to its clock; `label` is what the status line says once it has. */
export type ClockAction = (label: string, path: string, body: unknown) => Promise<void>;

/** The emulator's clock, ticking on screen while it runs, with its controls: freeze, advance, set. */
export function ClockPanel(props: { clock: EmulatorClock | null; busy: boolean; needToken: boolean; act: ClockAction; onError: (message: string) => void }) {
  const { clock, busy, act } = props;
  const [tick, setTick] = useState(Date.now());
  const [at, setAt] = useState('');
  const [by, setBy] = useState('P30D');
  const ids = { at: useId(), atHint: useId(), by: useId(), byHint: useId() };

  // When the clock was read, by this computer's clock: a running clock moves on from there.
  const reading = useMemo(() => (clock ? { ms: new Date(clock.now).getTime(), at: Date.now() } : null), [clock]);
  // A running clock ticks on screen between reads; a frozen one stands still.
  useEffect(() => {
    if (!clock || clock.frozen) return;
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [clock]);
  const shownNow = clock && reading ? (clock.frozen ? clock.now : new Date(reading.ms + Math.max(0, tick - reading.at)).toISOString()) : null;

  const advance = (amount: string | number, label: string) => act(`The clock moved forward by ${label}.`, 'clock/advance', { by: amount });
  const withAt = (then: (iso: string) => Promise<void>) => {
    const iso = utcInputToIso(at);
    if (!iso) {
      props.onError('Enter a date and time first.');
      return;
    }
    void then(iso);
  };

  return (
    <section class="card" aria-labelledby="clock-title">
      <h2 id="clock-title">Clock</h2>
      {clock ? (
        <p class="clock">
          <span class="clock-now mono" data-testid="clock-now">{formatTimeSeconds(shownNow)}</span>{' '}
          <span class={`badge ${clock.frozen ? 'badge-frozen' : 'badge-active'}`}>{clock.frozen ? 'Frozen' : 'Running'}</span>
        </p>
      ) : (
        <p class="loading">{props.needToken ? 'Needs the admin token.' : 'Reading the clock…'}</p>
      )}
      <div class="button-row">
        {clock?.frozen ? (
          <button type="button" class="button" disabled={busy} onClick={() => void act('The clock runs again.', 'clock/unfreeze', {})}>
            Unfreeze
          </button>
        ) : (
          <button type="button" class="button" disabled={busy || !clock} onClick={() => void act('The clock is frozen.', 'clock/freeze', {})}>
            Freeze now
          </button>
        )}
      </div>

      <div class="field">
        <label for={ids.by}>Advance by</label>
        <div class="inline-form">
          <input id={ids.by} type="text" class="mono" value={by} aria-describedby={ids.byHint} autocomplete="off"
            onInput={(e) => setBy(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void advance(by.trim(), by.trim());
              }
            }} />
          <button type="button" class="button" disabled={busy || !by.trim()} onClick={() => void advance(by.trim(), by.trim())}>
            Advance
          </button>
        </div>
        <p class="hint" id={ids.byHint}>An ISO-8601 duration (P30D, PT2H) or a short one (1h30m, 45s).</p>
      </div>
      <div class="button-row" role="group" aria-label="Advance quickly">
        <button type="button" class="button button-small" disabled={busy} onClick={() => void advance('1h', '1 hour')}>+1 hour</button>
        <button type="button" class="button button-small" disabled={busy} onClick={() => void advance('P1D', '1 day')}>+1 day</button>
        <button type="button" class="button button-small" disabled={busy} onClick={() => void advance('P30D', '30 days')}>+30 days</button>
      </div>

      <div class="field">
        <label for={ids.at}>Date and time (UTC)</label>
        <input id={ids.at} type="datetime-local" value={at} aria-describedby={ids.atHint}
          onInput={(e) => setAt(e.currentTarget.value)} />
        <p class="hint" id={ids.atHint}>
          {clock ? (
            <button type="button" class="link-button" onClick={() => setAt(isoToUtcInput(shownNow ?? clock.now))}>
              Use the clock's time
            </button>
          ) : null}
        </p>
      </div>
      <div class="button-row">
        <button type="button" class="button" disabled={busy}
          onClick={() => withAt((iso) => act(`The clock is set to ${formatTimeSeconds(iso)}.`, 'clock/set', { at: iso }))}>
          Set the clock
        </button>
        <button type="button" class="button" disabled={busy}
          onClick={() => withAt((iso) => act(`The clock is frozen at ${formatTimeSeconds(iso)}.`, 'clock/freeze', { at: iso }))}>
          Freeze at this time
        </button>
      </div>
    </section>
  );
}
