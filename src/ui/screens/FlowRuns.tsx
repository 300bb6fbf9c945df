import { ErrorNotice } from '../components/Dialog';
import { formatTimeSeconds } from '../format';
import { FLOW_RUNS } from '../queries';
import type { FlowRunRow } from '../queries';
import type { Session } from '../session';
import { useLoad } from '../use-load';

const STATE_CLASS: Record<string, string> = {
  Success: 'state-ok', Failed: 'state-bad', Cancelled: 'state-bad', TimedOut: 'state-bad',
  Running: 'state-live', Submitted: 'state-live', Cancelling: 'state-live',
};

function tasksSummary(run: FlowRunRow): string {
  if (run.task_runs.length === 0) return 'no tasks';
  const counts = new Map<string, number>();
  for (const t of run.task_runs) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}

/** Flow Runs: the tenant's runs, their state, and the agent (and key) that ran them. */
export function FlowRuns(props: { session: Session }) {
  const { session } = props;
  const { data: runs, error, refresh } = useLoad(async () => (await session.gql<{ flow_run: FlowRunRow[] }>(FLOW_RUNS)).flow_run, [session]);

  return (
    <section aria-labelledby="runs-title">
      <div class="screen-head">
        <div>
          <p class="breadcrumb">{session.tenantName(session.identity.tenantId)}</p>
          <h1 id="runs-title">Flow Runs</h1>
        </div>
        <button type="button" class="button" onClick={() => void refresh()}>Refresh</button>
      </div>
      <p class="lede">
        The newest 100 runs of this tenant. An agent runs a flow with its own API key: when that key is revoked, or its
        service account deleted, the agent and the flows it started fail on their next call, and the run stays where it was.
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      {runs === null ? <p class="loading">Loading…</p> : runs.length === 0 ? <p class="empty">No flow runs yet.</p> : (
        <table class="table" aria-label="Flow runs">
          <thead>
            <tr><th scope="col">Run</th><th scope="col">Flow</th><th scope="col">State</th><th scope="col">Tasks</th><th scope="col">Scheduled</th><th scope="col">Agent</th><th scope="col">Agent's key</th></tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} aria-label={`Flow run ${run.name}`}>
                <td>{run.name}</td>
                <td>{run.flow ? `${run.flow.project?.name ?? '?'} / ${run.flow.name} v${run.flow.version}` : ''}</td>
                <td><span class={`state ${STATE_CLASS[run.state] ?? ''}`} title={run.state_message ?? undefined}>{run.state}</span></td>
                <td>{tasksSummary(run)}</td>
                <td>{formatTimeSeconds(run.scheduled_start_time)}</td>
                <td>{run.submitted_by?.agent_name ?? run.agent?.name ?? (run.submitted_by ? 'an agent' : '—')}</td>
                <td>{run.submitted_by ? (run.submitted_by.key_name ?? 'hidden') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
