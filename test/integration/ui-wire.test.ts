import { describe, expect, it } from 'vitest';
import { builtInRoleId } from '../../src/domain/roles.js';
import { ids, refs, type TestApp } from '../helpers/app.js';
import { fails, freshAppForEachTest, ok, type Data } from './helpers.js';

/** The operations the Cloud 1.0 web UI sends for keys, service accounts and roles. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_FORMAT = /^pce_[A-Za-z0-9_-]{43}$/;
const WIRE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const FROZEN = Date.parse('2026-05-01T00:00:00.000Z');

const UI_KEYS = `query {
  auth_api_key(order_by: {created: desc}) {
    id name created expires_at default_tenant_id user_id updated created_by { id username }
  }
}`;

describe('the Cloud 1.0 UI against the emulator', () => {
  let app: TestApp;
  let alice: string;
  freshAppForEachTest((a) => { app = a; alice = a.key(refs.aliceAdmin); }, { frozenAt: FROZEN });

  it('auth_api_key(order_by: {created: desc}) with every field, newest first', async () => {
    app.main.clock.advance(60_000);
    const created = await ok(app, `mutation { create_api_key(input: {user_id: "${ids.alice}", name: "newer", expires_at: null, default_tenant_id: "${ids.acme}"}) { id key } }`, { key: alice });
    const data = await ok(app, UI_KEYS, { key: alice });
    const rows = data.auth_api_key as Data[];
    expect(rows.map((r) => r.name)).toEqual(['newer', 'Alice Admin default key', 'acme agent key']);
    expect(rows[0]).toEqual({
      id: created.create_api_key.id,
      name: 'newer',
      created: '2026-05-01T00:01:00.000+00:00',
      updated: '2026-05-01T00:01:00.000+00:00',
      expires_at: null,
      default_tenant_id: ids.acme,
      user_id: ids.alice,
      created_by: { id: ids.alice, username: 'alice@acme.test' },
    });
    for (const row of rows) {
      expect(row.id).toMatch(UUID);
      expect(row.created).toMatch(WIRE_TIME);
      expect(row.updated).toMatch(WIRE_TIME);
      expect(row.default_tenant_id).toBe(ids.acme);
    }
    expect(rows.find((r) => r.name === 'acme agent key')?.user_id).toBe(ids.acmeAgent);
  });

  it("create_api_key for one's own key with default_tenant_id: { id key }", async () => {
    const data = await ok(app, 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }', {
      key: alice, variables: { input: { user_id: ids.alice, name: 'ui key', expires_at: '2026-12-31T00:00:00.000Z', default_tenant_id: ids.acme } },
    });
    expect(data.create_api_key.id).toMatch(UUID);
    expect(KEY_FORMAT.test(data.create_api_key.key), 'a well-formed key').toBe(true);
    const me = await ok(app, 'query { auth_info { user_id tenant_id } }', { key: data.create_api_key.key });
    expect(me.auth_info).toEqual({ user_id: ids.alice, tenant_id: ids.acme });
  });

  it("create_api_key for a service account, without a tenant, is bound to the account's tenant", async () => {
    app.main.clock.advance(1_000);
    const data = await ok(app, 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }', {
      key: alice, variables: { input: { user_id: ids.acmeAgent, name: 'agent key 2', expires_at: null } },
    });
    const me = await ok(app, 'query { auth_info { user_id tenant_id role_id } }', { key: data.create_api_key.key });
    expect(me.auth_info).toEqual({ user_id: ids.acmeAgent, tenant_id: ids.acme, role_id: builtInRoleId('TENANT_ADMIN') });
    const listed = await ok(app, UI_KEYS, { key: alice });
    expect(listed.auth_api_key[0]).toMatchObject({ id: data.create_api_key.id, user_id: ids.acmeAgent, created_by: { id: ids.alice } });
  });

  it('create_api_key { token } (the name the product docs use) returns the same key as { key }', async () => {
    const data = await ok(app, `mutation { create_api_key(input: { user_id: "${ids.alice}", name: "my-api-key" }) { token key } }`, { key: alice });
    expect(KEY_FORMAT.test(data.create_api_key.token), 'a well-formed key').toBe(true);
    expect(data.create_api_key.token === data.create_api_key.key).toBe(true);
    const tokenOnly = await ok(app, `mutation { create_api_key(input: { user_id: "${ids.alice}", name: "docs" }) { token } }`, { key: alice });
    const me = await ok(app, 'query { auth_info { user_id } }', { key: tokenOnly.create_api_key.token });
    expect(me.auth_info.user_id).toBe(ids.alice);
  });

  it('delete_api_key(input: {key_id}) { success error }', async () => {
    const created = await ok(app, `mutation { create_api_key(input: {user_id: "${ids.alice}", name: "gone"}) { id } }`, { key: alice });
    const deleted = await ok(app, `mutation { delete_api_key(input: {key_id: "${created.create_api_key.id}"}) { success error } }`, { key: alice });
    expect(deleted.delete_api_key).toEqual({ success: true, error: null });
    const again = await ok(app, `mutation { delete_api_key(input: {key_id: "${created.create_api_key.id}"}) { success error } }`, { key: alice });
    expect(again.delete_api_key).toEqual({ success: false, error: expect.any(String) });
  });

  it('create_service_account(input: {tenant_id, name, role_id}) { id }, then it is listed as SERVICE', async () => {
    const data = await ok(app, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "ci-runner", role_id: "${builtInRoleId('USER')}"}) { id } }`, { key: alice });
    const id = data.create_service_account.id as string;
    expect(id).toMatch(UUID);
    const members = await ok(app, 'query { user_view_same_tenant { id first_name account_type memberships { tenant_id role_detail { name } } } }', { key: alice });
    expect(members.user_view_same_tenant).toContainEqual({
      id, first_name: 'ci-runner', account_type: 'SERVICE', memberships: [{ tenant_id: ids.acme, role_detail: { name: 'USER' } }],
    });
  });

  it('create_service_account without a role makes a tenant admin', async () => {
    const data = await ok(app, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "admin-bot"}) { id } }`, { key: alice });
    const key = await ok(app, `mutation { create_api_key(input: {user_id: "${data.create_service_account.id}", name: "k"}) { key } }`, { key: alice });
    const me = await ok(app, 'query { auth_info { role_id tenant_id } }', { key: key.create_api_key.key });
    expect(me.auth_info).toEqual({ role_id: builtInRoleId('TENANT_ADMIN'), tenant_id: ids.acme });
  });

  it('delete_service_account(input: {user_id}) { success }', async () => {
    const data = await ok(app, `mutation { delete_service_account(input: {user_id: "${ids.acmeAgent}"}) { success } }`, { key: alice });
    expect(data.delete_service_account).toEqual({ success: true });
    const members = await ok(app, 'query { user_view_same_tenant { id } }', { key: alice });
    expect(members.user_view_same_tenant.map((u: { id: string }) => u.id)).not.toContain(ids.acmeAgent);
    const again = await ok(app, `mutation { delete_service_account(input: {user_id: "${ids.acmeAgent}"}) { success } }`, { key: alice });
    expect(again.delete_service_account).toEqual({ success: false });
  });

  it('user_view_same_tenant with memberships and role details', async () => {
    const data = await ok(app, `query {
      user_view_same_tenant { id username email first_name last_name account_type memberships { id tenant_id role_detail { id name } } }
    }`, { key: alice });
    const rows = data.user_view_same_tenant as Data[];
    expect(rows.map((r) => r.id).sort()).toEqual([ids.alice, ids.bob, ids.rita, ids.acmeAgent].sort());
    const aliceRow = rows.find((r) => r.id === ids.alice)!;
    expect(aliceRow).toMatchObject({ username: 'alice@acme.test', email: 'alice@acme.test', first_name: 'Alice', last_name: 'Admin', account_type: 'USER' });
    // A colleague's other tenants stay private: only the membership in this tenant.
    expect(aliceRow.memberships).toEqual([{ id: expect.stringMatching(UUID), tenant_id: ids.acme, role_detail: { id: builtInRoleId('TENANT_ADMIN'), name: 'TENANT_ADMIN' } }]);
    const agent = rows.find((r) => r.id === ids.acmeAgent)!;
    expect(agent).toMatchObject({ account_type: 'SERVICE', first_name: 'acme-agent', email: null });
    expect(rows.find((r) => r.id === ids.rita)!.memberships[0].role_detail.name).toBe('READ_ONLY_USER');
  });

  it('set_membership_role(input: {membership_id, role_id}) { id }', async () => {
    const members = await ok(app, 'query { user_view_same_tenant { id memberships { id } } }', { key: alice });
    const bobMembership = members.user_view_same_tenant.find((u: { id: string }) => u.id === ids.bob).memberships[0].id as string;
    const data = await ok(app, `mutation { set_membership_role(input: {membership_id: "${bobMembership}", role_id: "${builtInRoleId('TENANT_ADMIN')}"}) { id } }`, { key: alice });
    expect(data.set_membership_role).toEqual({ id: bobMembership });
    const bob = await ok(app, 'query { auth_info { role_id permissions } }', { key: app.key(refs.bob) });
    expect(bob.auth_info.role_id).toBe(builtInRoleId('TENANT_ADMIN'));
    expect(bob.auth_info.permissions).toEqual(expect.arrayContaining(['create:service-account', 'update:service-account', 'delete:service-account', 'create:service-api-key', 'delete:service-api-key']));
  });

  it('auth_role { id name permissions tenant_id created updated } lists the built-in roles', async () => {
    const data = await ok(app, 'query { auth_role { id name permissions tenant_id created updated } }', { key: alice });
    const roles = data.auth_role as Data[];
    expect(roles.map((r) => r.name).sort()).toEqual(['ENTERPRISE_LICENSE_ADMIN', 'READ_ONLY_USER', 'RUNNER', 'TENANT_ADMIN', 'USER']);
    for (const r of roles) {
      expect(r.id).toMatch(UUID);
      expect(r.tenant_id).toBeNull();
      expect(r.created).toMatch(WIRE_TIME);
      expect(r.updated).toMatch(WIRE_TIME);
      expect(Array.isArray(r.permissions)).toBe(true);
    }
    const admin = roles.find((r) => r.name === 'TENANT_ADMIN')!;
    expect(admin.permissions).toEqual(expect.arrayContaining(['create:service-account', 'create:api-key', 'create:membership', 'create:membership-invitation', 'delete:membership-invitation']));
    // Cloud's names only: none of the underscore names earlier versions of the emulator used.
    for (const r of roles) for (const p of r.permissions as string[]) expect(p).toMatch(/^(create|read|update|delete|license):[a-z]+(-[a-z]+)*$/);
  });

  it('user { … memberships { id tenant { id name slug } role_detail { id name } } }', async () => {
    const data = await ok(app, `query {
      user { id username email first_name last_name default_membership_id memberships { id tenant { id name slug } role_detail { id name } } }
    }`, { key: alice });
    expect(data.user).toHaveLength(1);
    const me = data.user[0];
    expect(me).toMatchObject({ id: ids.alice, username: 'alice@acme.test', email: 'alice@acme.test', first_name: 'Alice', last_name: 'Admin' });
    const memberships = me.memberships as { id: string; tenant: { slug: string }; role_detail: { name: string } }[];
    expect(memberships.map((m) => [m.tenant.slug, m.role_detail.name]).sort()).toEqual([['acme', 'TENANT_ADMIN'], ['globex', 'USER']]);
    expect(memberships.find((m) => m.tenant.slug === 'acme')?.id).toBe(me.default_membership_id);
    expect(memberships.find((m) => m.tenant.slug === 'globex')?.tenant).toEqual({ id: ids.globex, name: 'Globex', slug: 'globex' });
  });

  it('auth_info { user_id tenant_id role_id permissions license }', async () => {
    const data = await ok(app, 'query { auth_info { user_id tenant_id role_id permissions license } }', { key: app.key(refs.rita) });
    expect(data.auth_info).toMatchObject({ user_id: ids.rita, tenant_id: ids.acme, role_id: builtInRoleId('READ_ONLY_USER') });
    expect(data.auth_info.permissions).toEqual(expect.arrayContaining(['read:api-key', 'read:run', 'feature:basic-rbac', 'feature:custom-role']));
    expect(data.auth_info.permissions).not.toContain('create:agent');
    expect(data.auth_info.permissions).not.toContain('create:service-account');
    // The licence the shell reads: features that enable RBAC and custom roles, no limits.
    expect(data.auth_info.license).toMatchObject({ id: expect.stringMatching(UUID), account_name: 'Acme Corp', terms: { plan: 'PLATFORM', users: null, read_only_users: null } });
    expect(data.auth_info.license.terms.permissions).toEqual(expect.arrayContaining(['feature:basic-rbac', 'feature:custom-role']));
  });

  it('tenant { id created name slug info settings }', async () => {
    const data = await ok(app, 'query { tenant { id created name slug info settings } }', { key: app.key(refs.bob) });
    expect(data.tenant).toEqual([{ id: ids.acme, created: '2026-01-01T00:00:00.000+00:00', name: 'Acme Corp', slug: 'acme', info: null, settings: { teamNamed: true } }]);
    const shell = await ok(app, 'query { tenant { id prefectAdminSettings: prefect_admin_settings stripe_customer license_id } auth_info { license } }', { key: app.key(refs.bob) });
    expect(shell.tenant).toEqual([{ id: ids.acme, prefectAdminSettings: {}, stripe_customer: null, license_id: shell.auth_info.license.id }]);
  });

  it('a UI operation with a non-admin key is refused FORBIDDEN, not hidden', async () => {
    await fails(app, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "x"}) { id } }`, { key: app.key(refs.bob) }, 'FORBIDDEN');
  });
});
