import { formatTimeSeconds, roleLabel } from '../../format';

/** One line of the emulator's request log, as `GET /__emulator/requests` gives it. */
export interface RequestEntry {
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

const callerText = (caller: RequestEntry['caller']): string =>
  caller
    ? `${caller.username}${caller.tenantSlug ? ` @ ${caller.tenantSlug}` : ''}${caller.role ? ` (${roleLabel(caller.role)})` : ''}`
    : 'no key';

/** The requests the emulator answered lately, newest first. */
export function RequestLog(props: { requests: RequestEntry[] | null; needToken: boolean; onRefresh: () => void }) {
  const { requests } = props;
  return (
    <section class="card" aria-labelledby="requests-title">
      <div class="card-head">
        <h2 id="requests-title">Recent requests</h2>
        <button type="button" class="button button-small" onClick={props.onRefresh}>Refresh</button>
      </div>
      {requests === null ? (
        <p class="loading">{props.needToken ? 'Needs the admin token.' : 'Loading…'}</p>
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
                  <td data-label="Caller">{callerText(r.caller)}</td>
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
  );
}
