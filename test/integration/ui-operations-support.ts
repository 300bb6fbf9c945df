/**
 * Support for the catalogue of the UI's operations (ui-operations.ts): who calls, what an
 * operation declares, and the records some operations need first.
 *
 * The GraphQL operations the Cloud 1.0 web UI sends from its app shell and its key-system
 * pages (API Keys, Service Accounts, Team > Members / Roles / Invitations, team settings,
 * Tokens, Agents), written here in our own words with the UI's operation names, fields,
 * aliases and variables. ui-operations.test.ts validates each against schema.graphql and
 * sends each as every kind of caller; docs/wire-compatibility.md shows the table built from
 * this list (`operationsTable()`). The session operations (log_in, refresh_token,
 * switch_tenant, log_out) are documented with the session flow, not here.
 */
import { builtInRoleId } from '../../src/domain/roles.js';
import { ids, refs, type TestApp } from '../helpers/app.js';
import { ok } from './support.js';

export const CALLER_KINDS = ['admin', 'user', 'readOnly', 'serviceAccount'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/** The fixture key each kind of caller uses: all of acme. */
export const CALLER_REFS: Record<CallerKind, string> = {
  admin: refs.aliceAdmin, user: refs.bob, readOnly: refs.rita, serviceAccount: refs.acmeAgent,
};

/** `ok`: data without errors; otherwise the error code every error carries. */
export type Outcome = 'ok' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND';

export interface Setup {
  app: TestApp;
  kind: CallerKind;
  /** The caller's key. */
  key: string;
  /** Alice's key: acme's tenant admin, to prepare records. */
  admin: string;
}

export interface UiOperation {
  /** The UI's operation name. */
  name: string;
  /** Where the UI sends it. */
  page: string;
  query: string;
  /** What it returns, for the documentation's table. */
  returns: string;
  variables?: (s: Setup) => Promise<Record<string, unknown>> | Record<string, unknown>;
  outcomes: Record<CallerKind, Outcome>;
  /** Checks the shapes the UI reads, on success. */
  check?: (data: Record<string, unknown>, s: Setup) => void | Promise<void>;
}

export const every = (outcome: Outcome): Record<CallerKind, Outcome> => ({ admin: outcome, user: outcome, readOnly: outcome, serviceAccount: outcome });
export const ALL = every('ok');
/** Tenant admins: alice, and acme-agent (a service account is TENANT_ADMIN by default). */
export const ADMINS: Record<CallerKind, Outcome> = { admin: 'ok', user: 'FORBIDDEN', readOnly: 'FORBIDDEN', serviceAccount: 'ok' };
/** Everyone who may change things in the tenant: not the read-only user. */
export const WRITERS: Record<CallerKind, Outcome> = { admin: 'ok', user: 'ok', readOnly: 'FORBIDDEN', serviceAccount: 'ok' };

export const gql = async (s: Setup, query: string, variables?: Record<string, unknown>, key = s.admin) =>
  ok(s.app, query, { key, ...(variables ? { variables } : {}) });

export const myMembership = async (s: Setup): Promise<string> => (await gql(s, 'query { auth_info { membership_id } }', undefined, s.key)).auth_info.membership_id as string;

/** Gina (globex's admin) invites an email to globex: an invitation whose invitee is outside acme's admins' reach. */
export const globexInvitation = async (s: Setup, email: string): Promise<string> =>
  (await gql(s, 'mutation($input: create_membership_invitation_input!) { create_membership_invitation(input: $input) { id } }',
    { input: { email, role_id: builtInRoleId('USER') } }, s.app.key(refs.ginaAdmin))).create_membership_invitation.id as string;

export const acmeInvitation = async (s: Setup): Promise<string> =>
  (await gql(s, 'mutation($input: create_membership_invitation_input!) { create_membership_invitation(input: $input) { id } }',
    { input: { email: 'newcomer@example.test', role_id: builtInRoleId('READ_ONLY_USER') } })).create_membership_invitation.id as string;

export const customRole = async (s: Setup): Promise<string> =>
  (await gql(s, 'mutation($input: create_custom_role_input!) { create_custom_role(input: $input) { id } }',
    { input: { name: 'Auditor', permissions: ['read:run', 'read:flow'] } })).create_custom_role.id as string;

export const agentOfAcme = async (s: Setup): Promise<string> =>
  (await gql(s, 'mutation($input: register_agent_input!) { register_agent(input: $input) { id } }',
    { input: { type: 'LocalAgent', name: 'ui agent', labels: ['ui'], tenant_id: ids.acme } }, s.app.key(refs.acmeAgent))).register_agent.id as string;

export const expectEq = (actual: unknown, expected: unknown, what: string): void => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
};
export const expectThat = (condition: boolean, what: string): void => {
  if (!condition) throw new Error(what);
};
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const list = (data: Record<string, unknown>, field: string): Record<string, unknown>[] => data[field] as Record<string, unknown>[];

export const TENANT_FIELDS = 'id created name info settings prefectAdminSettings: prefect_admin_settings stripe_customer license_id slug';
export const INVITATION_FIELDS = 'id role_detail { id name } email created tenant { id name slug }';

