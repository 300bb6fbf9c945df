/**
 * Property-based fuzz: random sequences of every query and mutation, with valid and invalid
 * variables, random credentials and tenant headers, key minting and clock jumps, against the
 * real GraphQL endpoint. After every step: no 5xx, no internal error, only the documented error
 * codes, no known key in any response, and the store's invariants hold (hashes unique, keys
 * bound to a tenant their owner belongs or belonged to, every tenant keeps a human admin, and
 * what each fixture caller sees in auth_api_key is exactly what the rules allow).
 *
 * Fixed seed; `FUZZ_RUNS` (default 120) and `FUZZ_SEED` make bigger or different runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/domain/keys.js';
import type { ApiKey as ApiKeyRow } from '../../src/domain/types.js';
import type { SnapshotDocument as StateDocument } from '../../src/store/snapshot-scope.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { bearer, errorCodes, listen, Secrets, unknownKey, type LiveGqlResult, type LiveServer } from './helpers.js';
import { DOCUMENTS, FIXTURE_REFS, Ref, step, type Credential, type RefKind } from './fuzz-steps.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
const MAX_STEPS = 30;

const ALLOWED_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST']);
const MANAGE_SA_KEYS = 'read:service-api-key';

// ---- the run --------------------------------------------------------------------------------

describe('fuzz: random operations against the real endpoint', () => {
  let app: TestApp;
  let server: LiveServer;
  let baseline: StateDocument;
  const secrets = new Secrets();
  const special: Record<'expired' | 'revoked', string> = { expired: '', revoked: '' };
  const stats = { runs: 0, steps: 0, crashes: 0, violations: 0 };
  const examples = new Map<string, string>();
  /** How often each operation ended with each code; FUZZ_VERBOSE=1 prints it. */
  const coverage = new Map<string, number>();

  beforeAll(async () => {
    app = await createTestApp();
    server = await listen(app.handler);
    for (const k of app.main.fixtureKeys) secrets.add(`key ${k.ref}`, k.key);
    secrets.add('deprecated token', 'legacy-acme-tenant-token-0000');
    secrets.add('unknown key', unknownKey());
    await app.control('post', '/clock/freeze', {});
    const expired = await app.main.mintKey({ user_id: ids.bob, name: 'fuzz expired', expires_at: '-1d' });
    const revoked = await app.main.mintKey({ user_id: ids.bob, name: 'fuzz revoked' });
    const del = await server.gql({ query: DOCUMENTS.delete_api_key!, variables: { input: { key_id: revoked.id } }, authorization: bearer(app.key(refs.bob)) });
    if (del.body.data?.delete_api_key === undefined || (del.body.data.delete_api_key as { success: boolean }).success !== true) throw new Error('fuzz setup: could not revoke');
    special.expired = expired.key;
    special.revoked = revoked.key;
    secrets.add('expired key', expired.key);
    secrets.add('revoked key', revoked.key);
    baseline = app.main.exportSnapshot();
  });

  afterAll(async () => {
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`${[...coverage.entries()].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')}\n`);
    process.stdout.write(`fuzz: ${stats.runs} runs, ${stats.steps} steps, ${stats.crashes} crashes, ${stats.violations} invariant violations\n`);
    await server?.close();
    await app?.close();
  });

  it(`holds every invariant over ${RUNS} random runs (seed ${SEED})`, async () => {
    const report = (kind: 'crash' | 'violation', signature: string, detail: string): void => {
      if (kind === 'crash') stats.crashes += 1;
      else stats.violations += 1;
      const key = `${kind}: ${signature}`;
      if (!examples.has(key)) examples.set(key, secrets.redact(detail).slice(0, 800));
    };

    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: MAX_STEPS, size: 'max' }), async (steps) => {
      stats.runs += 1;
      await app.main.importSnapshot(baseline);
      const made: { id: string; key: string }[] = [];
      // Every (user, tenant) pair that has had a membership during the run.
      const everMember = new Set<string>();
      const notePairs = (): void => {
        for (const m of app.main.store.state.memberships.all()) everMember.add(`${m.userId}/${m.tenantId}`);
      };
      notePairs();

      let current: StateDocument['tables'] | null = null;
      const pool = (kind: RefKind): string[] => {
        current ??= app.main.exportSnapshot().tables;
        const t = current;
        const b = baseline.tables;
        const idsOf = (rows: { id: string }[]): string[] => [...new Set(rows.map((r) => r.id))];
        switch (kind) {
          case 'user': return idsOf([...b.users, ...t.users]);
          case 'tenant': return idsOf([...b.tenants, ...t.tenants]);
          case 'membership': return idsOf([...b.memberships, ...t.memberships]);
          case 'key': return idsOf([...b.apiKeys, ...t.apiKeys, ...b.revokedKeys]);
          case 'agent': return idsOf([...b.agents, ...t.agents]);
          case 'agentConfig': return idsOf([...b.agentConfigs, ...t.agentConfigs]);
          case 'self': case 'ownMembership': case 'ownTenant': return [];
          case 'role': return ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000005', ...idsOf(t.roles)];
        }
      };
      /** The key the current step calls with, for the `self` refs. */
      let caller: string | undefined;
      const callerKey = (): ApiKeyRow | undefined => (caller ? app.main.store.state.keyByHash(hashSecret(caller)) : undefined);
      const resolve = (value: unknown): unknown => {
        if (value instanceof Ref && (value.kind === 'self' || value.kind === 'ownMembership' || value.kind === 'ownTenant')) {
          const row = callerKey();
          if (!row) return ids.bob;
          if (value.kind === 'self') return row.userId;
          if (value.kind === 'ownTenant') return row.tenantId;
          return app.main.store.state.membershipOf(row.userId, row.tenantId)?.id ?? ids.bob;
        }
        if (value instanceof Ref) {
          const ids = pool(value.kind);
          return ids.length === 0 ? '00000000-0000-4000-8000-00000000dead' : ids[value.index % ids.length];
        }
        if (Array.isArray(value)) return value.map(resolve);
        if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
        return value;
      };
      const authorization = (c: Credential): { header?: string; label: string } => {
        switch (c.kind) {
          case 'none': return { label: 'no header' };
          case 'malformed': return { header: `Token ${app.key(refs.bob)}`, label: 'malformed header' };
          case 'unknown': return { header: bearer(unknownKey()), label: 'unknown key' };
          case 'token': return { header: bearer('legacy-acme-tenant-token-0000'), label: 'deprecated token' };
          case 'expired': return { header: bearer(special.expired), label: 'expired key' };
          case 'revoked': return { header: bearer(special.revoked), label: 'revoked key' };
          case 'garbage': return { header: c.text, label: 'garbage header' };
          case 'fixture': return { header: bearer(app.key(c.ref)), label: c.ref };
          case 'made': {
            if (made.length === 0) return { header: bearer(app.key(refs.bob)), label: 'acme-user (no key made yet)' };
            return { header: bearer(made[c.index % made.length]!.key), label: `key made in this run #${c.index % made.length}` };
          }
        }
      };
      const remember = (label: string, key: unknown, id: unknown): void => {
        if (typeof key !== 'string' || typeof id !== 'string') return;
        made.push({ id, key });
        secrets.add(label, key);
      };

      /** Response-level checks: status, codes, no known key other than the one just made. */
      /** `what` names the operation (it groups findings); `context` says what exactly was sent. */
      const checkResponse = (what: string, context: string, status: number, text: string, codes: string[], fresh: string | null): void => {
        const detail = `${context}\n    answered ${text}`;
        if (status >= 500) report('crash', `${what} → HTTP ${status}`, detail);
        for (const code of codes) {
          if (code === 'INTERNAL_SERVER_ERROR') report('crash', `${what} → INTERNAL_SERVER_ERROR`, detail);
          else if (!ALLOWED_CODES.has(code)) report('violation', `${what} → error code ${code}`, detail);
        }
        if (text.includes('Unexpected error.') && !codes.includes('INTERNAL_SERVER_ERROR')) report('crash', `${what} → "Unexpected error."`, detail);
        const leaked = secrets.scan(fresh ? text.split(fresh).join('') : text);
        if (leaked.length > 0) report('violation', `${what} → response carries a known key`, `${context}: ${leaked.join(', ')}`);
      };

      /** The store's invariants, from its own tables. */
      const checkStore = (after: string): void => {
        const t = app.main.exportSnapshot().tables;
        const users = new Map(t.users.map((u) => [u.id, u]));
        const hashes = new Set<string>();
        for (const h of [...t.apiKeys.map((k) => k.keyHash), ...t.revokedKeys.map((k) => k.keyHash), ...t.apiTokens.map((k) => k.tokenHash)]) {
          if (hashes.has(h)) report('violation', 'two stored keys share a hash', after);
          hashes.add(h);
        }
        for (const k of t.apiKeys) {
          if (!users.has(k.userId)) report('violation', 'a key whose owner no longer exists', `${after}: key ${k.id}`);
          const pair = `${k.userId}/${k.tenantId}`;
          if (!everMember.has(pair)) report('violation', 'a key bound to a tenant its owner never belonged to', `${after}: key ${k.id}`);
        }
        for (const u of t.users) {
          if (u.accountType === 'SERVICE' && t.memberships.filter((m) => m.userId === u.id).length !== 1) {
            report('violation', 'a service account without exactly one membership', `${after}: ${u.id}`);
          }
        }
        for (const tenant of t.tenants) {
          const admins = t.memberships.filter((m) => m.tenantId === tenant.id && m.roleId === '00000000-0000-4000-8000-000000000001' && users.get(m.userId)?.accountType === 'USER');
          if (admins.length === 0) report('violation', 'a tenant left without a human admin', `${after}: ${tenant.slug}`);
        }
      };

      /** What each fixture key (and the first keys made) sees in auth_api_key is exactly what the rules allow. */
      const checkVisibility = async (after: string): Promise<void> => {
        const state = app.main.store.state;
        const now = app.main.clock.now();
        const callers = [...FIXTURE_REFS.map((r) => ({ label: r, key: app.key(r) })), ...made.slice(0, 2).map((m, i) => ({ label: `made #${i}`, key: m.key }))];
        await Promise.all(callers.map(async ({ label, key }) => {
          const row = state.keyByHash(hashSecret(key));
          const membership = row ? state.membershipOf(row.userId, row.tenantId) : undefined;
          const role = membership ? state.role(membership.roleId) : undefined;
          const valid = row !== undefined && (row.expiresAt === null || Date.parse(row.expiresAt) > now) && role !== undefined;
          const res = await server.gql({ query: 'query { auth_api_key { id user_id default_tenant_id } }', authorization: bearer(key) });
          checkResponse(`auth_api_key as ${label}`, after, res.status, res.text, errorCodes(res.body), null);
          if (!valid) {
            if (!errorCodes(res.body).includes('UNAUTHENTICATED')) report('violation', `a key that should no longer work still works (${label})`, after);
            return;
          }
          const expected = [...state.apiKeys.all()].filter((k) => k.userId === row!.userId
            || (state.user(k.userId)?.accountType === 'SERVICE' && k.tenantId === row!.tenantId && role!.permissions.includes(MANAGE_SA_KEYS)));
          const got = (res.body.data?.auth_api_key ?? null) as { id: string; user_id: string; default_tenant_id: string }[] | null;
          if (!got) {
            report('violation', `a working key cannot list its keys (${label})`, `${after}: ${res.text}`);
            return;
          }
          const want = new Set(expected.map((k) => k.id));
          const extra = got.filter((k) => !want.has(k.id));
          const missing = expected.filter((k) => !got.some((g) => g.id === k.id));
          if (extra.length > 0) report('violation', `auth_api_key shows keys the rules hide (${label})`, `${after}: ${extra.map((k) => k.id).join(', ')}`);
          if (missing.length > 0) report('violation', `auth_api_key misses keys the rules show (${label})`, `${after}: ${missing.map((k) => k.id).join(', ')}`);
          if (got.length !== expected.length) report('violation', `auth_api_key count differs from the store (${label})`, after);
          for (const g of got) {
            const stored = state.apiKeys.get(g.id);
            if (stored && (stored.userId !== g.user_id || stored.tenantId !== g.default_tenant_id)) report('violation', 'auth_api_key misreports a key', after);
          }
        }));
      };

      for (const [i, s] of steps.entries()) {
        stats.steps += 1;
        current = null;
        let description: string;
        try {
          if (s.kind === 'gql') {
            const auth = authorization(s.credential);
            caller = auth.header?.replace(/^Bearer /, '');
            const variables = resolve(s.variables) as Record<string, unknown>;
            description = `step ${i}: ${s.op} as ${auth.label}${s.tenant !== undefined ? ` (tenant header ${JSON.stringify(s.tenant)})` : ''} with ${JSON.stringify(variables).slice(0, 300)}`;
            const res: LiveGqlResult = await server.gql({
              query: DOCUMENTS[s.op]!, variables, stringVariables: s.stringVariables,
              ...(auth.header !== undefined ? { authorization: auth.header } : {}), ...(s.tenant !== undefined ? { tenant: s.tenant } : {}),
            });
            const outcome = `${s.op} ${errorCodes(res.body)[0] ?? 'ok'}`;
            coverage.set(outcome, (coverage.get(outcome) ?? 0) + 1);
            const created = s.op === 'create_api_key' ? (res.body.data?.create_api_key as { id?: unknown; key?: unknown } | null | undefined) : undefined;
            checkResponse(s.op, description, res.status, res.text, errorCodes(res.body), typeof created?.key === 'string' ? created.key : null);
            if (res.status !== 200) report('violation', `${s.op} → HTTP ${res.status} for a well-formed request`, `${description}: ${res.text}`);
            if (created) remember(`key made in run ${stats.runs} step ${i}`, created.key, created.id);
          } else if (s.kind === 'clock') {
            description = `step ${i}: clock advance by ${s.by} ms`;
            const res = await app.control('post', '/clock/advance', { by: s.by });
            checkResponse('clock/advance', description, res.status, res.text, res.status >= 400 ? [String(res.body?.error?.code)] : [], null);
          } else if (s.kind === 'mint') {
            const body = resolve(s.body) as Record<string, unknown>;
            description = `step ${i}: mint ${JSON.stringify(body)}`;
            const res = await app.control('post', '/keys', body);
            const fresh = typeof res.body?.key === 'string' ? (res.body.key as string) : null;
            checkResponse('mint', description, res.status, res.text, res.status >= 400 ? [String(res.body?.error?.code)] : [], fresh);
            if (res.status === 201) remember(`key minted in run ${stats.runs} step ${i}`, res.body.key, res.body.id);
          } else {
            description = `step ${i}: raw query ${JSON.stringify(s.query)}`;
            const res = await server.gql({ query: s.query, authorization: bearer(app.key(refs.aliceAdmin)) });
            checkResponse('raw query', description, res.status, res.text, errorCodes(res.body), null);
          }
        } catch (error) {
          report('crash', `step threw: ${(error as Error).message.slice(0, 80)}`, String(error));
          continue;
        }
        notePairs();
        checkStore(description);
        await checkVisibility(description);
      }
      return true;
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true });

    expect([...examples.entries()].map(([k, v]) => `${k}\n    e.g. ${v}`)).toEqual([]);
    expect(stats.crashes).toBe(0);
    expect(stats.violations).toBe(0);
  }, 600_000);
});
