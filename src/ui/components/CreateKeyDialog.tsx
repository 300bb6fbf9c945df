import { useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { formatTime, utcInputToIso } from '../format';
import { CREATE_API_KEY } from '../queries';
import type { TenantRef } from '../queries';
import type { Session } from '../session';
import { Dialog, ErrorNotice } from './Dialog';

/**
 * "Create an API Key": name, optional expiry (blank = never) and, for the user's own keys, the
 * tenant. Then the new key, shown this once, with a Copy button. Closing the box forgets it.
 */
export function CreateKeyDialog(props: {
  session: Session;
  title: string;
  userId: string;
  /** The user's own key dialog picks a tenant; a service account's sends none. */
  tenants: TenantRef[] | null;
  now: Date | null;
  onCreated: (name: string) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [tenantId, setTenantId] = useState(props.session.identity.tenantId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const ids = { name: useId(), expires: useId(), expiresHint: useId(), tenant: useId() };

  const submit = async (e: Event) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(new ApiError('graphql', 'Give the key a name.', 'BAD_USER_INPUT'));
      return;
    }
    const expiresAt = utcInputToIso(expires);
    if (expiresAt === undefined) {
      setError(new ApiError('graphql', 'The expiration is not a date and time.', 'BAD_USER_INPUT'));
      return;
    }
    const input: Record<string, unknown> = { user_id: props.userId, name: trimmed, expires_at: expiresAt };
    if (props.tenants) input.default_tenant_id = tenantId;
    setBusy(true);
    setError(null);
    try {
      const data = await props.session.gql<{ create_api_key: { id: string; key: string } | null }>(CREATE_API_KEY, { input });
      const key = data.create_api_key?.key;
      if (!key) throw new ApiError('graphql', 'The emulator created no key.');
      setCreated({ name: trimmed, key });
      props.onCreated(trimmed);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (created) return <NewKey name={created.name} apiKey={created.key} onClose={props.onClose} />;

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for={ids.name}>API key name</label>
          <input id={ids.name} type="text" value={name} required autofocus autocomplete="off" maxLength={255}
            onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={ids.expires}>Expiration (UTC, optional)</label>
          <input id={ids.expires} type="datetime-local" value={expires} aria-describedby={ids.expiresHint}
            onInput={(e) => setExpires(e.currentTarget.value)} />
          <p class="hint" id={ids.expiresHint}>
            Leave blank and the key never expires.
            {props.now ? ` The emulator's clock reads ${formatTime(props.now.toISOString())}.` : ''}
          </p>
        </div>
        {props.tenants ? (
          <div class="field">
            <label for={ids.tenant}>Tenant</label>
            <select id={ids.tenant} value={tenantId} onChange={(e) => setTenantId(e.currentTarget.value)}>
              {props.tenants.map((t) => (
                <option key={t.id} value={t.id}>{t.name}</option>
              ))}
            </select>
            <p class="hint">Clients using this key can work with this tenant only, with your permissions there.</p>
          </div>
        ) : null}
        <ErrorNotice error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="button button-primary" disabled={busy}>{busy ? 'Creating…' : 'Create'}</button>
        </div>
      </form>
    </Dialog>
  );
}

function NewKey(props: { name: string; apiKey: string; onClose: () => void }) {
  const [copied, setCopied] = useState<string>('');
  const input = useRef<HTMLInputElement>(null);
  const ids = { key: useId(), warning: useId() };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.apiKey);
      setCopied('Copied to the clipboard.');
    } catch {
      const el = input.current;
      if (el) {
        el.focus();
        el.select();
      }
      const ok = typeof document.execCommand === 'function' && document.execCommand('copy');
      setCopied(ok ? 'Copied to the clipboard.' : 'Could not copy: the key is selected, press Ctrl+C (⌘C) to copy it.');
    }
  };
  return (
    <Dialog title={`API key “${props.name}” created`} onClose={props.onClose}>
      <p class="notice notice-warning" id={ids.warning}>
        Copy this key now and keep it somewhere safe: it won't be shown again.
      </p>
      <div class="field">
        <label for={ids.key}>Your new API key</label>
        <div class="copy-row">
          <input ref={input} id={ids.key} class="mono" type="text" readOnly value={props.apiKey}
            aria-describedby={ids.warning} autocomplete="off" spellcheck={false}
            onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="button" onClick={copy}>Copy</button>
        </div>
        <p class="hint" role="status">{copied}</p>
      </div>
      <div class="dialog-actions">
        <button type="button" class="button button-primary" onClick={props.onClose}>Done</button>
      </div>
    </Dialog>
  );
}
