import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError } from '../api';
import type { Session } from '../session';
import { CREATE_CUSTOM_ROLE, PERMISSIONS_INFO } from '../team-queries';
import { Dialog, ErrorNotice } from './Dialog';

const OPERATIONS = ['create', 'read', 'update', 'delete'] as const;

/** `create:service-account` → its resource, `service-account`, in the order the emulator lists them. */
function resourcesOf(permissions: string[]): string[] {
  const out: string[] = [];
  for (const p of permissions) {
    const resource = p.split(':')[1];
    if (resource && !out.includes(resource)) out.push(resource);
  }
  return out;
}

/**
 * A custom role: a name and a grid of permissions (one row per resource, one column per
 * operation), limited to what the caller holds, as in the Cloud UI's role editor.
 */
export function CreateRoleDialog(props: { session: Session; onCreated: (name: string) => Promise<void>; onClose: () => void }) {
  const [offered, setOffered] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const nameId = useId();

  useEffect(() => {
    props.session
      .gql<{ permissions_info: { user_permissions_filtered_by_license_features: string[] } }>(PERMISSIONS_INFO)
      .then((r) => setOffered(r.permissions_info.user_permissions_filtered_by_license_features), setError);
  }, []);

  const toggle = (p: string) => {
    const next = new Set(chosen);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    setChosen(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(new ApiError('graphql', 'Give the role a name.', 'BAD_USER_INPUT'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ordered = (offered ?? []).filter((p) => chosen.has(p));
      await props.session.gql(CREATE_CUSTOM_ROLE, { input: { name: name.trim(), permissions: ordered } });
      await props.onCreated(name.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Create a role" onClose={props.onClose}>
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for={nameId}>Role name</label>
          <input id={nameId} type="text" value={name} required autofocus autocomplete="off" maxLength={255}
            onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        {offered === null ? (error ? null : <p class="loading">Loading permissions…</p>) : (
          <fieldset class="permission-grid">
            <legend>Permissions</legend>
            <div class="table-scroll">
              <table class="grid-table">
                <thead>
                  <tr><th scope="col">Resource</th>{OPERATIONS.map((o) => <th key={o} scope="col">{o}</th>)}</tr>
                </thead>
                <tbody>
                  {resourcesOf(offered).map((resource) => (
                    <tr key={resource}>
                      <th scope="row">{resource}</th>
                      {OPERATIONS.map((o) => {
                        const p = `${o}:${resource}`;
                        return (
                          <td key={o}>
                            {offered.includes(p) ? (
                              <input type="checkbox" aria-label={p} checked={chosen.has(p)} onChange={() => toggle(p)} />
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </fieldset>
        )}
        <ErrorNotice error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="button button-primary" disabled={busy || offered === null}>{busy ? 'Creating…' : 'Create role'}</button>
        </div>
      </form>
    </Dialog>
  );
}
