import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { ApiError, isUnauthenticated } from '../api';
import { ClockNote } from '../components/ClockNote';
import { CreateKeyDialog } from '../components/CreateKeyDialog';
import { ConfirmDialog, Dialog, ErrorNotice } from '../components/Dialog';
import { KeyList, TrashIcon } from '../components/KeyList';
import { PICKABLE_ROLES, roleLabel } from '../format';
import {
  API_KEYS,
  CREATE_SERVICE_ACCOUNT,
  DELETE_SERVICE_ACCOUNT,
  ROLES,
  SAME_TENANT_USERS,
} from '../queries';
import type { ApiKeyRow, DeletePayload, Role, SameTenantUser } from '../queries';
import { readClock, roleNameIn } from '../session';
import { can } from '../team-queries';
import type { ClockReading, Session } from '../session';

interface Loaded {
  roles: Role[];
  accounts: SameTenantUser[];
  keys: ApiKeyRow[];
  clock: ClockReading;
}

type Access = { admin: true } | { admin: false; roleName: string | null };

/**
 * May the signed-in caller manage service accounts here? As the Cloud UI decides: by the
 * permission (`create:service-account`), so a custom role that holds it qualifies too.
 */
async function checkAccess(session: Session): Promise<{ access: Access; roles: Role[] }> {
  const { authInfo, me, tenantId } = session.identity;
  let roles: Role[] = [];
  try {
    roles = (await session.gql<{ auth_role: Role[] }>(ROLES)).auth_role;
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'FORBIDDEN') throw e;
  }
  const own = roles.find((r) => r.id === authInfo.role_id);
  const roleName = own?.name ?? roleNameIn(me, tenantId);
  return { access: can(authInfo.permissions, 'create', 'service-account') ? { admin: true } : { admin: false, roleName }, roles };
}

function accountName(a: SameTenantUser): string {
  return a.first_name || a.username;
}

