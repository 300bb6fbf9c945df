import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, control } from '../api';
import { ErrorNotice } from '../components/Dialog';
import { AdminTokenForm } from '../components/emulator/AdminTokenForm';
import { ClockPanel } from '../components/emulator/ClockPanel';
import { RequestLog, type RequestEntry } from '../components/emulator/RequestLog';
import { ResetPanel } from '../components/emulator/ResetPanel';
import type { EmulatorClock } from '../session';

/**
 * The emulator's own controls: its clock, a reset, and the requests it answered lately. This
 * screen reads them and runs the actions; the panels show them.
 */
export function Emulator(props: { base: string; adminToken: string | null; onAdminToken: (token: string | null) => void }) {
  const { base, adminToken } = props;
  const [clock, setClock] = useState<EmulatorClock | null>(null);
  const [requests, setRequests] = useState<RequestEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [needToken, setNeedToken] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.kind === 'admin-token') setNeedToken(true);
    setError(e);
  };

  const refresh = useCallback(async () => {
    try {
      const [c, r] = await Promise.all([
        control<EmulatorClock>(base, adminToken, 'GET', 'clock'),
        control<{ requests: RequestEntry[] }>(base, adminToken, 'GET', 'requests?limit=50'),
      ]);
      setClock(c);
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

  const act = async (label: string, path: string, body: unknown) => {
    setBusy(true);
    setStatus('');
    try {
      const c = await control<Partial<EmulatorClock> | null>(base, adminToken, 'POST', path, body);
      if (c && typeof c.now === 'string' && typeof c.frozen === 'boolean') setClock({ now: c.now, frozen: c.frozen });
      setError(null);
      await refresh();
      setStatus(label);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

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
        <ClockPanel clock={clock} busy={busy} needToken={needToken} act={act}
          onError={(message) => setError(new ApiError('http', message, null, null))} />
        <ResetPanel busy={busy}
          reset={() => control(base, adminToken, 'POST', 'reset', {})}
          onReset={async () => {
            setStatus('The emulator was reset.');
            await refresh();
          }} />
      </div>

      <RequestLog requests={requests} needToken={needToken} onRefresh={() => void refresh()} />
    </section>
  );
}
