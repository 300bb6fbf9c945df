import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { formatTime, isExpired } from '../format';
import { DELETE_API_KEY } from '../queries';
import type { ApiKeyRow, DeletePayload } from '../queries';
import type { Session } from '../session';
import { ConfirmDialog } from './Dialog';

export function TrashIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path fill="currentColor"
        d="M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h2v-8h-2zm4 0v8h2v-8h-2z" />
    </svg>
  );
}

/** A table of API keys with a trash-bin button per key and its "Are you sure…?" box. */
export function KeyList(props: {
  session: Session;
  keys: ApiKeyRow[];
  now: Date;
  caption: string;
  showTenant: boolean;
  emptyText: string;
  onRevoked: (name: string) => Promise<void>;
}) {
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const revoke = async (row: ApiKeyRow) => {
    const data = await props.session.gql<{ delete_api_key: DeletePayload | null }>(DELETE_API_KEY, { input: { key_id: row.id } });
    if (!data.delete_api_key?.success) {
      throw new ApiError('graphql', data.delete_api_key?.error ?? 'The key was not deleted.');
    }
    await props.onRevoked(row.name);
    setRevoking(null);
  };
  if (props.keys.length === 0) return <p class="empty">{props.emptyText}</p>;
  return (
    <>
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            {props.showTenant ? <th scope="col">Tenant</th> : null}
            <th scope="col">Status</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {props.keys.map((k) => {
            const expired = isExpired(k.expires_at, props.now);
            return (
              <tr key={k.id} class={expired ? 'expired' : undefined}>
                <th scope="row" data-label="Name">{k.name}</th>
                <td data-label="Created">{formatTime(k.created)}</td>
                <td data-label="Expires">{k.expires_at ? formatTime(k.expires_at) : 'NEVER'}</td>
                {props.showTenant ? <td data-label="Tenant">{props.session.tenantName(k.default_tenant_id)}</td> : null}
                <td data-label="Status">
                  {expired ? <span class="badge badge-expired">Expired</span> : <span class="badge badge-active">Active</span>}
                </td>
                <td class="actions">
                  <button type="button" class="icon-button" aria-label={`Revoke key ${k.name}`} title={`Revoke key ${k.name}`}
                    onClick={() => setRevoking(k)}>
                    <TrashIcon />
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {revoking ? (
        <ConfirmDialog
          title="Delete API key"
          message={
            <p>
              Are you sure you want to delete the key <strong>“{revoking.name}”</strong>? Anything that uses it will
              no longer be able to authenticate. This cannot be undone.
            </p>
          }
          confirmLabel="Delete key"
          onConfirm={() => revoke(revoking)}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </>
  );
}
