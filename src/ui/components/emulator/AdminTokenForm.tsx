import { useId, useState } from 'preact/hooks';

/** Asks for the control API's admin token, after the emulator refused a request without one (or with a wrong one). */
export function AdminTokenForm(props: { current: string | null; onSave: (token: string | null) => void }) {
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
