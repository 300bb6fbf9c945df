import { useCallback, useEffect, useState } from 'preact/hooks';
import { isUnauthenticated } from '../api';
import { CreateKeyDialog } from '../components/CreateKeyDialog';
import { ErrorNotice } from '../components/Dialog';
import { KeyList } from '../components/KeyList';
import { ClockNote } from '../components/ClockNote';
import { API_KEYS } from '../queries';
import type { ApiKeyRow } from '../queries';
import { readClock } from '../session';
import type { ClockReading, Session } from '../session';

/** User > API Keys: the signed-in user's own keys. */
export function ApiKeys(props: { session: Session }) {
  const { session } = props;
  const userId = session.identity.authInfo.user_id ?? session.identity.me.id;
  const [keys, setKeys] = useState<ApiKeyRow[] | null>(null);
  const [clock, setClock] = useState<ClockReading | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [creating, setCreating] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const [data, c] = await Promise.all([
        session.gql<{ auth_api_key: ApiKeyRow[] }>(API_KEYS),
        readClock(session.base, session.adminToken),
      ]);
      setKeys(data.auth_api_key.filter((k) => k.user_id === userId));
      setClock(c);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [session, userId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section aria-labelledby="keys-title">
      <div class="screen-head">
        <div>
          <p class="breadcrumb">User</p>
          <h1 id="keys-title">API Keys</h1>
        </div>
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          Create an API Key
        </button>
      </div>
      <p class="lede">
        Your API keys act with your permissions, each in the one tenant it was made for. For CI, agents and anything
        long-lived, use a service account's key instead.
      </p>
      {session.identity.otherTenants.length ? (
        <p class="hint">
          You are also a member of {session.identity.otherTenants.map((t) => t.name).join(', ')}. The key you signed in
          with is bound to {session.tenantName(session.identity.tenantId)}: to work in another tenant, sign in with a key
          made for it.
        </p>
      ) : null}
      {/* The app's banner already says when the key itself stopped working. */}
      <ErrorNotice error={isUnauthenticated(error) ? null : error} />
      <p role="status" class="status">{status}</p>
      {keys && clock ? (
        <>
          <KeyList session={session} keys={keys} now={clock.now} caption="Your API keys" showTenant
            emptyText="You have no API keys yet."
            onRevoked={async (name) => {
              await refresh();
              setStatus(`The key “${name}” was deleted.`);
            }} />
          <ClockNote clock={clock} />
        </>
      ) : error ? null : (
        <p class="loading">Loading keys…</p>
      )}
      {creating ? (
        <CreateKeyDialog session={session} title="Create an API Key" userId={userId}
          tenants={session.identity.usableTenants} now={clock?.now ?? null}
          onCreated={(name) => {
            setStatus(`The key “${name}” was created.`);
            void refresh();
          }}
          onClose={() => setCreating(false)} />
      ) : null}
    </section>
  );
}
