import { useState } from 'preact/hooks';
import { ApiError, isUnauthenticated } from '../api';
import { CreateRoleDialog } from '../components/CreateRoleDialog';
import { ConfirmDialog, ErrorNotice } from '../components/Dialog';
import { TrashIcon } from '../components/KeyList';
import { roleLabel } from '../format';
import type { DeletePayload } from '../queries';
import type { Session } from '../session';
import { AUTH_ROLES, can, DELETE_CUSTOM_ROLE } from '../team-queries';
import type { RoleRow } from '../team-queries';
import { useLoad } from '../use-load';

/** Team > Roles: the built-in roles every tenant shares, and this tenant's own, each with its permissions. */
export function Roles(props: { session: Session }) {
  const { session } = props;
  const { tenantId, authInfo } = session.identity;
  const { data: roles, error, refresh } = useLoad(async () => (await session.gql<{ auth_role: RoleRow[] }>(AUTH_ROLES)).auth_role, [session]);
  const [status, setStatus] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<RoleRow | null>(null);

  const mayCreate = can(authInfo.permissions, 'create', 'role');
  const mayDelete = can(authInfo.permissions, 'delete', 'role');
  const tenantName = session.tenantName(tenantId);
  const builtIn = (roles ?? []).filter((r) => r.tenant_id === null);
  const custom = (roles ?? []).filter((r) => r.tenant_id === tenantId);

  const remove = async (role: RoleRow) => {
    const res = await session.gql<{ delete_custom_role: DeletePayload | null }>(DELETE_CUSTOM_ROLE, { input: { role_id: role.id } });
    if (!res.delete_custom_role?.success) throw new ApiError('graphql', res.delete_custom_role?.error ?? 'The role was not deleted.');
    await refresh();
    setDeleting(null);
    setStatus(`The role “${role.name}” was deleted.`);
  };

  const card = (role: RoleRow, own: boolean) => (
    <li key={role.id} class="card role" aria-labelledby={`role-${role.id}`}>
      <div class="account-head">
        <div>
          <h3 id={`role-${role.id}`}>{roleLabel(role.name)}</h3>
          <p class="meta">{own ? `Custom role of ${tenantName}` : 'Built-in'} · {role.permissions.length} permissions</p>
        </div>
        {own && mayDelete ? (
          <button type="button" class="button button-danger-outline" aria-label={`Delete role ${role.name}`} onClick={() => setDeleting(role)}>
            <TrashIcon /> Delete
          </button>
        ) : null}
      </div>
      <details>
        <summary>Permissions</summary>
        <ul class="permission-list" aria-label={`Permissions of ${role.name}`}>
          {role.permissions.map((p) => <li key={p}><code>{p}</code></li>)}
        </ul>
      </details>
    </li>
  );

  return (
    <section aria-labelledby="roles-title">
      <div class="screen-head">
        <div>
          <p class="breadcrumb">Team</p>
          <h1 id="roles-title">Roles</h1>
        </div>
        {mayCreate ? <button type="button" class="button button-primary" onClick={() => setCreating(true)}>Create a role</button> : null}
      </div>
      <p class="lede">
        A role is a list of permissions. Custom roles are given to members like built-in ones and enforced the same way;
        built-in roles cannot be changed, and a role someone holds cannot be deleted.
      </p>
      <ErrorNotice error={isUnauthenticated(error) ? null : error} />
      <p role="status" class="status">{status}</p>
      {!roles ? (error ? null : <p class="loading">Loading roles…</p>) : (
        <>
          <h2 class="section-title">Custom roles of {tenantName}</h2>
          {custom.length === 0 ? <p class="empty">No custom roles yet.</p> : <ul class="account-list">{custom.map((r) => card(r, true))}</ul>}
          <h2 class="section-title">Built-in roles</h2>
          <ul class="account-list">{builtIn.map((r) => card(r, false))}</ul>
        </>
      )}
      {creating ? (
        <CreateRoleDialog session={session} onClose={() => setCreating(false)}
          onCreated={async (name) => {
            await refresh();
            setCreating(false);
            setStatus(`The role “${name}” was created.`);
          }} />
      ) : null}
      {deleting ? (
        <ConfirmDialog title="Delete role" confirmLabel="Delete role" onConfirm={() => remove(deleting)} onClose={() => setDeleting(null)}
          message={<p>Delete the role <strong>“{deleting.name}”</strong>? This cannot be undone.</p>} />
      ) : null}
    </section>
  );
}
