import { useState } from 'preact/hooks';
import { ApiError, isUnauthenticated } from '../api';
import { ConfirmDialog, ErrorNotice } from '../components/Dialog';
import { TrashIcon } from '../components/KeyList';
import { ChangeRoleDialog, InviteDialog } from '../components/MemberDialogs';
import { displayName, formatTime, roleLabel } from '../format';
import type { DeletePayload } from '../queries';
import type { Session } from '../session';
import {
  assignableRoles, AUTH_ROLES, can, DELETE_INVITATION, DELETE_MEMBERSHIP, PENDING_INVITATIONS, TENANT_USERS,
} from '../team-queries';
import type { InvitationRow, Member, RoleRow } from '../team-queries';
import { useLoad } from '../use-load';

interface Loaded {
  roles: RoleRow[];
  members: Member[];
  invitations: InvitationRow[];
}

interface Editing {
  member: Member;
  membershipId: string;
  roleId: string;
}

const successOrThrow = (payload: DeletePayload | null, what: string): void => {
  if (!payload?.success) throw new ApiError('graphql', payload?.error ?? `The ${what} was not deleted.`);
};

/** Team > Members: the tenant's people, their roles, and pending invitations. What a caller may change follows its permissions. */
export function Members(props: { session: Session }) {
  const { session } = props;
  const { tenantId, authInfo } = session.identity;
  const permissions = authInfo.permissions;
  const [status, setStatus] = useState('');
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<{ member: Member; membershipId: string } | null>(null);
  const [revoking, setRevoking] = useState<InvitationRow | null>(null);

  const { data, error, refresh } = useLoad(async (): Promise<Loaded> => {
    const [roles, users, invitations] = await Promise.all([
      session.gql<{ auth_role: RoleRow[] }>(AUTH_ROLES),
      session.gql<{ tenantUsers: Member[] }>(TENANT_USERS),
      session.gql<{ pendingInvitations: InvitationRow[] }>(PENDING_INVITATIONS),
    ]);
    return {
      roles: roles.auth_role,
      members: users.tenantUsers.filter((u) => u.account_type === 'USER'),
      // Invitations sent to the caller for other tenants come back too: this page shows this tenant's.
      invitations: invitations.pendingInvitations.filter((i) => i.tenant?.id === tenantId),
    };
  }, [session, tenantId]);

  const tenantName = session.tenantName(tenantId);
  const mayInvite = can(permissions, 'create', 'membership-invitation');
  const mayChangeRoles = can(permissions, 'update', 'membership');
  const mayRemove = can(permissions, 'delete', 'membership');
  const mayRevoke = can(permissions, 'delete', 'membership-invitation');
  const choices = data ? assignableRoles(data.roles, tenantId) : [];

  const remove = async (target: { member: Member; membershipId: string }) => {
    const res = await session.gql<{ delete_membership: DeletePayload | null }>(DELETE_MEMBERSHIP, { membershipId: target.membershipId });
    successOrThrow(res.delete_membership, 'membership');
    await refresh();
    setRemoving(null);
    setStatus(`${displayName(target.member)} was removed from ${tenantName}.`);
  };
  const revoke = async (invitation: InvitationRow) => {
    const res = await session.gql<{ delete_membership_invitation: DeletePayload | null }>(DELETE_INVITATION, { membershipInvitationId: invitation.id });
    successOrThrow(res.delete_membership_invitation, 'invitation');
    await refresh();
    setRevoking(null);
    setStatus(`The invitation for ${invitation.email} was revoked.`);
  };

  return (
    <section aria-labelledby="members-title">
      <div class="screen-head">
        <div>
          <p class="breadcrumb">Team</p>
          <h1 id="members-title">Members</h1>
        </div>
        {mayInvite ? <button type="button" class="button button-primary" onClick={() => setInviting(true)}>Invite someone</button> : null}
      </div>
      <p class="lede">
        The people of {tenantName} and their roles. {mayChangeRoles
          ? 'A role change applies to every API key of that person in this tenant at once.'
          : 'Only tenant Administrators change roles, remove members and send invitations.'}
      </p>
      <ErrorNotice error={isUnauthenticated(error) ? null : error} />
      <p role="status" class="status">{status}</p>
      {!data ? (error ? null : <p class="loading">Loading members…</p>) : (
        <>
          <table class="table">
            <caption class="visually-hidden">Members of {tenantName}</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {data.members.map((m) => {
                const membership = m.memberships.find((x) => x.tenant_id === tenantId);
                const name = displayName(m);
                const you = m.id === authInfo.user_id;
                return (
                  <tr key={m.id}>
                    <th scope="row" data-label="Name">{name}{you ? <span class="meta"> (you)</span> : null}</th>
                    <td data-label="Email">{m.email ?? m.username}</td>
                    <td data-label="Role">{roleLabel(membership?.role_detail?.name)}</td>
                    <td class="actions member-actions">
                      {mayChangeRoles && membership?.role_detail ? (
                        <button type="button" class="button button-small" aria-label={`Change the role of ${name}`}
                          onClick={() => setEditing({ member: m, membershipId: membership.id, roleId: membership.role_detail!.id })}>
                          Change role
                        </button>
                      ) : null}
                      {mayRemove && membership && !you ? (
                        <button type="button" class="icon-button" aria-label={`Remove ${name}`} title={`Remove ${name}`}
                          onClick={() => setRemoving({ member: m, membershipId: membership.id })}>
                          <TrashIcon />
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2 class="section-title">Pending invitations</h2>
          {data.invitations.length === 0 ? <p class="empty">No pending invitations.</p> : (
            <table class="table">
              <caption class="visually-hidden">Pending invitations to {tenantName}</caption>
              <thead>
                <tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Sent</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {data.invitations.map((i) => (
                  <tr key={i.id}>
                    <th scope="row" data-label="Email">{i.email}</th>
                    <td data-label="Role">{roleLabel(i.role_detail?.name)}</td>
                    <td data-label="Sent">{formatTime(i.created)}</td>
                    <td class="actions">
                      {mayRevoke ? (
                        <button type="button" class="icon-button" aria-label={`Revoke the invitation for ${i.email}`}
                          title={`Revoke the invitation for ${i.email}`} onClick={() => setRevoking(i)}>
                          <TrashIcon />
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {inviting && data ? (
        <InviteDialog session={session} roles={choices} onClose={() => setInviting(false)}
          onInvited={async (email) => {
            await refresh();
            setInviting(false);
            setStatus(`${email} was invited to ${tenantName}.`);
          }} />
      ) : null}
      {editing && data ? (
        <ChangeRoleDialog session={session} member={editing.member} membershipId={editing.membershipId} currentRoleId={editing.roleId}
          roles={choices} onClose={() => setEditing(null)}
          onChanged={async (roleName) => {
            await refresh();
            setEditing(null);
            setStatus(`${displayName(editing.member)} is now ${roleLabel(roleName)}.`);
          }} />
      ) : null}
      {removing ? (
        <ConfirmDialog title="Remove member" confirmLabel="Remove member" onConfirm={() => remove(removing)} onClose={() => setRemoving(null)}
          message={<p>Remove <strong>{displayName(removing.member)}</strong> from {tenantName}? Their API keys for {tenantName} stop working at once.</p>} />
      ) : null}
      {revoking ? (
        <ConfirmDialog title="Revoke invitation" confirmLabel="Revoke invitation" onConfirm={() => revoke(revoking)} onClose={() => setRevoking(null)}
          message={<p>Revoke the invitation for <strong>{revoking.email}</strong>? They will no longer be able to join {tenantName} with it.</p>} />
      ) : null}
    </section>
  );
}
