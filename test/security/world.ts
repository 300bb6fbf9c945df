/**
 * The state the authorization matrix runs in: the default fixture (acme and globex) plus what
 * the matrix needs to name every kind of caller and target, built through the real GraphQL
 * endpoint, then snapshotted so every cell starts from exactly the same state.
 *
 * acme: alice (TENANT_ADMIN, also a USER of globex), bob (USER), rita (READ_ONLY_USER),
 *   dave (TENANT_ADMIN when his key was made, then demoted to USER), erin (USER when her key
 *   was made, then removed from acme), acme-agent (service account, TENANT_ADMIN),
 *   acme-runner (service account created with the USER role), acme-doomed (service account
 *   deleted after its key was made). After the demotion alice is acme's only human admin.
 * globex: gina (TENANT_ADMIN, its only human admin), gus (USER), rory (READ_ONLY_USER),
 *   globex-agent (service account, TENANT_ADMIN).
 * Every principal that can hold a key has a spare key of its own, and every one that may
 * register agents has registered one; each tenant has a custom role, an agent config, a pending
 * invitation and a TENANT-scope deprecated token.
 */
import { randomUUID } from 'node:crypto';
import { hashSecret } from '../../src/domain/keys.js';
import type { SnapshotDocument as StateDocument } from '../../src/store/snapshot-scope.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import type { CallerName, Target } from './matrix-table.js';
import { bearer, listen, redacting, Secrets, unknownKey, type LiveGqlResult, type LiveServer } from './helpers.js';
import { extraIds, matrixFixture } from './world-fixture.js';

export type PrincipalName =
  | 'alice' | 'bob' | 'rita' | 'dave' | 'erin' | 'acmeAgent' | 'acmeRunner' | 'doomed'
  | 'gina' | 'gus' | 'rory' | 'globexAgent';

export interface Principal {
  name: PrincipalName;
  userId: string;
  home: 'acme' | 'globex';
  account: 'human' | 'service';
  /** The principal's membership in its home tenant (as it was before any removal). */
  membershipId: string;
  /** The key the principal calls with. */
  key: string;
  keyId: string;
  /** A second key of its own: the matrix's "own key" target. */
  spareKeyId: string;
  /** An agent registered with its key, if it may register agents. */
  agentId: string | null;
}

export interface TenantInfo {
  id: string;
  slug: string;
  name: string;
  roleId: string;
  configId: string;
  invitationId: string;
  tokenId: string;
  admin: PrincipalName;
  human: PrincipalName;
  serviceAccount: PrincipalName;
}

/** The records one target kind stands for, as arguments of whichever operation needs them. */
export interface TargetBundle {
  userId: string;
  keyId: string;
  membershipId: string;
  tenantId: string;
  agentId: string;
  agentConfigId: string;
  roleId: string;
  /** The tenant's pending invitation (to an email nobody has). */
  invitationId: string;
  /** The tenant's TENANT-scope deprecated token. */
  tokenId: string;
}

export interface Credential {
  authorization?: string;
  tenant?: string;
  /** Whose point of view the targets are taken from. */
  perspective: PrincipalName;
}

export interface World {
  app: TestApp;
  server: LiveServer;
  /** Every plaintext key and token the test knows, and every stored hash. */
  secrets: Secrets;
  principals: Record<PrincipalName, Principal>;
  tenants: Record<'acme' | 'globex', TenantInfo>;
  credentials: Record<CallerName, Credential>;
  baseline: StateDocument;
  targets(perspective: PrincipalName): Record<Target, TargetBundle>;
  /** Back to the state right after setup. */
  restore(): Promise<void>;
  tablesText(): string;
  close(): Promise<void>;
}

const must = (res: LiveGqlResult, field: string, secrets: Secrets): Record<string, unknown> => {
  const value = res.body.data?.[field];
  if (res.status !== 200 || res.body.errors || value === null || value === undefined) {
    throw new Error(`matrix setup: ${field} failed: ${secrets.redact(res.text)}`);
  }
  return value as Record<string, unknown>;
};

