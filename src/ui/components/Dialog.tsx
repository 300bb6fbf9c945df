import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../api';

/**
 * A modal built on the native <dialog>: the browser traps focus, Escape closes it, and the
 * page behind it is inert. Mounted = open; focus goes back where it was when it unmounts.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // A layout effect runs in the same commit that mounts the dialog: when one dialog replaces
  // another, the element to return focus to is read after the old one has given it back, not
  // after a paint in which anything may have taken it.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      role={props.role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={props.describedBy}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

export function ErrorNotice(props: { error: unknown }) {
  if (props.error === null || props.error === undefined) return null;
  return (
    <p class="notice notice-error" role="alert">
      {describeError(props.error)}
    </p>
  );
}

/** "Are you sure…?" with a destructive confirm button; shows the failure inside the box. */
export function ConfirmDialog(props: {
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const messageId = useId();
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose} role="alertdialog" describedBy={messageId}>
      <div id={messageId} class="dialog-message">
        {props.message}
      </div>
      <ErrorNotice error={error} />
      <div class="dialog-actions">
        <button type="button" class="button" onClick={props.onClose} autofocus>
          Cancel
        </button>
        <button type="button" class="button button-danger" onClick={confirm} disabled={busy}>
          {busy ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