/** Team > Service Accounts: tenant admins create and delete service accounts and their keys. */
export function ServiceAccounts(props: { session: Session }) {
  const { session } = props;
  const tenantId = session.identity.tenantId;
  const [access, setAccess] = useState<Access | null>(null);
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [creating, setCreating] = useState(false);
  const [keyFor, setKeyFor] = useState<SameTenantUser | null>(null);
  const [deleting, setDeleting] = useState<SameTenantUser | null>(null);

  const refresh = useCallback(async () => {
    try {
      const { access: a, roles } = await checkAccess(session);
      setAccess(a);
      if (!a.admin) return;
      const [users, keys, clock] = await Promise.all([
        session.gql<{ user_view_same_tenant: SameTenantUser[] }>(SAME_TENANT_USERS),
        session.gql<{ auth_api_key: ApiKeyRow[] }>(API_KEYS),
        readClock(session.base, session.adminToken),
      ]);
      const accounts = users.user_view_same_tenant.filter(
        (u) => u.account_type === 'SERVICE' && (u.memberships.length === 0 || u.memberships.some((m) => m.tenant_id === tenantId)),
      );
      setData({ roles, accounts, keys: keys.auth_api_key, clock });
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [session, tenantId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const tenantName = session.tenantName(tenantId);
  const heading = (
    <div class="screen-head">
      <div>
        <p class="breadcrumb">Team</p>
        <h1 id="sa-title">Service Accounts</h1>
      </div>
      {access?.admin ? (
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          Create a service account
        </button>
      ) : null}
    </div>
  );

  if (access && !access.admin) {
    return (
      <section aria-labelledby="sa-title">
        {heading}
        <p class="notice notice-info">
          Service accounts can only be managed by tenant Administrators. Your role in {tenantName} is{' '}
          {roleLabel(access.roleName)}, so you cannot see, create or delete its service accounts or their keys. Ask an
          Administrator of {tenantName} for a service account key.
        </p>
      </section>
    );
  }

  const deleteAccount = async (a: SameTenantUser) => {
    const res = await session.gql<{ delete_service_account: DeletePayload | null }>(DELETE_SERVICE_ACCOUNT, {
      input: { user_id: a.id },
    });
    if (!res.delete_service_account?.success) {
      throw new ApiError('graphql', res.delete_service_account?.error ?? 'The service account was not deleted.');
    }
    await refresh();
    setDeleting(null);
    setStatus(`The service account “${accountName(a)}” was deleted.`);
  };

  return (
    <section aria-labelledby="sa-title">
      {heading}
      <p class="lede">
        Service accounts belong to {tenantName}; their API keys act with the account's role there, not with yours. Agents
        and flows should authenticate with these keys.
      </p>
      {/* The app's banner already says when the key itself stopped working. */}
      <ErrorNotice error={isUnauthenticated(error) ? null : error} />
      <p role="status" class="status">{status}</p>
      {!data ? (
        error ? null : <p class="loading">Loading service accounts…</p>
      ) : data.accounts.length === 0 ? (
        <p class="empty">{tenantName} has no service accounts yet.</p>
      ) : (
        <ul class="account-list">
          {data.accounts.map((a) => {
            const keys = data.keys.filter((k) => k.user_id === a.id);
            const role = a.memberships.find((m) => m.tenant_id === tenantId)?.role_detail?.name ?? null;
            const name = accountName(a);
            return (
              <li key={a.id} class="card account" aria-labelledby={`sa-${a.id}`}>
                <div class="account-head">
                  <div>
                    <h2 id={`sa-${a.id}`}>{name}</h2>
                    <p class="meta">
                      Role: {roleLabel(role)} · {keys.length} {keys.length === 1 ? 'key' : 'keys'}
                    </p>
                  </div>
                  <div class="account-actions">
                    <button type="button" class="button" onClick={() => setKeyFor(a)} aria-label={`Create an API key for ${name}`}>
                      Create an API key
                    </button>
                    <button type="button" class="button button-danger-outline" onClick={() => setDeleting(a)}
                      aria-label={`Delete service account ${name}`}>
                      <TrashIcon /> Delete
                    </button>
                  </div>
                </div>
                <KeyList session={session} keys={keys} now={data.clock.now} caption={`API keys of ${name}`}
                  showTenant={false} emptyText="No API keys."
                  onRevoked={async (keyName) => {
                    await refresh();
                    setStatus(`The key “${keyName}” of ${name} was deleted.`);
                  }} />
              </li>
            );
          })}
        </ul>
      )}
      {data ? <ClockNote clock={data.clock} /> : null}
      {creating && data ? (
        <CreateAccountDialog session={session} roles={data.roles}
          onCreated={async (name) => {
            await refresh();
            setCreating(false);
            setStatus(`The service account “${name}” was created.`);
          }}
          onClose={() => setCreating(false)} />
      ) : null}
      {keyFor ? (
        <CreateKeyDialog session={session} title={`Create an API key for ${accountName(keyFor)}`} userId={keyFor.id}
          tenants={null} now={data?.clock.now ?? null}
          onCreated={(keyName) => {
            setStatus(`The key “${keyName}” of ${accountName(keyFor)} was created.`);
            void refresh();
          }}
          onClose={() => setKeyFor(null)} />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete service account"
          message={
            <>
              <p>
                Are you sure you want to delete the service account <strong>“{accountName(deleting)}”</strong>? Its API
                keys are deleted with it.
              </p>
              <p>
                Every agent and flow using its keys will fail to authenticate with Prefect Cloud, and will need to be
                started with a new key.
              </p>
            </>
          }
          confirmLabel="Delete service account"
          onConfirm={() => deleteAccount(deleting)}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}

function CreateAccountDialog(props: {
  session: Session;
  roles: Role[];
  onCreated: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const choices = PICKABLE_ROLES.map((n) => props.roles.find((r) => r.name === n)).filter((r): r is Role => !!r);
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState(choices[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { name: useId(), role: useId() };
  const submit = async (e: Event) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(new ApiError('graphql', 'Give the service account a name.', 'BAD_USER_INPUT'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await props.session.gql<{ create_service_account: { id: string } | null }>(CREATE_SERVICE_ACCOUNT, {
        input: { tenant_id: props.session.identity.tenantId, name: trimmed, role_id: roleId },
      });
      if (!res.create_service_account?.id) throw new ApiError('graphql', 'The emulator created no service account.');
      await props.onCreated(trimmed);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Create a service account" onClose={props.onClose}>
      <form class="form" onSubmit={submit} noValidate>
        <div class="field">
          <label for={ids.name}>Service account name</label>
          <input id={ids.name} type="text" value={name} required autofocus autocomplete="off" maxLength={255}
            onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={ids.role}>Role</label>
          <select id={ids.role} value={roleId} onChange={(e) => setRoleId(e.currentTarget.value)}>
            {choices.map((r) => (
              <option key={r.id} value={r.id}>{roleLabel(r.name)}</option>
            ))}
          </select>
        </div>
        <ErrorNotice error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="button button-primary" disabled={busy || !roleId}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