export const buildWorld = async (): Promise<World> => {
  const app = await createTestApp({ fixture: matrixFixture() });
  const server = await listen(app.handler);
  const secrets = new Secrets();
  for (const k of app.main.fixtureKeys) {
    secrets.add(`plaintext key ${k.ref}`, k.key);
    secrets.add(`hash of key ${k.ref}`, hashSecret(k.key));
  }
  secrets.add('deprecated API token', 'legacy-acme-tenant-token-0000');
  secrets.add('hash of the deprecated API token', hashSecret('legacy-acme-tenant-token-0000'));
  const stranger = unknownKey();
  secrets.add('unknown key', stranger);

  return redacting(secrets, async () => {
    const state = app.main.store.state;
    const membershipIn = (userId: string, tenantId: string): string => {
      const m = state.membershipOf(userId, tenantId);
      if (!m) throw new Error(`matrix setup: no membership of ${userId} in ${tenantId}`);
      return m.id;
    };
    const fixtureKey = (ref: string) => {
      const k = app.main.fixtureKeys.find((f) => f.ref === ref);
      if (!k) throw new Error(`matrix setup: no fixture key ${ref}`);
      return k;
    };
    const call = (key: string, query: string, variables: Record<string, unknown>): Promise<LiveGqlResult> =>
      server.gql({ query, variables, authorization: bearer(key) });
    const createKey = async (asKey: string, userId: string, name: string, extra: Record<string, unknown> = {}) => {
      const res = await call(asKey, 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }', { input: { user_id: userId, name, ...extra } });
      const out = must(res, 'create_api_key', secrets) as { id: string; key: string };
      secrets.add(`plaintext key "${name}"`, out.key);
      secrets.add(`hash of key "${name}"`, hashSecret(out.key));
      return out;
    };

    const frozen = await app.control('post', '/clock/freeze', {});
    if (frozen.status !== 200) throw new Error('matrix setup: could not freeze the clock');
    const alice = fixtureKey(refs.aliceAdmin).key;
    const gina = fixtureKey(refs.ginaAdmin).key;
    const bob = fixtureKey(refs.bob).key;

    // A service account created with the USER role, and its key.
    const runnerId = must(await call(alice, 'mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }',
      { input: { tenant_id: ids.acme, name: 'acme-runner', role_id: '00000000-0000-4000-8000-000000000002' } }), 'create_service_account', secrets).id as string;
    const runnerKey = await createKey(alice, runnerId, 'acme-runner key');
    // A service account deleted after its key was made.
    const doomedId = must(await call(alice, 'mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }',
      { input: { tenant_id: ids.acme, name: 'acme-doomed' } }), 'create_service_account', secrets).id as string;
    const doomedMembership = membershipIn(doomedId, ids.acme);
    const doomedKey = await createKey(alice, doomedId, 'acme-doomed key');
    const deleted = must(await call(alice, 'mutation($input: delete_service_account_input!) { delete_service_account(input: $input) { success } }',
      { input: { user_id: doomedId } }), 'delete_service_account', secrets);
    if (deleted.success !== true) throw new Error('matrix setup: could not delete acme-doomed');
    // Bob: a key he revokes, and a key that expires in an hour.
    const revoked = await createKey(bob, ids.bob, 'bob revoked key');
    must(await call(bob, 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', { input: { key_id: revoked.id } }), 'delete_api_key', secrets);
    const expiresAt = new Date(app.main.clock.now() + 3_600_000).toISOString();
    const expiring = await createKey(bob, ids.bob, 'bob expiring key', { expires_at: expiresAt });

    const base: Record<PrincipalName, Omit<Principal, 'spareKeyId' | 'agentId' | 'membershipId'> & { membershipId?: string }> = {
      alice: { name: 'alice', userId: ids.alice, home: 'acme', account: 'human', key: alice, keyId: fixtureKey(refs.aliceAdmin).id },
      bob: { name: 'bob', userId: ids.bob, home: 'acme', account: 'human', key: bob, keyId: fixtureKey(refs.bob).id },
      rita: { name: 'rita', userId: ids.rita, home: 'acme', account: 'human', key: fixtureKey(refs.rita).key, keyId: fixtureKey(refs.rita).id },
      dave: { name: 'dave', userId: extraIds.dave, home: 'acme', account: 'human', key: fixtureKey('acme-dave').key, keyId: fixtureKey('acme-dave').id },
      erin: { name: 'erin', userId: extraIds.erin, home: 'acme', account: 'human', key: fixtureKey('acme-erin').key, keyId: fixtureKey('acme-erin').id },
      acmeAgent: { name: 'acmeAgent', userId: ids.acmeAgent, home: 'acme', account: 'service', key: fixtureKey(refs.acmeAgent).key, keyId: fixtureKey(refs.acmeAgent).id },
      acmeRunner: { name: 'acmeRunner', userId: runnerId, home: 'acme', account: 'service', key: runnerKey.key, keyId: runnerKey.id },
      doomed: { name: 'doomed', userId: doomedId, home: 'acme', account: 'service', key: doomedKey.key, keyId: doomedKey.id, membershipId: doomedMembership },
      gina: { name: 'gina', userId: ids.gina, home: 'globex', account: 'human', key: gina, keyId: fixtureKey(refs.ginaAdmin).id },
      gus: { name: 'gus', userId: ids.gus, home: 'globex', account: 'human', key: fixtureKey(refs.gus).key, keyId: fixtureKey(refs.gus).id },
      rory: { name: 'rory', userId: ids.rory, home: 'globex', account: 'human', key: fixtureKey(refs.rory).key, keyId: fixtureKey(refs.rory).id },
      globexAgent: { name: 'globexAgent', userId: ids.globexAgent, home: 'globex', account: 'service', key: fixtureKey(refs.globexAgent).key, keyId: fixtureKey(refs.globexAgent).id },
    };
    const tenantId = (home: 'acme' | 'globex'): string => (home === 'acme' ? ids.acme : ids.globex);

    // Spare keys: people make their own; admins make their service accounts'.
    const spare: Partial<Record<PrincipalName, string>> = { doomed: doomedKey.id };
    for (const p of ['alice', 'bob', 'rita', 'dave', 'erin', 'gina', 'gus', 'rory'] as const) {
      spare[p] = (await createKey(base[p].key, base[p].userId, `${p} spare key`)).id;
    }
    spare.acmeAgent = (await createKey(alice, ids.acmeAgent, 'acmeAgent spare key')).id;
    spare.acmeRunner = (await createKey(alice, runnerId, 'acmeRunner spare key')).id;
    spare.globexAgent = (await createKey(gina, ids.globexAgent, 'globexAgent spare key')).id;

    // Agents, registered with each key that may register one.
    const agent: Partial<Record<PrincipalName, string>> = {};
    for (const p of ['alice', 'bob', 'dave', 'acmeAgent', 'acmeRunner', 'gina', 'gus', 'globexAgent'] as const) {
      const res = await call(base[p].key, 'mutation($input: register_agent_input!) { register_agent(input: $input) { id } }',
        { input: { type: 'LocalAgent', name: `${p} agent`, labels: [p], tenant_id: tenantId(base[p].home) } });
      agent[p] = must(res, 'register_agent', secrets).id as string;
    }

    // A pending invitation in each tenant, to an email no user has; a TENANT token for globex (acme's is in the fixture).
    const invite = async (asKey: string, email: string): Promise<string> =>
      must(await call(asKey, 'mutation($input: create_membership_invitation_input!) { create_membership_invitation(input: $input) { id } }',
        { input: { email } }), 'create_membership_invitation', secrets).id as string;
    const invitations = { acme: await invite(alice, 'pending-acme@example.test'), globex: await invite(gina, 'pending-globex@example.test') };
    const globexToken = must(await call(gina, 'mutation($input: create_api_token_input!) { create_api_token(input: $input) { id token } }',
      { input: { name: 'globex tenant token', scope: 'TENANT' } }), 'create_api_token', secrets) as { id: string; token: string };
    secrets.add('globex deprecated API token', globexToken.token);
    secrets.add('hash of the globex deprecated API token', hashSecret(globexToken.token));
    const acmeTokenId = [...state.apiTokens.all()].find((t) => t.tenantId === ids.acme)!.id;

    const membershipIds = Object.fromEntries(
      (Object.keys(base) as PrincipalName[]).map((p) => [p, base[p].membershipId ?? membershipIn(base[p].userId, tenantId(base[p].home))]),
    ) as Record<PrincipalName, string>;

    // Dave is demoted, erin removed, after their keys were made; then bob's key expires.
    must(await call(alice, 'mutation($input: set_membership_role_input!) { set_membership_role(input: $input) { id } }',
      { input: { membership_id: membershipIds.dave, role_id: '00000000-0000-4000-8000-000000000002' } }), 'set_membership_role', secrets);
    const removed = must(await call(alice, 'mutation($input: delete_membership_input!) { delete_membership(input: $input) { success } }',
      { input: { membership_id: membershipIds.erin } }), 'delete_membership', secrets);
    if (removed.success !== true) throw new Error('matrix setup: could not remove erin');
    app.main.clock.advance(2 * 3_600_000);

    const principals = Object.fromEntries((Object.keys(base) as PrincipalName[]).map((p) => [p, {
      ...base[p], membershipId: membershipIds[p], spareKeyId: spare[p]!, agentId: agent[p] ?? null,
    }])) as Record<PrincipalName, Principal>;

    const tenants: Record<'acme' | 'globex', TenantInfo> = {
      acme: { id: ids.acme, slug: 'acme', name: 'Acme Corp', roleId: extraIds.acmeRole, configId: extraIds.acmeConfig, invitationId: invitations.acme, tokenId: acmeTokenId, admin: 'alice', human: 'bob', serviceAccount: 'acmeAgent' },
      globex: { id: ids.globex, slug: 'globex', name: 'Globex', roleId: extraIds.globexRole, configId: extraIds.globexConfig, invitationId: invitations.globex, tokenId: globexToken.id, admin: 'gina', human: 'gus', serviceAccount: 'globexAgent' },
    };

    const bobWith = (authorization: string, tenant?: string): Credential => ({ authorization, perspective: 'bob', ...(tenant ? { tenant } : {}) });
    const keyOf = (p: PrincipalName): Credential => ({ authorization: bearer(principals[p].key), perspective: p });
    const credentials: Record<CallerName, Credential> = {
      noHeader: { perspective: 'bob' },
      malformedHeader: bobWith(`Bearer ${bob} trailing-garbage`),
      unknownKey: bobWith(bearer(stranger)),
      expiredKey: bobWith(bearer(expiring.key)),
      revokedKey: bobWith(bearer(revoked.key)),
      deletedServiceAccountKey: { authorization: bearer(doomedKey.key), perspective: 'doomed' },
      deprecatedToken: { authorization: bearer('legacy-acme-tenant-token-0000'), perspective: 'alice' },
      readOnlyUser: keyOf('rita'),
      user: keyOf('bob'),
      tenantAdmin: keyOf('alice'),
      serviceAccount: keyOf('acmeAgent'),
      serviceAccountUserRole: keyOf('acmeRunner'),
      otherTenantAdmin: keyOf('gina'),
      wrongTenantHeader: bobWith(bearer(bob), ids.globex),
      demotedAdmin: keyOf('dave'),
      removedMember: keyOf('erin'),
    };

    const none: TargetBundle = {
      userId: randomUUID(), keyId: randomUUID(), membershipId: randomUUID(), tenantId: randomUUID(),
      agentId: randomUUID(), agentConfigId: randomUUID(), roleId: randomUUID(), invitationId: randomUUID(), tokenId: randomUUID(),
    };
    const bundle = (p: PrincipalName, home: TenantInfo, membershipOf: PrincipalName = p): TargetBundle => ({
      userId: principals[p].userId,
      keyId: principals[p].spareKeyId,
      membershipId: principals[membershipOf].membershipId,
      tenantId: home.id,
      agentId: principals[p].agentId ?? principals[home.admin].agentId!,
      agentConfigId: home.configId,
      roleId: home.roleId,
      invitationId: home.invitationId,
      tokenId: home.tokenId,
    });
    const targets = (perspective: PrincipalName): Record<Target, TargetBundle> => {
      const me = principals[perspective];
      const home = tenants[me.home];
      const away = tenants[me.home === 'acme' ? 'globex' : 'acme'];
      const human: PrincipalName = perspective === home.human ? 'rita' : home.human;
      const sa: PrincipalName = perspective === home.serviceAccount ? 'acmeRunner' : home.serviceAccount;
      return {
        own: bundle(perspective, home),
        human: bundle(human, home),
        sa: bundle(sa, home),
        // Anything in the other tenant: its admin service account, its key and agent, its human's membership.
        other: bundle(away.serviceAccount, away, away.human),
        none,
      };
    };

    const baseline = app.main.exportSnapshot();
    const baselineText = JSON.stringify(baseline.tables);
    for (const k of baseline.tables.apiKeys) secrets.add(`hash of key id ${k.id}`, k.keyHash);
    for (const k of baseline.tables.revokedKeys) secrets.add(`hash of revoked key id ${k.id}`, k.keyHash);
    return {
      app, server, secrets, principals, tenants, credentials, baseline, targets,
      tablesText: () => JSON.stringify(app.main.exportSnapshot().tables),
      restore: async () => {
        await app.main.importSnapshot(baseline);
        if (JSON.stringify(app.main.exportSnapshot().tables) !== baselineText) throw new Error('matrix: restoring the baseline snapshot did not give the baseline back');
      },
      close: async () => {
        await server.close();
        await app.close();
      },
    };
  });
};
