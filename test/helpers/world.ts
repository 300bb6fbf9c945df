import { readFileSync } from 'node:fs';
import type { Fixture } from '../../src/fixtures/format.js';

/**
 * The default fixture (fixtures/default.json) as the tests know it: its ids, its keys' refs,
 * its keys' plaintexts, and the queries many tests send. One home, so a test says "Bob" rather
 * than his id.
 */
export const ids = {
  acme: '11111111-1111-4111-8111-111111111111',
  globex: '22222222-2222-4222-8222-222222222222',
  alice: '1a1a1a1a-0000-4000-8000-000000000001',
  bob: '1b1b1b1b-0000-4000-8000-000000000001',
  rita: '1c1c1c1c-0000-4000-8000-000000000001',
  acmeAgent: '1d1d1d1d-0000-4000-8000-000000000001',
  gina: '2a2a2a2a-0000-4000-8000-000000000002',
  gus: '2b2b2b2b-0000-4000-8000-000000000002',
  rory: '2c2c2c2c-0000-4000-8000-000000000002',
  globexAgent: '2d2d2d2d-0000-4000-8000-000000000002',
} as const;

/** The default fixture's key refs: Alice is Acme's admin, Bob a user, Rita read-only; Gina, Gus and Rory the same at Globex. */
export const refs = {
  aliceAdmin: 'acme-tenant-admin',
  bob: 'acme-user',
  rita: 'acme-read-only-user',
  acmeAgent: 'acme-service-account',
  ginaAdmin: 'globex-tenant-admin',
  gus: 'globex-user',
  rory: 'globex-read-only-user',
  globexAgent: 'globex-service-account',
} as const;

const defaultFixture = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Fixture;

/** The default fixture's keys' plaintexts, by the names of {@link refs}: for tests that start no emulator of their own. */
export const FIXTURE_KEYS = Object.fromEntries(
  Object.entries(refs).map(([name, ref]) => [name, defaultFixture.api_keys!.find((k) => k.ref === ref)!.key!]),
) as { readonly [K in keyof typeof refs]: string };

/** Who is calling: what most access tests check first. */
export const AUTH_INFO = 'query Who { auth_info { user_id tenant_id } }';

/** Who is calling, and with which role. */
export const AUTH_INFO_WITH_ROLE = 'query Who { auth_info { user_id tenant_id role role_id } }';

/** The mutations most tests make. */
export const CREATE_KEY = 'mutation Create($input: create_api_key_input!) { create_api_key(input: $input) { id key } }';
export const DELETE_KEY = 'mutation Delete($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }';
export const CREATE_SERVICE_ACCOUNT = 'mutation CreateAccount($input: create_service_account_input!) { create_service_account(input: $input) { id } }';
export const SET_ROLE = 'mutation SetRole($input: set_membership_role_input!) { set_membership_role(input: $input) { id } }';
export const REGISTER_AGENT = 'mutation Register($input: register_agent_input!) { register_agent(input: $input) { id } }';
export const HEARTBEAT = 'mutation Beat($input: update_agent_heartbeat_input!) { update_agent_heartbeat(input: $input) { success } }';
/** The caller's keys, as the client's `auth list-keys` lists them. */
export const LIST_KEYS = 'query Keys { auth_api_key { id name expires_at user_id default_tenant_id } }';
