/**
 * The team rules end to end on the wire: custom roles enforced like built-in ones, the
 * invitation flow, tenant changes and deletion, deprecated tokens, agents and their configs.
 * Every refused change leaves the state exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInRoleId } from '../../src/domain/roles.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { fails, membershipOf, ok, SET_ROLE } from './support.js';

const CREATE_ROLE = 'mutation($input: create_custom_role_input!) { create_custom_role(input: $input) { id } }';
const UPDATE_ROLE = 'mutation($input: update_custom_role_permissions_input!) { update_custom_role_permissions(input: $input) { success error } }';
const DELETE_ROLE = 'mutation($input: delete_custom_role_input!) { delete_custom_role(input: $input) { success error } }';
const INVITE = 'mutation($input: create_membership_invitation_input!) { create_membership_invitation(input: $input) { id } }';
const ACCEPT = 'mutation($id: UUID!) { accept_membership_invitation(input: {invitation_id: $id}) { id } }';
const REVOKE = 'mutation($id: UUID!) { delete_membership_invitation(input: {invitation_id: $id}) { success error } }';
const CREATE_SA = `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "made by a custom role"}) { id } }`;

describe('team rules on the wire', () => {
  let app: TestApp;
  let alice: string;
  let bob: string;
  /** The whole state, to prove a refused change applied nothing. */
  const snapshot = async (): Promise<unknown> => (await app.control('get', '/snapshot')).body as unknown;
  const unchangedBy = async (work: () => Promise<unknown>): Promise<void> => {
    const before = await snapshot();
    await work();
    expect(await snapshot()).toEqual(before);
  };

  beforeEach(async () => {
    app = await createTestApp({ frozenAt: Date.parse('2026-05-01T00:00:00.000Z') });
    alice = app.key(refs.aliceAdmin);
    bob = app.key(refs.bob);
  });
  afterEach(async () => { await app.close(); });

  describe('custom roles', () => {
    it('are enforced by their permissions exactly like built-in roles, and changes apply at once', async () => {
      const role = await ok(app, CREATE_ROLE, { key: alice, variables: { input: { name: 'SA manager', permissions: ['read:user', 'create:service-account'] } } });
      const roleId = role.create_custom_role.id as string;
      await ok(app, SET_ROLE, { key: alice, variables: { input: { membership_id: await membershipOf(app, alice, ids.bob), role_id: roleId } } });
      const me = await ok(app, 'query { auth_info { role role_id permissions } }', { key: bob });
      expect(me.auth_info).toMatchObject({ role: 'SA manager', role_id: roleId });
      expect(me.auth_info.permissions).toEqual(expect.arrayContaining(['read:user', 'create:service-account', 'feature:basic-rbac']));
      await ok(app, CREATE_SA, { key: bob });
      // Without create:api-key, bob may no longer make keys for himself.
      await fails(app, `mutation { create_api_key(input: {user_id: "${ids.bob}", name: "x"}) { id } }`, { key: bob }, 'FORBIDDEN');
      await ok(app, UPDATE_ROLE, { key: alice, variables: { input: { role_id: roleId, permissions: ['read:user', 'create:api-key'] } } });
      await fails(app, CREATE_SA, { key: bob }, 'FORBIDDEN');
      await ok(app, `mutation { create_api_key(input: {user_id: "${ids.bob}", name: "x"}) { id } }`, { key: bob });
    });

    it("a service account's role is changed with update:service-account, a person's with update:membership", async () => {
      const role = await ok(app, CREATE_ROLE, { key: alice, variables: { input: { name: 'SA roles', permissions: ['read:user', 'update:service-account'] } } });
      await ok(app, SET_ROLE, { key: alice, variables: { input: { membership_id: await membershipOf(app, alice, ids.bob), role_id: role.create_custom_role.id } } });
      const agentMembership = await membershipOf(app, alice, ids.acmeAgent);
      await ok(app, SET_ROLE, { key: bob, variables: { input: { membership_id: agentMembership, role_id: builtInRoleId('USER') } } });
      const ritaMembership = await membershipOf(app, alice, ids.rita);
      await unchangedBy(() => fails(app, SET_ROLE, { key: bob, variables: { input: { membership_id: ritaMembership, role_id: builtInRoleId('USER') } } }, 'FORBIDDEN'));
    });

    it('refuse unknown permissions and names, naming the field', async () => {
      const bad = await fails(app, CREATE_ROLE, { key: alice, variables: { input: { name: 'x', permissions: ['read:run', 'create:service_account'] } } }, 'BAD_USER_INPUT');
      expect(bad.extensions?.field).toBe('input.permissions[1]');
      const builtIn = await fails(app, CREATE_ROLE, { key: alice, variables: { input: { name: 'USER', permissions: [] } } }, 'BAD_USER_INPUT');
      expect(builtIn.extensions?.field).toBe('input.name');
      await fails(app, CREATE_ROLE, { key: bob, variables: { input: { name: 'mine', permissions: ['read:run'] } } }, 'FORBIDDEN');
    });

    it('cannot change or delete a built-in role, nor delete one in use; nothing is half-applied', async () => {
      await unchangedBy(async () => {
        const change = await fails(app, UPDATE_ROLE, { key: alice, variables: { input: { role_id: builtInRoleId('USER'), permissions: ['read:run'] } } }, 'BAD_USER_INPUT');
        expect(change.extensions?.field).toBe('input.role_id');
        await fails(app, DELETE_ROLE, { key: alice, variables: { input: { role_id: builtInRoleId('READ_ONLY_USER') } } }, 'BAD_USER_INPUT');
      });
      const role = await ok(app, CREATE_ROLE, { key: alice, variables: { input: { name: 'Reader', permissions: ['read:run'] } } });
      const roleId = role.create_custom_role.id as string;
      const invited = await ok(app, INVITE, { key: alice, variables: { input: { email: 'someone@example.test', role_id: roleId } } });
      await unchangedBy(async () => {
        const error = await fails(app, DELETE_ROLE, { key: alice, variables: { input: { role_id: roleId } } }, 'FORBIDDEN');
        expect(error.message).toMatch(/in use/);
      });
      await ok(app, REVOKE, { key: alice, variables: { id: invited.create_membership_invitation.id } });
      expect((await ok(app, DELETE_ROLE, { key: alice, variables: { input: { role_id: roleId } } })).delete_custom_role).toEqual({ success: true, error: null });
      const gone = await ok(app, DELETE_ROLE, { key: alice, variables: { input: { role_id: roleId } } });
      expect(gone.delete_custom_role.success).toBe(false);
    });

    it('belong to their tenant: globex cannot see, assign or delete acme\'s', async () => {
      const role = await ok(app, CREATE_ROLE, { key: alice, variables: { input: { name: 'Acme only', permissions: ['read:run'] } } });
      const roleId = role.create_custom_role.id as string;
      const gina = app.key(refs.ginaAdmin);
      const roles = await ok(app, 'query { auth_role { id } }', { key: gina });
      expect(roles.auth_role.map((r: { id: string }) => r.id)).not.toContain(roleId);
      const assign = await fails(app, SET_ROLE, { key: gina, variables: { input: { membership_id: await membershipOf(app, gina, ids.gus), role_id: roleId } } }, 'BAD_USER_INPUT');
      expect(assign.extensions?.field).toBe('input.role_id');
      expect((await ok(app, DELETE_ROLE, { key: gina, variables: { input: { role_id: roleId } } })).delete_custom_role.success).toBe(false);
    });

    it('demoting the last admin to a custom role is refused', async () => {
      const role = await ok(app, CREATE_ROLE, { key: alice, variables: { input: { name: 'Almost admin', permissions: ['update:membership'] } } });
      await unchangedBy(async () => {
        await fails(app, SET_ROLE, { key: alice, variables: { input: { membership_id: await membershipOf(app, alice, ids.alice), role_id: role.create_custom_role.id } } }, 'FORBIDDEN');
      });
    });
  });

  describe('invitations', () => {
    it('an admin invites, the invitee sees and accepts with their own key and becomes a member with that role', async () => {
      const gina = app.key(refs.ginaAdmin);
      const invited = await ok(app, INVITE, { key: gina, variables: { input: { email: 'BOB@acme.test', role_id: builtInRoleId('READ_ONLY_USER') } } });
      const id = invited.create_membership_invitation.id as string;
      const pending = await ok(app, 'query { membership_invitation { id email tenant { slug } role_detail { name } } }', { key: bob });
      expect(pending.membership_invitation).toEqual([{ id, email: 'bob@acme.test', tenant: { slug: 'globex' }, role_detail: { name: 'READ_ONLY_USER' } }]);
      // Someone else's key cannot accept it: not even an admin of acme sees it.
      await fails(app, ACCEPT, { key: alice, variables: { id } }, 'NOT_FOUND');
      const accepted = await ok(app, ACCEPT, { key: bob, variables: { id } });
      const tenants = await ok(app, 'query { tenant(order_by: {slug: asc}) { slug } }', { key: bob });
      expect(tenants.tenant).toEqual([{ slug: 'acme' }, { slug: 'globex' }]);
      const members = await ok(app, 'query { user_view_same_tenant { id memberships { id role_detail { name } } } }', { key: gina });
      const bobRow = members.user_view_same_tenant.find((u: { id: string }) => u.id === ids.bob);
      expect(bobRow.memberships).toEqual([{ id: accepted.accept_membership_invitation.id, role_detail: { name: 'READ_ONLY_USER' } }]);
      // Accepted invitations are no longer pending; accepting again finds nothing.
      expect((await ok(app, 'query { membership_invitation { id } }', { key: gina })).membership_invitation).toEqual([]);
      await fails(app, ACCEPT, { key: bob, variables: { id } }, 'NOT_FOUND');
    });

    it('refuses an existing member, a second invitation and a bad email, applying nothing', async () => {
      await unchangedBy(async () => {
        const member = await fails(app, INVITE, { key: alice, variables: { input: { email: 'Rita@Acme.test' } } }, 'BAD_USER_INPUT');
        expect(member.message).toMatch(/already a member/);
        const email = await fails(app, INVITE, { key: alice, variables: { input: { email: 'not an email' } } }, 'BAD_USER_INPUT');
        expect(email.extensions?.field).toBe('input.email');
        const role = await fails(app, INVITE, { key: alice, variables: { input: { email: 'x@example.test', role_id: 'nope' } } }, 'BAD_USER_INPUT');
        expect(role.message).toMatch(/UUID/);
      });
      await ok(app, INVITE, { key: alice, variables: { input: { email: 'x@example.test' } } });
      const again = await fails(app, INVITE, { key: alice, variables: { input: { email: 'X@example.test' } } }, 'BAD_USER_INPUT');
      expect(again.message).toMatch(/pending/);
    });

    it('admins list and revoke pending invitations; a read-only user may not revoke', async () => {
      const invited = await ok(app, INVITE, { key: alice, variables: { input: { email: 'x@example.test' } } });
      const id = invited.create_membership_invitation.id as string;
      await unchangedBy(() => fails(app, REVOKE, { key: app.key(refs.rita), variables: { id } }, 'FORBIDDEN'));
      expect((await ok(app, REVOKE, { key: alice, variables: { id } })).delete_membership_invitation).toEqual({ success: true, error: null });
      expect((await ok(app, REVOKE, { key: alice, variables: { id } })).delete_membership_invitation.success).toBe(false);
    });
  });

  describe('tenants', () => {
    it('a slug another tenant has is refused, naming the field; renaming applies', async () => {
      await unchangedBy(async () => {
        const taken = await fails(app, 'mutation { update_tenant_slug(input: {slug: "globex"}) { id } }', { key: alice }, 'BAD_USER_INPUT');
        expect(taken.extensions?.field).toBe('input.slug');
        await fails(app, 'mutation { update_tenant_slug(input: {slug: "Not A Slug"}) { id } }', { key: alice }, 'BAD_USER_INPUT');
        await fails(app, 'mutation { update_tenant_name(input: {name: "  "}) { id } }', { key: alice }, 'BAD_USER_INPUT');
        await fails(app, 'mutation { update_tenant_settings(input: {settings: [1]}) { id } }', { key: alice }, 'BAD_USER_INPUT');
        await fails(app, 'mutation { update_tenant_name(input: {name: "Bob Corp"}) { id } }', { key: bob }, 'FORBIDDEN');
      });
      await ok(app, 'mutation { update_tenant_slug(input: {slug: "acme"}) { id } }', { key: alice });
      await ok(app, 'mutation { update_tenant_name(input: {name: "Acme 2"}) { id } }', { key: alice });
      expect((await ok(app, `query { tenant_by_pk(id: "${ids.acme}") { name slug } }`, { key: bob })).tenant_by_pk).toEqual({ name: 'Acme 2', slug: 'acme' });
    });

    it('deleting revokes every key bound to it and leaves its people their other tenants', async () => {
      await unchangedBy(() => fails(app, 'mutation { delete_tenant(input: {confirm: false}) { success } }', { key: alice }, 'BAD_USER_INPUT'));
      const deleted = await ok(app, 'mutation { delete_tenant(input: {confirm: true}) { success } }', { key: alice });
      expect(deleted.delete_tenant).toEqual({ success: true });
      for (const ref of [refs.aliceAdmin, refs.bob, refs.rita, refs.acmeAgent]) {
        const error = await fails(app, 'query { auth_info { tenant_id } }', { key: app.key(ref) }, 'UNAUTHENTICATED');
        expect(error.message).toMatch(/tenant has been deleted/);
      }
      // Alice is still a USER of globex; globex is untouched.
      const gina = app.key(refs.ginaAdmin);
      const members = await ok(app, 'query { user_view_same_tenant { id } }', { key: gina });
      expect(members.user_view_same_tenant.map((u: { id: string }) => u.id)).toContain(ids.alice);
      const state = app.main.store.state;
      expect(state.user(ids.acmeAgent)).toBeUndefined();
      expect(state.user(ids.alice)?.defaultMembershipId).toBe(state.membershipOf(ids.alice, ids.globex)?.id);
      expect(state.tenants.by('slug', 'acme')).toBeUndefined();
    });
  });

  describe('enterprise tenants', () => {
    it('a licence administrator creates a tenant under the licence, administers it, and deletes it', async () => {
      await ok(app, SET_ROLE, { key: alice, variables: { input: { membership_id: await membershipOf(app, alice, ids.bob), role_id: builtInRoleId('ENTERPRISE_LICENSE_ADMIN') } } });
      const info = await ok(app, 'query { auth_info { permissions } }', { key: bob });
      expect(info.auth_info.permissions).toContain('license:admin');
      const made = await ok(app, 'mutation { create_enterprise_tenant(input: {name: "Second Team", slug: "second-team"}) { id } }', { key: bob });
      const tenantId = made.create_enterprise_tenant.id as string;
      const mine = await ok(app, 'query { user { memberships { tenant { slug } role_detail { name } } } }', { key: bob });
      expect(mine.user[0].memberships).toContainEqual({ tenant: { slug: 'second-team' }, role_detail: { name: 'TENANT_ADMIN' } });
      // Only tenants the licence administrator belongs to: globex is not bob's.
      expect((await ok(app, `mutation { delete_enterprise_tenant(input: {tenant_id: "${ids.globex}", confirm: true}) { success } }`, { key: bob })).delete_enterprise_tenant.success).toBe(false);
      expect((await ok(app, `mutation { delete_enterprise_tenant(input: {tenant_id: "${tenantId}", confirm: true}) { success } }`, { key: bob })).delete_enterprise_tenant.success).toBe(true);
      expect(app.main.store.state.tenant(tenantId)).toBeUndefined();
      await fails(app, 'mutation { create_enterprise_tenant(input: {name: "Third"}) { id } }', { key: alice }, 'FORBIDDEN');
    });
  });

  describe('deprecated API tokens, agents and agent configs', () => {
    it('a token is listed, authenticates auth_info only, and is deleted by its owner', async () => {
      const made = await ok(app, 'mutation { create_api_token(input: {name: "old style", scope: USER, expires_at: "2027-01-01T00:00:00Z"}) { id token } }', { key: bob });
      const { id, token } = made.create_api_token as { id: string; token: string };
      const listed = await ok(app, 'query { api_token { id name scope user_id tenant_id expires_at last_used created_by { id } } }', { key: bob });
      expect(listed.api_token).toEqual([{ id, name: 'old style', scope: 'USER', user_id: ids.bob, tenant_id: null, expires_at: '2027-01-01T00:00:00.000+00:00', last_used: null, created_by: { id: ids.bob } }]);
      expect((await ok(app, 'query { auth_info { user_id tenant_id api_token_scope } }', { key: token })).auth_info).toEqual({ user_id: ids.bob, tenant_id: null, api_token_scope: 'USER' });
      await fails(app, 'query { auth_api_key { id } }', { key: token }, 'UNAUTHENTICATED');
      // Alice (an admin) sees tenant tokens, never bob's own; she cannot delete his.
      expect((await ok(app, `mutation { delete_api_token(input: {token_id: "${id}"}) { success } }`, { key: alice })).delete_api_token.success).toBe(false);
      expect((await ok(app, `mutation { delete_api_token(input: {token_id: "${id}"}) { success } }`, { key: bob })).delete_api_token.success).toBe(true);
      await fails(app, 'query { auth_info { user_id } }', { key: token }, 'UNAUTHENTICATED');
      await fails(app, 'mutation { create_api_token(input: {name: "runner", scope: RUNNER}) { id } }', { key: bob }, 'FORBIDDEN');
    });

    it('a token with an expiry stops working then, by the emulator\'s clock', async () => {
      const made = await ok(app, 'mutation { create_api_token(input: {name: "brief", expires_at: "2026-05-01T01:00:00Z"}) { token } }', { key: bob });
      const { token } = made.create_api_token as { token: string };
      expect((await ok(app, 'query { auth_info { user_id } }', { key: token })).auth_info.user_id).toBe(ids.bob);
      app.main.clock.advance(3_600_000);
      const error = await fails(app, 'query { auth_info { user_id } }', { key: token }, 'UNAUTHENTICATED');
      expect(error.message).toMatch(/expired/);
    });

    it('an agent records its key and core version; deleting its config leaves it without one', async () => {
      const sa = app.key(refs.acmeAgent);
      const config = await ok(app, 'mutation { create_agent_config(input: {name: "docker", settings: {x: 1}}) { id } }', { key: bob });
      const configId = config.create_agent_config.id as string;
      const agentQuery = `mutation { register_agent(input: {tenant_id: "${ids.acme}", type: "DockerAgent", name: "d", labels: [], agent_config_id: "${configId}"}) { id } }`;
      const agent = await ok(app, agentQuery, { key: sa });
      const agentId = agent.register_agent.id as string;
      const listed = await ok(app, 'query { agent { id core_version token_id token_name agent_config_id } }', { key: alice });
      expect(listed.agent).toEqual([{ id: agentId, core_version: '1.4.1', token_id: app.main.fixtureKeys.find((k) => k.ref === refs.acmeAgent)!.id, token_name: 'acme agent key', agent_config_id: configId }]);
      await fails(app, `mutation { delete_agent_config(input: {agent_config_id: "${configId}"}) { success } }`, { key: app.key(refs.rita) }, 'FORBIDDEN');
      expect((await ok(app, `mutation { delete_agent_config(input: {agent_config_id: "${configId}"}) { success } }`, { key: bob })).delete_agent_config.success).toBe(true);
      expect((await ok(app, `query { agent_config_by_pk(id: "${configId}") { id } }`, { key: alice })).agent_config_by_pk).toBeNull();
      expect((await ok(app, 'query { agent { agent_config_id } }', { key: alice })).agent).toEqual([{ agent_config_id: null }]);
      // Another tenant's agent does not exist for globex.
      expect((await ok(app, `mutation { delete_agent(input: {agent_id: "${agentId}"}) { success } }`, { key: app.key(refs.ginaAdmin) })).delete_agent.success).toBe(false);
      expect((await ok(app, `mutation { delete_agent(input: {agent_id: "${agentId}"}) { success } }`, { key: bob })).delete_agent.success).toBe(true);
    });
  });
});
