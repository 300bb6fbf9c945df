import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRoleId } from '../../src/domain/roles.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { CREATE_KEY, fails, ok } from './helpers.js';

/** Hasura-style where / order_by / limit / offset on the list queries, through GraphQL. */
const FROZEN = Date.parse('2026-05-01T00:00:00.000Z');
const MINUTE = 60_000;

describe('list arguments', () => {
  let app: TestApp;
  let alice: string;

  const names = async (query: string, variables?: Record<string, unknown>): Promise<string[]> => {
    const data = await ok(app, query, { key: alice, ...(variables ? { variables } : {}) });
    const rows = Object.values(data)[0] as { name: string }[];
    return rows.map((r) => r.name);
  };

  beforeAll(async () => {
    app = await createTestApp({ frozenAt: FROZEN });
    alice = app.key(refs.aliceAdmin);
    // Alice's keys, one a minute: k1 (never expires), k2 (+1 day), k3 (+2 days).
    const expiries = [null, new Date(FROZEN + 86_400_000).toISOString(), '2026-05-03T02:00:00+02:00'];
    for (const [i, expiresAt] of expiries.entries()) {
      app.main.clock.advance(MINUTE);
      await ok(app, CREATE_KEY, { key: alice, variables: { input: { name: `k${i + 1}`, user_id: ids.alice, expires_at: expiresAt } } });
    }
  });
  afterAll(async () => { await app.close(); });

  describe('auth_api_key', () => {
    it('where on a string column with _eq, _neq, _in, _nin, _like, _ilike', async () => {
      expect(await names('query { auth_api_key(where: {name: {_eq: "k2"}}) { name } }')).toEqual(['k2']);
      expect((await names('query { auth_api_key(where: {name: {_neq: "k2"}}, order_by: {name: asc}) { name } }'))).toEqual(['Alice Admin default key', 'acme agent key', 'k1', 'k3']);
      expect(await names('query { auth_api_key(where: {name: {_in: ["k1", "k3", "nope"]}}, order_by: {name: asc}) { name } }')).toEqual(['k1', 'k3']);
      expect(await names('query { auth_api_key(where: {name: {_nin: ["k1", "k3"]}}, order_by: {name: asc}) { name } }')).toEqual(['Alice Admin default key', 'acme agent key', 'k2']);
      expect(await names('query { auth_api_key(where: {name: {_like: "k%"}}, order_by: {name: asc}) { name } }')).toEqual(['k1', 'k2', 'k3']);
      expect(await names('query { auth_api_key(where: {name: {_ilike: "%KEY"}}, order_by: {name: asc}) { name } }')).toEqual(['Alice Admin default key', 'acme agent key']);
      expect(await names('query { auth_api_key(where: {name: {_gt: "k1", _lte: "k3"}}, order_by: {name: asc}) { name } }')).toEqual(['k2', 'k3']);
    });

    it('where on uuid columns, with variables', async () => {
      const q = 'query($user: uuid) { auth_api_key(where: {user_id: {_eq: $user}}, order_by: {name: asc}) { name } }';
      expect(await names(q, { user: ids.acmeAgent })).toEqual(['acme agent key']);
      expect(await names(q, { user: ids.acmeAgent.toUpperCase() })).toEqual(['acme agent key']);
      expect(await names(`query { auth_api_key(where: {default_tenant_id: {_neq: "${ids.acme}"}}) { name } }`)).toEqual([]);
    });

    it('where on expires_at compares instants, whatever the offset', async () => {
      const at = new Date(FROZEN + 86_400_000).toISOString();
      expect(await names(`query { auth_api_key(where: {expires_at: {_eq: "${at.replace('Z', '+00:00')}"}}) { name } }`)).toEqual(['k2']);
      expect(await names('query { auth_api_key(where: {expires_at: {_eq: "2026-05-03T00:00:00Z"}}) { name } }')).toEqual(['k3']);
      expect(await names('query { auth_api_key(where: {expires_at: {_eq: "2026-05-02T20:00:00-04:00"}}) { name } }')).toEqual(['k3']);
      expect(await names('query { auth_api_key(where: {expires_at: {_gt: "2026-05-02T12:00:00+00:00"}}) { name } }')).toEqual(['k3']);
      expect(await names('query { auth_api_key(where: {expires_at: {_is_null: true}}, order_by: {name: asc}) { name } }')).toEqual(['Alice Admin default key', 'acme agent key', 'k1']);
      expect(await names('query($t: timestamptz) { auth_api_key(where: {expires_at: {_lt: $t}}) { name } }', { t: '2026-05-02T23:00:00Z' })).toEqual(['k2']);
    });

    it('_and, _or, _not', async () => {
      expect(await names('query { auth_api_key(where: {_and: [{name: {_like: "k%"}}, {expires_at: {_is_null: false}}]}, order_by: {name: asc}) { name } }')).toEqual(['k2', 'k3']);
      expect(await names('query { auth_api_key(where: {_or: [{name: {_eq: "k1"}}, {user_id: {_eq: "' + ids.acmeAgent + '"}}]}, order_by: {name: asc}) { name } }')).toEqual(['acme agent key', 'k1']);
      expect(await names('query { auth_api_key(where: {_not: {name: {_like: "k%"}}}, order_by: {name: asc}) { name } }')).toEqual(['Alice Admin default key', 'acme agent key']);
    });

    it('order_by created desc puts the newest first; expires_at nulls follow Postgres unless told', async () => {
      expect((await names('query { auth_api_key(order_by: {created: desc}, where: {name: {_like: "k%"}}) { name } }'))).toEqual(['k3', 'k2', 'k1']);
      expect(await names('query { auth_api_key(order_by: {expires_at: asc}, where: {name: {_like: "k%"}}) { name } }')).toEqual(['k2', 'k3', 'k1']);
      expect(await names('query { auth_api_key(order_by: {expires_at: desc}, where: {name: {_like: "k%"}}) { name } }')).toEqual(['k1', 'k3', 'k2']);
      expect(await names('query { auth_api_key(order_by: {expires_at: asc_nulls_first}, where: {name: {_like: "k%"}}) { name } }')).toEqual(['k1', 'k2', 'k3']);
      expect(await names('query { auth_api_key(order_by: {expires_at: desc_nulls_last}, where: {name: {_like: "k%"}}) { name } }')).toEqual(['k3', 'k2', 'k1']);
    });

    it('order_by with several keys, as an array', async () => {
      expect(await names('query { auth_api_key(order_by: [{user_id: desc}, {created: desc}]) { name } }')).toEqual(['acme agent key', 'k3', 'k2', 'k1', 'Alice Admin default key']);
    });

    it('limit and offset page through the ordered rows', async () => {
      const page = (limit: number, offset: number) => names(`query { auth_api_key(order_by: {name: asc}, limit: ${limit}, offset: ${offset}) { name } }`);
      expect(await page(2, 0)).toEqual(['Alice Admin default key', 'acme agent key']);
      expect(await page(2, 2)).toEqual(['k1', 'k2']);
      expect(await page(2, 4)).toEqual(['k3']);
      expect(await page(2, 6)).toEqual([]);
      expect(await names('query($l: Int, $o: Int) { auth_api_key(order_by: {name: desc}, limit: $l, offset: $o) { name } }', { l: 1, o: 1 })).toEqual(['k2']);
    });

    it('refuses a negative limit or offset with BAD_USER_INPUT', async () => {
      expect((await fails(app, 'query { auth_api_key(limit: -1) { id } }', { key: alice }, 'BAD_USER_INPUT')).extensions?.field).toBe('limit');
      expect((await fails(app, 'query { auth_api_key(offset: -5) { id } }', { key: alice }, 'BAD_USER_INPUT')).extensions?.field).toBe('offset');
    });

    it('a null operand matches nothing, without an error', async () => {
      for (const op of ['_eq', '_in', '_nin', '_gt', '_like', '_is_null']) {
        expect(await names('query($w: auth_api_key_bool_exp) { auth_api_key(where: $w) { name } }', { w: { name: { [op]: null } } }), op).toEqual([]);
      }
      expect(await names('query($t: timestamptz) { auth_api_key(where: {expires_at: {_lt: $t}}) { name } }', { t: null })).toEqual([]);
    });

    it('a pattern of many wildcards is answered', async () => {
      expect(await names(`query { auth_api_key(where: {name: {_like: "${'%'.repeat(60)}!"}}) { name } }`)).toEqual([]);
    });

    it('refuses columns that are not in the schema', async () => {
      const res = await app.gql('query { auth_api_key(where: {key_hash: {_eq: "x"}}) { id } }', { key: alice });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('filters only what the caller may see', async () => {
      const data = await ok(app, `query { auth_api_key(where: {user_id: {_eq: "${ids.alice}"}}) { name } }`, { key: app.key(refs.bob) });
      expect(data.auth_api_key).toEqual([]);
    });
  });

  describe('tenant', () => {
    it('where, order_by, limit, offset', async () => {
      expect(await names('query { tenant(order_by: {slug: desc}) { name } }')).toEqual(['Globex', 'Acme Corp']);
      expect(await names('query { tenant(where: {name: {_ilike: "acme%"}}) { name } }')).toEqual(['Acme Corp']);
      expect(await names('query { tenant(where: {_not: {slug: {_eq: "acme"}}}) { name } }')).toEqual(['Globex']);
      expect(await names(`query { tenant(where: {id: {_in: ["${ids.globex}"]}}) { name } }`)).toEqual(['Globex']);
      expect(await names('query { tenant(where: {created: {_eq: "2026-01-01T00:00:00Z"}}, order_by: {slug: asc}) { name } }')).toEqual(['Acme Corp', 'Globex']);
      expect(await names('query { tenant(order_by: {slug: asc}, limit: 1, offset: 1) { name } }')).toEqual(['Globex']);
    });
  });

  describe('user_view_same_tenant', () => {
    it('where, order_by, limit, offset', async () => {
      const usernames = async (args: string): Promise<string[]> => {
        const data = await ok(app, `query { user_view_same_tenant${args} { username } }`, { key: alice });
        return (data.user_view_same_tenant as { username: string }[]).map((u) => u.username);
      };
      expect(await usernames('(where: {account_type: {_eq: "USER"}}, order_by: {username: asc})')).toEqual(['alice@acme.test', 'bob@acme.test', 'rita@acme.test']);
      expect(await usernames('(where: {account_type: {_eq: "SERVICE"}})')).toEqual([expect.stringMatching(/^acme-agent-1d1d1d1d@service-account$/)]);
      expect(await usernames('(where: {_or: [{first_name: {_eq: "Bob"}}, {last_name: {_eq: "Reader"}}]}, order_by: {username: desc})')).toEqual(['rita@acme.test', 'bob@acme.test']);
      expect(await usernames('(where: {email: {_is_null: true}})')).toHaveLength(1);
      expect(await usernames('(order_by: {email: asc_nulls_first}, limit: 2)')).toEqual([expect.stringContaining('@service-account'), 'alice@acme.test']);
      expect(await usernames('(order_by: {username: asc}, limit: 2, offset: 1)')).toEqual(['alice@acme.test', 'bob@acme.test']);
    });
  });

  describe('auth_role', () => {
    it('where, order_by, limit, offset', async () => {
      expect(await names('query { auth_role(order_by: {name: asc}) { name } }')).toEqual(['ENTERPRISE_LICENSE_ADMIN', 'READ_ONLY_USER', 'RUNNER', 'TENANT_ADMIN', 'USER']);
      expect(await names('query { auth_role(where: {name: {_in: ["USER", "TENANT_ADMIN"]}}, order_by: {name: desc}) { name } }')).toEqual(['USER', 'TENANT_ADMIN']);
      expect(await names(`query { auth_role(where: {id: {_eq: "${builtInRoleId('READ_ONLY_USER')}"}}) { name } }`)).toEqual(['READ_ONLY_USER']);
      expect(await names('query { auth_role(where: {tenant_id: {_is_null: false}}) { name } }')).toEqual([]);
      expect(await names('query { auth_role(where: {_not: {name: {_like: "%USER"}}}, order_by: {name: asc}, limit: 2, offset: 1) { name } }')).toEqual(['RUNNER', 'TENANT_ADMIN']);
    });
  });
});
