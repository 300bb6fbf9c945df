import { useId, useState } from 'preact/hooks';
import { ErrorNotice } from '../components/Dialog';

/** Sign in by pasting an API key. The key goes to sessionStorage only if the emulator accepts it. */
export function SignIn(props: { onSignIn: (apiKey: string) => Promise<void>; error: unknown; busy: boolean }) {
  const [apiKey, setApiKey] = useState('');
  const [localError, setLocalError] = useState<unknown>(null);
  const ids = { key: useId(), hint: useId() };
  const submit = async (e: Event) => {
    e.preventDefault();
    const key = apiKey.trim();
    if (!key) {
      setLocalError(new Error('Paste an API key first.'));
      return;
    }
    setLocalError(null);
    await props.onSignIn(key);
  };
  return (
    <section class="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p>
        Sign in to the emulated Prefect Cloud with an API key: a user's or a service account's. The key stays in this
        browser tab only, and is forgotten when you sign out or close the tab.
      </p>
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for={ids.key}>API key</label>
          <input id={ids.key} type="password" class="mono" value={apiKey} autocomplete="off" spellcheck={false}
            required autofocus aria-describedby={ids.hint} onInput={(e) => setApiKey(e.currentTarget.value)} />
          <p class="hint" id={ids.hint}>
            Get one from <code>prefect auth create-key</code>, the fixture, or the emulator's control API.
          </p>
        </div>
        <ErrorNotice error={localError ?? props.error} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={props.busy}>
            {props.busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}
