import { useId, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { displayName, roleLabel } from '../format';
import type { Session } from '../session';
import { CREATE_INVITATION, SET_MEMBERSHIP_ROLE } from '../team-queries';
import type { Member, RoleRow } from '../team-queries';
import { Dialog, ErrorNotice } from './Dialog';

function RoleSelect(props: { id: string; roles: RoleRow[]; value: string; onChange: (id: string) => void }) {
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      {props.roles.map((r) => (
        <option key={r.id} value={r.id}>{roleLabel(r.name)}</option>
      ))}
    </select>
  );
}

/** Invite someone by email with a role (default User), as Team > Members does. */
export function InviteDialog(props: { session: Session; roles: RoleRow[]; onInvited: (email: string) => Promise<void>; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState(props.roles.find((r) => r.name === 'USER')?.id ?? props.roles[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { email: useId(), role: useId() };
  const submit = async (e: Event) => {
    e.preventDefault();
    const address = email.trim();
    if (!address) {
      setError(new ApiError('graphql', 'Enter the email address to invite.', 'BAD_USER_INPUT'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.session.gql(CREATE_INVITATION, { input: { email: address, role_id: roleId } });
      await props.onInvited(address);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Invite someone" onClose={props.onClose}>
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for={ids.email}>Email address</label>
          <input id={ids.email} type="email" value={email} required autofocus autocomplete="off" maxLength={320}
            onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={ids.role}>Role</label>
          <RoleSelect id={ids.role} roles={props.roles} value={roleId} onChange={setRoleId} />
        </div>
        <ErrorNotice error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="button button-primary" disabled={busy || !roleId}>{busy ? 'Inviting…' : 'Invite'}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Give a member another role; the emulator refuses demoting the last administrator and says why. */
export function ChangeRoleDialog(props: {
  session: Session;
  member: Member;
  membershipId: string;
  currentRoleId: string;
  roles: RoleRow[];
  onChanged: (roleName: string) => Promise<void>;
  onClose: () => void;
}) {
  const [roleId, setRoleId] = useState(props.currentRoleId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const name = displayName(props.member);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.session.gql(SET_MEMBERSHIP_ROLE, { input: { membership_id: props.membershipId, role_id: roleId } });
      await props.onChanged(props.roles.find((r) => r.id === roleId)?.name ?? roleId);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Change the role of ${name}`} onClose={props.onClose}>
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for={id}>Role</label>
          <RoleSelect id={id} roles={props.roles} value={roleId} onChange={setRoleId} />
        </div>
        <p class="hint">The new role applies to every API key of {name} in this tenant at once.</p>
        <ErrorNotice error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="button button-primary" disabled={busy || roleId === props.currentRoleId}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
