/**
 * The authorization matrix: for every operation of schema.graphql × every kind of caller ×
 * every kind of target, the outcome the emulator must give. This file is the single place
 * the expectations live; matrix.test.ts only runs them. `grid()` spells out every cell.
 *
 * Sources: issue 2's rules (auth_api_key visibility, create/delete key, admin-only mutations,
 * last admin), issue 4 (callers, targets, not-found-alike), the product docs
 * (/work/shared/reference/prefect-cloud-api-keys.md: Administrators and, through their default
 * role, service accounts see the tenant's service-account keys; only tenant admins create
 * service accounts; a key acts only in its tenant) and the rules documented in
 * src/domain/policies.ts and src/domain/roles.ts. Where those disagree with the code, this
 * table follows the documents.
 */

export const OPERATIONS = [
  'hello', 'auth_info', 'tenant', 'tenant_by_pk', 'user', 'user_view_same_tenant', 'auth_role',
  'auth_api_key', 'auth_api_key_by_pk', 'agent_config', 'agent',
  'create_api_key', 'delete_api_key', 'create_service_account', 'delete_service_account',
  'set_membership_role', 'create_tenant', 'delete_membership', 'register_agent',
  'update_agent_heartbeat', 'get_runs_in_queue',
  // The Cloud 1.0 UI's key-system pages.
  'api', 'membership', 'membership_invitation', 'membership_invitation_by_pk', 'permissions_info', 'api_token',
  'agent_config_by_pk', 'license_users',
  'update_user_settings', 'update_user_details', 'update_tenant_name', 'update_tenant_slug', 'update_tenant_settings',
  'delete_tenant', 'create_enterprise_tenant', 'delete_enterprise_tenant',
  'create_membership_invitation', 'accept_membership_invitation', 'delete_membership_invitation',
  'create_custom_role', 'update_custom_role_permissions', 'delete_custom_role',
  'create_api_token', 'delete_api_token', 'delete_agent', 'create_agent_config', 'delete_agent_config',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Targets, from the caller's point of view (its home tenant is the tenant its key is bound to):
 * - own: the caller itself (its user, a spare key of its own, its membership, an agent it registered);
 * - human: another person of the home tenant (bob, or rita when the caller is bob; gus for globex);
 * - sa: a service account of the home tenant (acme-agent, or acme-runner when the caller is acme-agent);
 * - other: anything in the other tenant (its service account, that account's key and agent, its
 *   user's membership, the tenant itself, its agent config, custom role, pending invitation and
 *   TENANT token);
 * - none: ids that exist nowhere.
 * Tenant-wide records (tenant, agent config, custom role, invitation, token) of own/human/sa are the home tenant's.
 */
export const TARGETS = ['own', 'human', 'sa', 'other', 'none'] as const;
export type Target = (typeof TARGETS)[number];

/**
 * `not-found` is whatever the operation answers for an id that does not exist: an empty list,
 * null, `success: false` or a NOT_FOUND error. A target the caller may not see must get
 * exactly that answer (the matrix compares it with the `none` target's response).
 */
export type Outcome = 'data' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'not-found' | 'BAD_USER_INPUT';

export interface CallerKind {
  description: string;
  /** `key`: a key that works; `token`: the deprecated API token; `none`: no header; `refused`: a credential that must be refused. */
  auth: 'none' | 'refused' | 'token' | 'key';
  /** The role the key acts with now (re-read on every request). */
  role?: 'READ_ONLY_USER' | 'USER' | 'TENANT_ADMIN';
  account?: 'human' | 'service';
  /** The caller's user is also a member of the other tenant (alice is a USER of globex). */
  memberOfOtherTenant?: boolean;
  /** The caller is its tenant's only human admin, so it may neither leave nor be demoted. */
  soleHumanAdmin?: boolean;
}

export const CALLERS = {
  noHeader: { description: 'no Authorization header', auth: 'none' },
  malformedHeader: { description: 'a malformed Authorization header (a valid key followed by garbage)', auth: 'refused' },
  unknownKey: { description: 'a well-formed key nobody issued', auth: 'refused' },
  expiredKey: { description: "bob's key after its expiry (by the emulator's clock)", auth: 'refused' },
  revokedKey: { description: 'a key bob revoked', auth: 'refused' },
  deletedServiceAccountKey: { description: 'the key of a service account deleted since', auth: 'refused' },
  deprecatedToken: { description: "alice's deprecated API token", auth: 'token' },
  readOnlyUser: { description: 'rita, READ_ONLY_USER of acme', auth: 'key', role: 'READ_ONLY_USER', account: 'human' },
  user: { description: 'bob, USER of acme', auth: 'key', role: 'USER', account: 'human' },
  tenantAdmin: { description: 'alice, TENANT_ADMIN of acme (and USER of globex)', auth: 'key', role: 'TENANT_ADMIN', account: 'human', memberOfOtherTenant: true, soleHumanAdmin: true },
  serviceAccount: { description: 'acme-agent, a service account (TENANT_ADMIN)', auth: 'key', role: 'TENANT_ADMIN', account: 'service' },
  serviceAccountUserRole: { description: 'acme-runner, a service account created with the USER role', auth: 'key', role: 'USER', account: 'service' },
  otherTenantAdmin: { description: "gina, globex's admin: her home is globex, so acme is her other tenant", auth: 'key', role: 'TENANT_ADMIN', account: 'human', soleHumanAdmin: true },
  wrongTenantHeader: { description: "bob's key with X-Prefect-Tenant-ID naming globex, a tenant he is not in", auth: 'refused' },
  demotedAdmin: { description: 'dave: TENANT_ADMIN when his key was made, USER now', auth: 'key', role: 'USER', account: 'human' },
  removedMember: { description: 'erin: removed from acme after her key was made', auth: 'refused' },
} as const satisfies Record<string, CallerKind>;
export type CallerName = keyof typeof CALLERS;
export const CALLER_NAMES = Object.keys(CALLERS) as CallerName[];

type Rule = (caller: CallerKind, target: Target) => Outcome;

interface OperationRule {
  type: 'query' | 'mutation';
  /** Answers every caller, authenticated or not. */
  public?: true;
  /** What the deprecated API token gets (default UNAUTHENTICATED). */
  token?: Outcome;
  /** The outcome for a caller whose key works. */
  rule: Rule;
}

/** Records of the caller's home tenant. */
const home = (t: Target): boolean => t === 'own' || t === 'human' || t === 'sa';
/** Holds the TENANT_ADMIN role in the home tenant now. */
const admin = (c: CallerKind): boolean => c.role === 'TENANT_ADMIN';
const service = (c: CallerKind): boolean => c.account === 'service';
const readOnly = (c: CallerKind): boolean => c.role === 'READ_ONLY_USER';

const found = (yes: boolean): Outcome => (yes ? 'data' : 'not-found');

/** Tenants: those the caller's user is a member of, whichever tenant the key is bound to. */
const tenantRule: Rule = (c, t) => found(home(t) || (t === 'other' && c.memberOfOtherTenant === true));
/**
 * Key metadata: the caller's own keys; service-account keys of the home tenant for the
 * Administrator role only (docs: "If the User has an Administrator role…"; service accounts
 * see them because they are administrators by default, not because they are service accounts).
 */
const keyRule: Rule = (c, t) => found(t === 'own' || (t === 'sa' && admin(c)));

export const RULES: Record<Operation, OperationRule> = {
  hello: { type: 'query', public: true, rule: () => 'data' },
  auth_info: { type: 'query', token: 'data', rule: () => 'data' },
  tenant: { type: 'query', rule: tenantRule },
  tenant_by_pk: { type: 'query', rule: tenantRule },
  // Only the caller's own user.
  user: { type: 'query', rule: (_c, t) => found(t === 'own') },
  // Everyone with a membership in the home tenant, people and service accounts.
  user_view_same_tenant: { type: 'query', rule: (_c, t) => found(home(t)) },
  // Built-in roles and the home tenant's custom roles.
  auth_role: { type: 'query', rule: (_c, t) => found(home(t)) },
  auth_api_key: { type: 'query', rule: keyRule },
  auth_api_key_by_pk: { type: 'query', rule: keyRule },
  agent_config: { type: 'query', rule: (_c, t) => found(home(t)) },
  agent: { type: 'query', rule: (_c, t) => found(home(t)) },
  // Keys for yourself; a tenant admin for the home tenant's service accounts; nobody for anyone else.
  // An unknown or foreign user is refused exactly like another human.
  create_api_key: { type: 'mutation', rule: (c, t) => (t === 'own' || (t === 'sa' && admin(c)) ? 'data' : 'FORBIDDEN') },
  // The owner, or a tenant admin for the home tenant's service-account keys; any key the caller
  // may not see answers like a key that does not exist.
  delete_api_key: { type: 'mutation', rule: keyRule },
  // Tenant admins only (FORBIDDEN otherwise), in their home tenant only.
  create_service_account: { type: 'mutation', rule: (c, t) => (admin(c) && home(t) ? 'data' : 'FORBIDDEN') },
  // Tenant admins only (FORBIDDEN otherwise); for an admin, anything but a service account of
  // the home tenant is "not found" (a service account may delete itself).
  delete_service_account: {
    type: 'mutation',
    rule: (c, t) => (!admin(c) ? 'FORBIDDEN' : found(t === 'sa' || (t === 'own' && service(c)))),
  },
  // Tenant admins only (FORBIDDEN otherwise); memberships of other tenants do not exist for them.
  // The matrix sets the role to TENANT_ADMIN: the privilege escalation a non-admin would try.
  set_membership_role: { type: 'mutation', rule: (c, t) => (!admin(c) ? 'FORBIDDEN' : found(home(t))) },
  // People may create tenants; service accounts belong to one tenant only.
  create_tenant: { type: 'mutation', rule: (c) => (service(c) ? 'FORBIDDEN' : 'data') },
  // A member leaves (not the last human admin); an admin removes a person; a service
  // account's membership goes with delete_service_account (BAD_USER_INPUT).
  delete_membership: {
    type: 'mutation',
    rule: (c, t) => {
      if (!home(t)) return 'not-found';
      if (t === 'own') return service(c) ? 'BAD_USER_INPUT' : c.soleHumanAdmin ? 'FORBIDDEN' : 'data';
      if (!admin(c)) return 'FORBIDDEN';
      return t === 'sa' ? 'BAD_USER_INPUT' : 'data';
    },
  },
  // Needs create:agent (not READ_ONLY_USER); the tenant named must be the key's.
  register_agent: { type: 'mutation', rule: (c, t) => (readOnly(c) || !home(t) ? 'FORBIDDEN' : 'data') },
  // Needs update:agent; agents of other tenants do not exist for the caller.
  update_agent_heartbeat: { type: 'mutation', rule: (c, t) => (readOnly(c) ? 'FORBIDDEN' : found(home(t))) },
  // Hands out work (and reschedules runs released by time travel): needs update:run, which a
  // READ_ONLY_USER lacks; the tenant named must be the key's.
  get_runs_in_queue: { type: 'mutation', rule: (c, t) => (readOnly(c) || !home(t) ? 'FORBIDDEN' : 'data') },

  // Answers without a key: the UI's shell asks before signing in.
  api: { type: 'query', public: true, rule: () => 'data' },
  // The caller's own and (read:membership, every role here) the home tenant's memberships.
  membership: { type: 'query', rule: (_c, t) => found(home(t)) },
  // Home invitations (read:membership-invitation, every role here); nobody here is an invitee.
  membership_invitation: { type: 'query', rule: (_c, t) => found(home(t)) },
  membership_invitation_by_pk: { type: 'query', rule: (_c, t) => found(home(t)) },
  permissions_info: { type: 'query', rule: () => 'data' },
  // TENANT tokens: for those who manage service accounts (admins); the owner of a USER token only.
  api_token: { type: 'query', rule: (c, t) => found(home(t) && admin(c)) },
  agent_config_by_pk: { type: 'query', rule: (_c, t) => found(home(t)) },
  license_users: { type: 'query', rule: () => 'data' },
  // The caller's own profile.
  update_user_settings: { type: 'mutation', rule: () => 'data' },
  update_user_details: { type: 'mutation', rule: () => 'data' },
  // update:tenant, on the key's tenant.
  update_tenant_name: { type: 'mutation', rule: (c) => (admin(c) ? 'data' : 'FORBIDDEN') },
  update_tenant_slug: { type: 'mutation', rule: (c) => (admin(c) ? 'data' : 'FORBIDDEN') },
  update_tenant_settings: { type: 'mutation', rule: (c) => (admin(c) ? 'data' : 'FORBIDDEN') },
  // delete:tenant first; then only the key's own tenant exists.
  delete_tenant: { type: 'mutation', rule: (c, t) => (!admin(c) ? 'FORBIDDEN' : found(home(t))) },
  // license:admin, which none of these roles holds.
  create_enterprise_tenant: { type: 'mutation', rule: () => 'FORBIDDEN' },
  delete_enterprise_tenant: { type: 'mutation', rule: () => 'FORBIDDEN' },
  // Only into the key's tenant (another is "not found"), by its admins.
  create_membership_invitation: { type: 'mutation', rule: (c, t) => (!home(t) ? 'not-found' : admin(c) ? 'data' : 'FORBIDDEN') },
  // Nobody here is the invitee: refused when visible, not found otherwise.
  accept_membership_invitation: { type: 'mutation', rule: (_c, t) => (home(t) ? 'FORBIDDEN' : 'not-found') },
  delete_membership_invitation: { type: 'mutation', rule: (c, t) => (!home(t) ? 'not-found' : admin(c) ? 'data' : 'FORBIDDEN') },
  // create/update/delete:role first; other tenants' roles do not exist for the caller.
  create_custom_role: { type: 'mutation', rule: (c, t) => (!admin(c) ? 'FORBIDDEN' : found(home(t))) },
  update_custom_role_permissions: { type: 'mutation', rule: (c, t) => (!admin(c) ? 'FORBIDDEN' : found(home(t))) },
  delete_custom_role: { type: 'mutation', rule: (c, t) => (!admin(c) ? 'FORBIDDEN' : found(home(t))) },
  // A USER token for oneself.
  create_api_token: { type: 'mutation', rule: () => 'data' },
  delete_api_token: { type: 'mutation', rule: (c, t) => found(home(t) && admin(c)) },
  // delete:agent (not READ_ONLY_USER); other tenants' agents and configs do not exist for the caller.
  delete_agent: { type: 'mutation', rule: (c, t) => (readOnly(c) ? 'FORBIDDEN' : found(home(t))) },
  create_agent_config: { type: 'mutation', rule: (c) => (readOnly(c) ? 'FORBIDDEN' : 'data') },
  delete_agent_config: { type: 'mutation', rule: (c, t) => (readOnly(c) ? 'FORBIDDEN' : found(home(t))) },
};

/** The expected outcome of one cell. */
export const expected = (operation: Operation, caller: CallerName, target: Target): Outcome => {
  const rule = RULES[operation];
  const kind: CallerKind = CALLERS[caller];
  if (rule.public) return 'data';
  if (kind.auth === 'token') return rule.token ?? 'UNAUTHENTICATED';
  if (kind.auth !== 'key') return 'UNAUTHENTICATED';
  return rule.rule(kind, target);
};

const KEY_OPERATIONS = new Set<Operation>(['auth_api_key', 'auth_api_key_by_pk', 'delete_api_key']);
/** The tenant's tokens are hidden from those who do not manage them, like keys. */
const TOKEN_OPERATIONS = new Set<Operation>(['api_token', 'delete_api_token']);

/**
 * Whether the target is hidden from the caller, so that the answer must be exactly the answer
 * for a target that does not exist (the matrix compares the two responses). Everything is
 * hidden from a caller without a working key; everything of another tenant is hidden (but
 * alice, a member of globex, may list globex among her tenants); other people's keys are
 * hidden, and service-account keys from anyone but an admin. The people, service accounts,
 * memberships, agents, configs and roles of the home tenant are not (user_view_same_tenant
 * lists them), so refusing an action on them may say why.
 */
export const hidden = (operation: Operation, caller: CallerName, target: Target): boolean => {
  const kind: CallerKind = CALLERS[caller];
  if (kind.auth !== 'key' || target === 'none') return true;
  if (target === 'other') return !((operation === 'tenant' || operation === 'tenant_by_pk') && kind.memberOfOtherTenant === true);
  if (KEY_OPERATIONS.has(operation)) return target === 'human' || (target === 'sa' && !admin(kind));
  if (TOKEN_OPERATIONS.has(operation)) return !admin(kind);
  return false;
};

/** Every cell, in a fixed order. */
export const cells = (): { operation: Operation; caller: CallerName; target: Target; outcome: Outcome }[] =>
  OPERATIONS.flatMap((operation) => CALLER_NAMES.flatMap((caller) => TARGETS.map((target) => ({
    operation, caller, target, outcome: expected(operation, caller, target),
  }))));

const SHORT: Record<Outcome, string> = { data: 'data', FORBIDDEN: 'FORBIDDEN', UNAUTHENTICATED: 'UNAUTH', 'not-found': 'not-found', BAD_USER_INPUT: 'BAD_INPUT' };

/**
 * The table as Markdown, one section per operation (test/security/README.md shows it, and the
 * matrix checks the README is up to date). Callers without a working key share one row.
 */
export const grid = (): string => OPERATIONS.map((operation) => {
  const row = (caller: CallerName): string => TARGETS.map((t) => SHORT[expected(operation, caller, t)]).join(' | ');
  const refused = CALLER_NAMES.filter((c) => CALLERS[c].auth === 'none' || CALLERS[c].auth === 'refused');
  const shared = new Set(refused.map(row));
  const lines = [
    `**${operation}** (${RULES[operation].type})`,
    '',
    `| caller | ${TARGETS.join(' | ')} |`,
    `|---|${TARGETS.map(() => '---').join('|')}|`,
    ...(shared.size === 1 ? [`| no working key (${refused.length} kinds) | ${row(refused[0]!)} |`] : refused.map((c) => `| ${c} | ${row(c)} |`)),
    ...CALLER_NAMES.filter((c) => !refused.includes(c)).map((c) => `| ${c} | ${row(c)} |`),
  ];
  return lines.join('\n');
}).join('\n\n');
