import type { Fixture } from '../../src/index.js';

/** A small valid fixture the invalid cases below break one field at a time. */
export const base = (): Fixture => ({
  version: 1,
  tenants: [
    { id: '11111111-1111-4111-8111-111111111111', name: 'One', slug: 'one' },
    { id: '22222222-2222-4222-8222-222222222222', name: 'Two', slug: 'two' },
  ],
  users: [
    { id: 'aaaaaaaa-0000-4000-8000-000000000001', username: 'ann', memberships: [{ tenant_id: '11111111-1111-4111-8111-111111111111', role: 'TENANT_ADMIN' }] },
    { id: 'aaaaaaaa-0000-4000-8000-000000000002', username: 'ben', memberships: [{ tenant_id: '22222222-2222-4222-8222-222222222222', role: 'USER' }] },
  ],
  service_accounts: [{ id: 'aaaaaaaa-0000-4000-8000-000000000003', name: 'bot', tenant_id: '11111111-1111-4111-8111-111111111111' }],
  api_keys: [
    { ref: 'ann', name: 'ann key', user_id: 'aaaaaaaa-0000-4000-8000-000000000001', key: `pce_${'A'.repeat(43)}`, expires_at: '+1d' },
    { ref: 'ben', name: 'ben key', user_id: 'aaaaaaaa-0000-4000-8000-000000000002', key: `pce_${'B'.repeat(43)}` },
    { ref: 'bot', name: 'bot key', user_id: 'aaaaaaaa-0000-4000-8000-000000000003' },
  ],
  api_tokens: [{ name: 'legacy', user_id: 'aaaaaaaa-0000-4000-8000-000000000001', token: 'legacy-token-0001' }],
});

type Breaker = (f: Fixture) => void;
const UNKNOWN = '99999999-9999-4999-8999-999999999999';

