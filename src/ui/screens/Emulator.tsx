import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { ApiError, control } from '../api';
import { ConfirmDialog, ErrorNotice } from '../components/Dialog';
import { formatTimeSeconds, isoToUtcInput, roleLabel, utcInputToIso } from '../format';
import type { EmulatorClock } from '../session';

interface RequestEntry {
  at: string;
  operationName: string | null;
  operationType: string | null;
  /** The root fields asked for. */
  fields?: string[];
  caller: { username: string; tenantSlug: string | null; role: string | null } | null;
  outcome: 'ok' | 'error';
  errorCode: string | null;
  durationMs: number;
  /** Identical refusals folded into this entry (a revoked flow's retry storm). */
  count?: number;
}

/** The emulator's own controls: its clock, a reset, and the requests it answered lately. */
export function Emulator(props: { base: string; adminToken: string | null; onAdminToken: (token: string | null) => void }) {
  const { base, adminToken } = props;
  const [clock, setClock] = useState<EmulatorClock | null>(null);
  const [offsetMs, setOffsetMs] = useState(0);
  const [tick, setTick] = useState(Date.now());
  const [requests, setRequests] = useState<RequestEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [needToken, setNeedToken] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [at, setAt] = useState('');
  const [by, setBy] = useState('P30D');
  const [resetting, setResetting] = useState(false);
  const ids = { at: useId(), atHint: useId(), by: useId(), byHint: useId() };

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.kind === 'admin-token') setNeedToken(true);
    setError(e);
  };

  const showClock = (c: EmulatorClock) => {
    setClock(c);
    setOffsetMs(new Date(c.now).getTime() - Date.now());
    setTick(Date.now());
  };

  const refresh = useCallback(async () => {
    try {
      const [c, r] = await Promise.all([
        control<EmulatorClock>(base, adminToken, 'GET', 'clock'),
        control<{ requests: RequestEntry[] }>(base, adminToken, 'GET', 'requests?limit=50'),
      ]);
      showClock(c);
      setRequests(r.requests);
      setNeedToken(false);
      setError(null);
    } catch (e) {
      fail(e);
    }
  }, [base, adminToken]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A running clock ticks on screen between reads; a frozen one stands still.
  useEffect(() => {
    if (!clock || clock.frozen) return;
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [clock]);

  const act = async (label: string, path: string, body: unknown) => {
    setBusy(true);
    setStatus('');
    try {
      const c = await control<Partial<EmulatorClock> | null>(base, adminToken, 'POST', path, body);
      if (c && typeof c.now === 'string' && typeof c.frozen === 'boolean') showClock({ now: c.now, frozen: c.frozen });
      setError(null);
      await refresh();
      setStatus(label);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const withAt = (then: (iso: string) => Promise<void>) => {
    const iso = utcInputToIso(at);
    if (!iso) {
      setError(new ApiError('http', 'Enter a date and time first.', null, null));
      return;
    }
    void then(iso);
  };

  const shownNow = clock ? (clock.frozen ? clock.now : new Date(tick + offsetMs).toISOString()) : null;
  const advance = (amount: string | number, label: string) => act(`The clock moved forward by ${label}.`, 'clock/advance', { by: amount });

  return (
    <section aria-labelledby="emulator-title">
      <div class="screen-head">
        <div>
          <p class="breadcrumb">Emulator</p>
          <h1 id="emulator-title">Emulator panel</h1>
        </div>
        <button type="button" class="button" onClick={() => void refresh()}>Refresh</button>
      </div>
      <p class="lede">Controls of this emulator itself: none of this exists in Prefect Cloud.</p>
      {adminToken && !needToken ? (
        <p class="hint">
          Using the admin token saved in this tab.{' '}
          <button type="button" class="link-button" onClick={() => props.onAdminToken(null)}>Forget it</button>
        </p>
      ) : null}
      {needToken ? <AdminTokenForm current={adminToken} onSave={props.onAdminToken} /> : null}
      <ErrorNotice error={needToken && error instanceof ApiError && error.kind === 'admin-token' ? null : error} />
      <p role="status" class="status">{status}</p>

      <div class="grid">
        <section class="card" aria-labelledby="clock-title">
          <h2 id="clock-title">Clock</h2>
          {clock ? (
            <p class="clock">
              <span class="clock-now mono" data-testid="clock-now">{formatTimeSeconds(shownNow)}</span>{' '}
              <span class={`badge ${clock.frozen ? 'badge-frozen' : 'badge-active'}`}>{clock.frozen ? 'Frozen' : 'Running'}</span>
            </p>
          ) : (
            <p class="loading">{needToken ? 'Needs the admin token.' : 'Reading the clock…'}</p>
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

        <section class="card" aria-labelledby="reset-title">
          <h2 id="reset-title">Reset</h2>
          <p>
            Put the emulator back as it started: its fixture's tenants, users, service accounts and keys, and nothing
            created since.
          </p>
          <button type="button" class="button button-danger-outline" disabled={busy} onClick={() => setResetting(true)}>
            Reset the emulator…
          </button>
        </section>
      </div>

      <section class="card" aria-labelledby="requests-title">
        <div class="card-head">
          <h2 id="requests-title">Recent requests</h2>
          <button type="button" class="button button-small" onClick={() => void refresh()}>Refresh</button>
        </div>
        {requests === null ? (
          <p class="loading">{needToken ? 'Needs the admin token.' : 'Loading…'}</p>
        ) : requests.length === 0 ? (
          <p class="empty">No GraphQL requests yet.</p>
        ) : (
          <div class="table-scroll">
            <table class="table requests">
              <caption class="visually-hidden">The last {requests.length} GraphQL requests</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Caller</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r, i) => (
                  <tr key={`${r.at}-${i}`}>
                    <td data-label="Time" class="mono">{formatTimeSeconds(r.at)}</td>
                    <th scope="row" data-label="Operation">
                      <span class="op-type">{r.operationType ?? '?'}</span>{' '}
                      {r.operationName ?? (r.fields?.length ? r.fields.join(', ') : '(anonymous)')}
                    </th>
                    <td data-label="Caller">
                      {r.caller
                        ? `${r.caller.username}${r.caller.tenantSlug ? ` @ ${r.caller.tenantSlug}` : ''}${r.caller.role ? ` (${roleLabel(r.caller.role)})` : ''}`
                        : 'no key'}
                    </td>
                    <td data-label="Outcome">
                      {r.outcome === 'ok'
                        ? <span class="badge badge-active">ok</span>
                        : <span class="badge badge-expired">{r.errorCode ?? 'error'}</span>}
                      {r.count && r.count > 1 ? <span class="hint"> × {r.count}</span> : null}
                    </td>
                    <td data-label="Duration">{Math.round(r.durationMs * 10) / 10} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {resetting ? (
        <ConfirmDialog
          title="Reset the emulator"
          message={
            <p>
              Are you sure you want to reset the emulator? Every key and service account created since it started is
              lost, and keys made then stop working. If you are signed in with such a key, you will need another.
            </p>
          }
          confirmLabel="Reset"
          onConfirm={async () => {
            await control(base, adminToken, 'POST', 'reset', {});
            setResetting(false);
            setStatus('The emulator was reset.');
            await refresh();
          }}
          onClose={() => setResetting(false)}
        />
      ) : null}
    </section>
  );
}

function AdminTokenForm(props: { current: string | null; onSave: (token: string | null) => void }) {
  const [token, setToken] = useState('');
  const id = useId();
  return (
    <form class="card form admin-token" onSubmit={(e) => {
      e.preventDefault();
      props.onSave(token.trim() || null);
      setToken('');
    }}>
      <p class="notice notice-warning" role="alert">
        {props.current
          ? 'The admin token was not accepted. Enter the one the emulator was started with.'
          : 'This emulator was started with an admin token: enter it to use these controls. It is kept in this tab only.'}
      </p>
      <div class="field">
        <label for={id}>Admin token</label>
        <div class="inline-form">
          <input id={id} type="password" class="mono" value={token} autocomplete="off" spellcheck={false}
            onInput={(e) => setToken(e.currentTarget.value)} />
          <button type="submit" class="button button-primary" disabled={!token.trim()}>Use token</button>
        </div>
      </div>
    </form>
  );
}
