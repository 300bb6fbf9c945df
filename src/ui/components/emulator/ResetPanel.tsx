import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../Dialog';

/** Puts the emulator back as it started, after a confirmation. */
/** `reset` asks the emulator; `onReset` runs once the dialog has closed. */
export function ResetPanel(props: { busy: boolean; reset: () => Promise<void>; onReset: () => Promise<void> }) {
  const [resetting, setResetting] = useState(false);
  return (
    <section class="card" aria-labelledby="reset-title">
      <h2 id="reset-title">Reset</h2>
      <p>
        Put the emulator back as it started: its fixture's tenants, users, service accounts and keys, and nothing
        created since.
      </p>
      <button type="button" class="button button-danger-outline" disabled={props.busy} onClick={() => setResetting(true)}>
        Reset the emulator…
      </button>
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
            await props.reset();
            setResetting(false);
            await props.onReset();
          }}
          onClose={() => setResetting(false)}
        />
      ) : null}
    </section>
  );
}
