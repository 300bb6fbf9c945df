/**
 * Every new input of the UI's team, tenant, token and agent operations is validated: a bad value
 * is one BAD_USER_INPUT error naming the field (in `extensions.field`, or in the message when
 * the GraphQL layer refuses it), and nothing is applied.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotDocument as StateDocument } from '../../src/store/snapshot-scope.js';
import { createTestApp, refs, type TestApp } from '../helpers/app.js';

let app: TestApp;
let baseline: StateDocument;
beforeAll(async () => {
  app = await createTestApp({ frozenAt: Date.parse('2026-05-01T00:00:00.000Z') });
  baseline = app.main.exportSnapshot();
});
afterAll(async () => { await app.close(); });
beforeEach(async () => { await app.main.importSnapshot(baseline); });

const NOT_UUID = 'not-a-uuid';
const LONG = 'x'.repeat(256);

/** [mutation, input type, a valid input, the field broken, its bad value]. */
const CASES: [string, string, Record<string, unknown>, string, unknown][] = [
  ['create_membership_invitation', 'create_membership_invitation_input', { email: 'a@example.test' }, 'email', 'no at sign'],
  ['create_membership_invitation', 'create_membership_invitation_input', { email: 'a@example.test' }, 'email', ''],
  ['create_membership_invitation', 'create_membership_invitation_input', { email: 'a@example.test' }, 'role_id', NOT_UUID],
  ['create_membership_invitation', 'create_membership_invitation_input', { email: 'a@example.test' }, 'role_id', '99999999-9999-4999-8999-999999999999'],
  ['create_membership_invitation', 'create_membership_invitation_input', { email: 'a@example.test' }, 'tenant_id', NOT_UUID],
  ['accept_membership_invitation', 'accept_membership_invitation_input', {}, 'invitation_id', NOT_UUID],
  ['delete_membership_invitation', 'delete_membership_invitation_input', {}, 'invitation_id', NOT_UUID],
  ['create_custom_role', 'create_custom_role_input', { name: 'r', permissions: [] }, 'name', '  '],
  ['create_custom_role', 'create_custom_role_input', { name: 'r', permissions: [] }, 'name', LONG],
  ['create_custom_role', 'create_custom_role_input', { name: 'r', permissions: [] }, 'name', 'READ_ONLY_USER'],
  ['create_custom_role', 'create_custom_role_input', { name: 'r', permissions: [] }, 'permissions', ['create:everything']],
  ['update_custom_role_permissions', 'update_custom_role_permissions_input', { permissions: [] }, 'role_id', NOT_UUID],
  ['update_custom_role_permissions', 'update_custom_role_permissions_input', { role_id: '00000000-0000-4000-8000-000000000002', permissions: [] }, 'role_id', '00000000-0000-4000-8000-000000000002'],
  ['delete_custom_role', 'delete_custom_role_input', {}, 'role_id', NOT_UUID],
  ['update_tenant_name', 'update_tenant_name_input', {}, 'name', ''],
  ['update_tenant_name', 'update_tenant_name_input', {}, 'name', 'bad\u0007name'],
  ['update_tenant_slug', 'update_tenant_slug_input', {}, 'slug', 'Upper Case'],
  ['update_tenant_slug', 'update_tenant_slug_input', {}, 'slug', 'globex'],
  ['update_tenant_settings', 'update_tenant_settings_input', {}, 'settings', 'not an object'],
  ['delete_tenant', 'delete_tenant_input', {}, 'confirm', false],
  ['delete_tenant', 'delete_tenant_input', { confirm: true }, 'tenant_id', NOT_UUID],
  ['update_user_settings', 'update_user_settings_input', {}, 'settings', [1, 2]],
  ['update_user_details', 'update_user_details_input', {}, 'first_name', LONG],
  ['update_user_details', 'update_user_details_input', {}, 'last_name', 'tab\u0009inside'],
  ['create_api_token', 'create_api_token_input', { name: 't' }, 'name', ''],
  ['create_api_token', 'create_api_token_input', { name: 't' }, 'scope', 'ADMIN'],
  ['create_api_token', 'create_api_token_input', { name: 't' }, 'expires_at', '2020-01-01T00:00:00Z'],
  ['create_api_token', 'create_api_token_input', { name: 't' }, 'expires_at', '2030-01-01T00:00:00'],
  ['delete_api_token', 'delete_api_token_input', {}, 'token_id', NOT_UUID],
  ['delete_agent', 'delete_agent_input', {}, 'agent_id', NOT_UUID],
  ['create_agent_config', 'create_agent_config_input', {}, 'name', LONG],
  ['create_agent_config', 'create_agent_config_input', {}, 'settings', 'x'],
  ['delete_agent_config', 'delete_agent_config_input', {}, 'agent_config_id', NOT_UUID],
  ['create_enterprise_tenant', 'create_enterprise_tenant_input', {}, 'name', 42],
];

describe('bad input to the UI operations', () => {
  it.each(CASES.map((c) => [`${c[0]} ${c[3]}=${JSON.stringify(c[4]).slice(0, 30)}`, ...c] as const))('%s', async (_label, field, type, valid, name, bad) => {
    const before = JSON.stringify(app.main.exportSnapshot().tables);
    const query = `mutation($input: ${type}!) { ${field}(input: $input) { __typename } }`;
    const res = await app.gql(query, { key: app.key(refs.aliceAdmin), variables: { input: { ...valid, [name]: bad } } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.errors, res.text).toHaveLength(1);
    const error = res.body.errors![0]!;
    expect(error.extensions?.code, res.text).toBe('BAD_USER_INPUT');
    const named = error.extensions?.field ?? error.message;
    expect(named, res.text).toContain(`input.${name}`);
    expect(JSON.stringify(app.main.exportSnapshot().tables)).toBe(before);
  });
});
