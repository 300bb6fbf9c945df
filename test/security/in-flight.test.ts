/**
 * A mutation with many root fields runs them one after another, each waiting for its journal
 * write. Rights revoked by another request acknowledged meanwhile must bind every field that
 * starts afterwards: a revoked key creates nothing more, a demoted admin nothing admin-only.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtInRoleId, TENANT_ADMIN_ROLE_ID } from '../../src/domain/roles.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { journalLines } from '../persistence/helpers.js';
import { bearer, listen, type GqlResult, type LiveServer } from './support.js';

const FIELDS = 20;
const FSYNC_DELAY_MS = 15;

let dir: string;
let app: TestApp;
let server: LiveServer;
const results: string[] = [];

const fileHandlePrototype = async (): Promise<FileHandle> => {
  const probe = await open(import.meta.filename, 'r');
  await probe.close();
  return Object.getPrototypeOf(probe) as FileHandle;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pce-in-flight-'));
  app = await createTestApp({ dataFile: join(dir, 'state.json') });
  server = await listen(app.handler);
  // Every journal write takes a while, as on a slow disk: a 20-field mutation lasts ~300 ms.
  const proto = await fileHandlePrototype();
  const datasync = proto.datasync;
  vi.spyOn(proto, 'datasync').mockImplementation(async function (this: FileHandle) {
    await new Promise((r) => setTimeout(r, FSYNC_DELAY_MS));
    return datasync.call(this);
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`in-flight mutations: ${results.length} races tried (${results.join(', ')}); 0 fields acted with rights revoked before they started`);
});

const aliased = (field: string, inputType: string): string =>
  `mutation(${Array.from({ length: FIELDS }, (_, i) => `$i${i}: ${inputType}!`).join(', ')}) { ${Array.from({ length: FIELDS }, (_, i) => `f${i}: ${field}(input: $i${i}) { id }`).join(' ')} }`;

const inputs = (make: (i: number) => Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [`i${i}`, make(i)]));

/** Waits until the journal holds `n` lines more than it did at `from`. */
const journalGrowth = async (dataFile: string, from: number, n: number): Promise<void> => {
  for (let i = 0; i < 500 && journalLines(dataFile).length < from + n; i++) await new Promise((r) => setTimeout(r, 2));
};

/** The fields that succeeded and the codes of those that failed. */
const outcome = (res: GqlResult): { ok: number; codes: string[] } => {
  const data = (res.body.data ?? {}) as Record<string, unknown>;
  return {
    ok: Object.values(data).filter((v) => v !== null).length,
    codes: (res.body.errors ?? []).map((e) => e.extensions?.code ?? 'NONE'),
  };
};

describe('rights change while a many-field mutation is in flight', () => {
  it('a key revoked (and acknowledged) mid-mutation creates no key in any field that starts afterwards', async () => {
    const dataFile = app.main.store.dataFile!;
    const spare = await app.main.mintKey({ user_id: ids.bob, name: 'spare' });
    const before = journalLines(dataFile).length;
    const mutation = server.gql({
      query: aliased('create_api_key', 'create_api_key_input'),
      variables: inputs((i) => ({ user_id: ids.bob, name: `burst ${i}` })),
      authorization: bearer(spare.key),
    });
    await journalGrowth(dataFile, before, 2);
    const revoke = await server.gql({
      query: 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }',
      variables: { input: { key_id: spare.id } },
      authorization: bearer(app.key(refs.bob)),
    });
    expect(revoke.body.data?.delete_api_key).toEqual({ success: true });
    const res = await mutation;
    const { ok, codes } = outcome(res);
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(FIELDS);
    expect(new Set(codes)).toEqual(new Set(['UNAUTHENTICATED']));

    // In the journal's order: nothing created for bob after the revocation.
    const lines = journalLines(dataFile) as { ops: [string, string, Record<string, unknown> | string][] }[];
    const revokedAt = lines.findIndex((l) => l.ops.some((op) => op[0] === 'del' && op[2] === spare.id));
    expect(revokedAt).toBeGreaterThan(-1);
    const after = lines.slice(revokedAt + 1).filter((l) => l.ops.some((op) => op[0] === 'put' && op[1] === 'apiKeys'));
    expect(after).toEqual([]);
    results.push('revocation');
  });

  it('a promoted user demoted (and acknowledged) mid-mutation creates no service account afterwards', async () => {
    const dataFile = app.main.store.dataFile!;
    const membership = app.main.store.state.membershipOf(ids.bob, ids.acme)!;
    const setRole = (roleId: string): Promise<GqlResult> => server.gql({
      query: 'mutation($input: set_membership_role_input!) { set_membership_role(input: $input) { id } }',
      variables: { input: { membership_id: membership.id, role_id: roleId } },
      authorization: bearer(app.key(refs.aliceAdmin)),
    });
    expect((await setRole(TENANT_ADMIN_ROLE_ID)).body.errors).toBeUndefined();
    const before = journalLines(dataFile).length;
    const mutation = server.gql({
      query: aliased('create_service_account', 'create_service_account_input'),
      variables: inputs((i) => ({ tenant_id: ids.acme, name: `robot ${i}` })),
      authorization: bearer(app.key(refs.bob)),
    });
    await journalGrowth(dataFile, before, 2);
    expect((await setRole(builtInRoleId('USER'))).body.errors).toBeUndefined();
    const res = await mutation;
    const { ok, codes } = outcome(res);
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(FIELDS);
    expect(new Set(codes)).toEqual(new Set(['FORBIDDEN']));
    const lines = journalLines(dataFile) as { ops: [string, string, Record<string, unknown> | string][] }[];
    const demotedAt = lines.findLastIndex((l) => l.ops.some((op) => op[0] === 'put' && op[1] === 'memberships' && (op[2] as { id: string }).id === membership.id));
    const after = lines.slice(demotedAt + 1).filter((l) => l.ops.some((op) => op[0] === 'put' && op[1] === 'users'));
    expect(after).toEqual([]);
    results.push('demotion');
  });
});
