/**
 * The records the team pages make (invitations, custom roles, agent configs, tokens, user
 * settings, agents' keys) are journaled, survive a restart, travel in snapshots, go away on
 * reset and stay inside their sandbox. Data written before people were `USER` still loads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATE_FORMAT, STATE_VERSION } from '../../src/store/snapshot.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { ok } from './support.js';

const MAKE_RECORDS = `mutation {
  create_membership_invitation(input: {email: "new@example.test"}) { id }
  create_custom_role(input: {name: "Auditor", permissions: ["read:run"]}) { id }
  create_agent_config(input: {name: "k8s", settings: {namespace: "prefect"}}) { id }
  create_api_token(input: {name: "legacy", scope: TENANT}) { id }
  update_user_settings(input: {settings: {timezone: "UTC"}}) { id }
}`;
const READ_RECORDS = `query {
  membership_invitation { email role }
  auth_role(where: {tenant_id: {_is_null: false}}) { name permissions }
  agent_config(order_by: {name: asc}) { name settings }
  api_token(where: {scope: {_eq: "TENANT"}}, order_by: {name: asc}) { name }
  user { settings }
}`;

describe('team records in the store', () => {
  let dir: string;
  let dataFile: string;
  const open: TestApp[] = [];
  const start = async (options: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> => {
    const app = await createTestApp(options);
    open.push(app);
    return app;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pce-team-'));
    dataFile = path.join(dir, 'state.json');
  });
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('survive a restart from the data file and its journal', async () => {
    const first = await start({ dataFile });
    await ok(first, MAKE_RECORDS, { key: first.key(refs.aliceAdmin) });
    const before = await ok(first, READ_RECORDS, { key: first.key(refs.aliceAdmin) });
    expect(before.membership_invitation).toEqual([{ email: 'new@example.test', role: 'USER' }]);
    await first.close();
    open.splice(open.indexOf(first), 1);
    const second = await start({ dataFile });
    expect(await ok(second, READ_RECORDS, { key: second.key(refs.aliceAdmin) })).toEqual(before);
  });

  it('travel in snapshots, go on reset and stay inside their sandbox', async () => {
    const app = await start();
    const alice = app.key(refs.aliceAdmin);
    const created = await app.control('post', '/sandboxes', {});
    expect(created.status, created.text).toBe(201);
    const sandbox = (created.body as { id: string }).id;
    await ok(app, MAKE_RECORDS, { key: alice });
    const made = await ok(app, READ_RECORDS, { key: alice });
    const inSandbox = await ok(app, READ_RECORDS, { key: alice, path: `/sandboxes/${sandbox}/graphql` });
    expect(inSandbox.membership_invitation).toEqual([]);
    expect(inSandbox.auth_role).toEqual([]);

    const snapshot = (await app.control('get', '/snapshot')).body as { tables: Record<string, unknown[]> };
    expect(snapshot.tables.invitations).toHaveLength(1);
    await app.control('post', '/reset');
    const reset = await ok(app, READ_RECORDS, { key: alice });
    expect([reset.membership_invitation, reset.auth_role, reset.user]).toEqual([[], [], [{ settings: {} }]]);
    const restored = await app.control('put', '/snapshot', snapshot);
    expect(restored.status, restored.text).toBe(200);
    expect(await ok(app, READ_RECORDS, { key: alice })).toEqual(made);
  });

  it('loads a state written before invitations existed and when people were STANDARD', async () => {
    const app = await start();
    const snapshot = (await app.control('get', '/snapshot')).body as { tables: Record<string, Record<string, unknown>[]> };
    const legacy = {
      format: STATE_FORMAT, version: STATE_VERSION, seq: 0,
      tables: Object.fromEntries(Object.entries(snapshot.tables)
        .filter(([name]) => name !== 'invitations')
        .map(([name, rows]) => [name, name === 'users' ? rows.map((u) => (u.accountType === 'USER' ? { ...u, accountType: 'STANDARD' } : u)) : rows])),
    };
    const res = await app.control('put', '/snapshot', legacy);
    expect(res.status, res.text).toBe(200);
    const members = await ok(app, 'query { user_view_same_tenant(order_by: {username: asc}) { id account_type } }', { key: app.key(refs.aliceAdmin) });
    expect(members.user_view_same_tenant.find((u: { id: string }) => u.id === ids.bob).account_type).toBe('USER');
    expect(members.user_view_same_tenant.find((u: { id: string }) => u.id === ids.acmeAgent).account_type).toBe('SERVICE');
    expect((await app.control('get', '/snapshot')).body.tables.users.every((u: { accountType: string }) => u.accountType !== 'STANDARD')).toBe(true);
  });
});

describe('custom roles written with earlier permission names', () => {
  it('load from a fixture under Cloud\'s names and are enforced by them', async () => {
    const fixture = JSON.parse(fs.readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const roleId = 'cccccccc-0000-4000-8000-000000000001';
    fixture.roles = [{ id: roleId, name: 'SA keeper', tenant_id: ids.acme, permissions: ['read:user', 'create:service_account', 'create:service_account_api_key'] }];
    (fixture.users as { id: string; memberships: { tenant_id: string; role: string }[] }[])
      .find((u) => u.id === ids.bob)!.memberships = [{ tenant_id: ids.acme, role: roleId }];
    const app = await createTestApp({ fixture: fixture as never });
    try {
      const bob = app.key(refs.bob);
      const role = await ok(app, `query { auth_role(where: {id: {_eq: "${roleId}"}}) { permissions } }`, { key: bob });
      expect(role.auth_role[0].permissions).toEqual([
        'read:user', 'create:service-account', 'update:service-account', 'read:service-api-key', 'create:service-api-key', 'delete:service-api-key',
      ]);
      await ok(app, `mutation { create_service_account(input: {tenant_id: "${ids.acme}", name: "kept"}) { id } }`, { key: bob });
    } finally {
      await app.close();
    }
  });
});

describe('invitations in a fixture', () => {
  it('are pending at start, and their invitee accepts them with their own key', async () => {
    const fixture = JSON.parse(fs.readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    fixture.invitations = [{ tenant_id: ids.globex, email: 'Bob@Acme.test', role: 'READ_ONLY_USER', created: '-1d' }];
    const app = await createTestApp({ fixture: fixture as never });
    try {
      const bob = app.key(refs.bob);
      const pending = await ok(app, 'query { membership_invitation { id email role tenant { slug } } }', { key: bob });
      expect(pending.membership_invitation).toEqual([{ id: expect.any(String), email: 'bob@acme.test', role: 'READ_ONLY_USER', tenant: { slug: 'globex' } }]);
      await ok(app, 'mutation($id: UUID!) { accept_membership_invitation(input: {invitation_id: $id}) { id } }', { key: bob, variables: { id: pending.membership_invitation[0].id } });
      const tenants = await ok(app, 'query { tenant(order_by: {slug: asc}) { slug } }', { key: bob });
      expect(tenants.tenant).toEqual([{ slug: 'acme' }, { slug: 'globex' }]);
    } finally {
      await app.close();
    }
  });
});

describe('a data file and journal written by an earlier version', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pce-legacy-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('open with people as USER and roles under Cloud\'s permission names', async () => {
    const dataFile = path.join(dir, 'state.json');
    const first = await createTestApp({ dataFile });
    const doc = first.main.exportSnapshot();
    await first.close();
    const tables = doc.tables as unknown as Record<string, Record<string, unknown>[]>;
    delete tables.invitations;
    for (const u of tables.users!) if (u.accountType === 'USER') u.accountType = 'STANDARD';
    fs.writeFileSync(dataFile, JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION, seq: 1, tables }));
    const bob = tables.users!.find((u) => u.id === ids.bob)!;
    const role = { id: 'cccccccc-0000-4000-8000-000000000002', name: 'old', permissions: ['read:flow_run', 'create:api_key'], tenantId: ids.acme, created: doc.tables.tenants[0]!.created, updated: doc.tables.tenants[0]!.created };
    const journal = [
      { seq: 2, ops: [['put', 'users', { ...bob, firstName: 'Robert', accountType: 'STANDARD' }]] },
      { seq: 3, ops: [['put', 'roles', role]] },
    ];
    fs.writeFileSync(`${dataFile}.journal`, journal.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const second = await createTestApp({ dataFile });
    try {
      const alice = second.key(refs.aliceAdmin);
      const members = await ok(second, 'query { user_view_same_tenant { id first_name account_type } }', { key: alice });
      expect(members.user_view_same_tenant.find((u: { id: string }) => u.id === ids.bob)).toEqual({ id: ids.bob, first_name: 'Robert', account_type: 'USER' });
      expect(members.user_view_same_tenant.every((u: { account_type: string }) => u.account_type === 'USER' || u.account_type === 'SERVICE')).toBe(true);
      const roles = await ok(second, `query { auth_role(where: {id: {_eq: "${role.id}"}}) { permissions } }`, { key: alice });
      expect(roles.auth_role).toEqual([{ permissions: ['read:run', 'create:api-key'] }]);
    } finally {
      await second.close();
    }
  });
});