/** [what is wrong, how to break the base fixture, the exact message after "<source>: "]. */
export const INVALID_FIXTURES: [string, Breaker, string][] = [
  ['a membership naming an unknown tenant', (f) => { f.users![1]!.memberships = [{ tenant_id: UNKNOWN, role: 'USER' }]; },
    `users[1].memberships[0].tenant_id refers to unknown tenant "${UNKNOWN}"`],
  ['a key for an unknown user', (f) => { f.api_keys![2]!.user_id = UNKNOWN; },
    `api_keys[2].user_id refers to unknown user or service account "${UNKNOWN}"`],
  ['a service account in an unknown tenant', (f) => { f.service_accounts![0]!.tenant_id = UNKNOWN; },
    `service_accounts[0].tenant_id refers to unknown tenant "${UNKNOWN}"`],
  ['an unknown role', (f) => { f.users![0]!.memberships[0]!.role = 'OWNER'; }, 'users[0].memberships[0].role refers to unknown role "OWNER"'],
  ['a key for a tenant its user is not in', (f) => { f.api_keys![1]!.tenant_id = '11111111-1111-4111-8111-111111111111'; },
    'api_keys[1].tenant_id must be a tenant the key\'s user is a member of'],
  ['a duplicate tenant id', (f) => { f.tenants[1]!.id = f.tenants[0]!.id; }, 'tenants[1].id duplicates "11111111-1111-4111-8111-111111111111"'],
  ['a duplicate tenant slug', (f) => { f.tenants[1]!.slug = 'one'; }, 'tenants[1].slug duplicates "one"'],
  ['a duplicate user id', (f) => { f.users![1]!.id = f.users![0]!.id; f.users![1]!.memberships[0]!.tenant_id = f.tenants[0]!.id; },
    'users[1].id duplicates "aaaaaaaa-0000-4000-8000-000000000001"'],
  ['a service account with a user\'s id', (f) => { f.service_accounts![0]!.id = f.users![0]!.id; },
    'service_accounts[0].id duplicates "aaaaaaaa-0000-4000-8000-000000000001"'],
  ['a duplicate username', (f) => { f.users![1]!.username = 'ann'; }, 'users[1].username duplicates "ann"'],
  ['a duplicate key', (f) => { f.api_keys![1]!.key = f.api_keys![0]!.key; }, 'api_keys[1].key is the same key as another entry'],
  ['a duplicate key ref', (f) => { f.api_keys![2]!.ref = 'ann'; }, 'api_keys[2].ref duplicates key ref "ann"; give each key a unique "ref"'],
  ['a key in a bad format', (f) => { f.api_keys![0]!.key = 'sk_live_0123456789'; },
    'api_keys[0].key must be "pce_" followed by 43 characters of A-Z a-z 0-9 _ -'],
  ['a key one character short', (f) => { f.api_keys![0]!.key = `pce_${'A'.repeat(42)}`; }, 'api_keys[0].key must be "pce_"'],
  ['a relative expiry that is not a duration', (f) => { f.api_keys![0]!.expires_at = '+1 fortnight'; },
    'api_keys[0].expires_at must be an ISO-8601 date-time with timezone or a relative duration like -1d, got "+1 fortnight"'],
  ['an absolute expiry without a timezone', (f) => { f.api_keys![1]!.expires_at = '2030-01-01T00:00:00'; },
    'api_keys[1].expires_at must be an ISO-8601 date-time with timezone or a relative duration like -1d, got "2030-01-01T00:00:00"'],
  ['a relative created date that is not a duration', (f) => { f.users![0]!.created = 'last week'; }, 'users[0].created must be'],
  ['a default tenant the user is not in', (f) => { f.users![0]!.default_tenant_id = '22222222-2222-4222-8222-222222222222'; },
    'users[0].default_tenant_id must be one of the user\'s membership tenants'],
  ['an id that is not a UUID', (f) => { f.tenants[0]!.id = 'one'; }, 'tenants[0].id must be a UUID, got "one"'],
  ['a bad slug', (f) => { f.tenants[1]!.slug = 'Two Words'; }, 'tenants[1].slug must be lowercase letters, digits and single hyphens'],
  ['a token equal to a key', (f) => { f.api_tokens![0]!.token = f.api_keys![0]!.key!; }, 'api_tokens[0].token is the same secret as another key or token'],
  ['a user without memberships', (f) => { delete (f.users![1] as { memberships?: unknown }).memberships; }, 'users[1].memberships must be an array'],
  ['a custom role with a permission Cloud never had', (f) => {
    f.roles = [{ id: 'cccccccc-0000-4000-8000-000000000001', name: 'odd', tenant_id: f.tenants[0]!.id, permissions: ['read:run', 'manage:everything'] }];
  }, 'roles[0].permissions[1] "manage:everything" is not a permission'],
  ['an invitation to something that is not an email', (f) => { f.invitations = [{ tenant_id: f.tenants[0]!.id, email: 'not-an-email' }]; },
    'invitations[0].email must be an email address'],
  ['the same email invited to a tenant twice', (f) => {
    f.invitations = [{ tenant_id: f.tenants[0]!.id, email: 'x@example.test' }, { tenant_id: f.tenants[0]!.id, email: 'X@example.test' }];
  }, 'invitations[1].email is invited to that tenant twice'],
  ['an invitation with another tenant\'s role', (f) => {
    f.roles = [{ id: 'cccccccc-0000-4000-8000-000000000001', name: 'two only', tenant_id: f.tenants[1]!.id, permissions: ['read:run'] }];
    f.invitations = [{ tenant_id: f.tenants[0]!.id, email: 'x@example.test', role: 'cccccccc-0000-4000-8000-000000000001' }];
  }, 'invitations[0].role is a role of another tenant'],
  ['another version', (f) => { (f as { version: number }).version = 2; }, 'version must be 1'],
  ['no tenants', (f) => { delete (f as Partial<Fixture>).tenants; }, 'tenants must be an array'],
];
