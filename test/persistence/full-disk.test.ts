/**
 * A full disk, for real: the data file lives on a small tmpfs that a filler file fills up. Every
 * kind of write is tried until it is refused; each is either acknowledged (and then durable) or
 * refused with PERSISTENCE_FAILED and memory exactly as before. Reads keep working, no
 * temporary file is left behind, and after a restart the state is exactly what was acknowledged.
 * Needs root to mount the tmpfs (CI runs as root); without it the test fails, it never skips.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRoleId } from '../../src/domain/roles.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { bearer, listen, type HttpResult, type LiveServer } from '../security/helpers.js';

let mount: string;
let mounted = false;
let app: TestApp;
let server: LiveServer;
const filler = (): string => join(mount, 'filler');

const fillDisk = (): void => {
  const fd = openSync(filler(), 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial chunk: fill to the last byte.
  const fd2 = openSync(filler(), 'a');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(512, 1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd2);
  }
};

beforeAll(async () => {
  if (process.getuid?.() !== 0) {
    throw new Error('the full-disk test mounts a tmpfs and must run as root (CI does); run it as root');
  }
  mount = mkdtempSync(join(tmpdir(), 'pce-full-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
  mounted = true;
  app = await createTestApp({ dataFile: join(mount, 'state.json') });
  server = await listen(app.handler);
});

afterAll(async () => {
  await server?.close();
  rmSync(join(mount, 'filler'), { force: true });
  await app?.close().catch(() => undefined);
  if (mounted) execFileSync('umount', ['-l', mount]);
  rmSync(mount, { recursive: true, force: true });
});

/**
 * The state as a canonical text: rows sorted by id (a row put back after a failed delete moves to the end of its table's iteration order, which is not state).
 * Read from the store, not a snapshot export, so that secrets (which snapshots leave out) are compared too.
 */
const memory = (): string => {
  const tables = app.main.store.document(null).tables as unknown as Record<string, { id: string }[]>;
  // Rows sorted by id, fields by name: a row read back from the data file has its fields in the
  // order the records describe them, which need not be the order it was made in.
  const sortedFields = (row: object): object => Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)));
  const sorted = Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, [...rows].sort((a, b) => a.id.localeCompare(b.id)).map(sortedFields)]));
  return JSON.stringify({ tables: sorted, clock: app.main.clock.state() });
};

type Outcome = 'acknowledged' | 'refused';
interface Attempt { kind: string; outcome: Outcome }

describe('a full disk', () => {
  it('refuses every kind of write cleanly, changes nothing in memory, and loses nothing acknowledged', async () => {
    const alice = bearer(app.key(refs.aliceAdmin));
    const gql = async (query: string, variables: Record<string, unknown>): Promise<HttpResult & { code: string | null; message: string }> => {
      const res = await server.gql({ query, variables, authorization: alice });
      const error = res.body.errors?.[0];
      return { ...res, code: error?.extensions?.code ?? null, message: error?.message ?? '' };
    };
    const control = async (method: string, path: string, body: unknown): Promise<HttpResult & { code: string | null; message: string }> => {
      const res = await server.raw(method, `/__emulator${path}`, JSON.stringify(body), { 'content-type': 'application/json' });
      const error = (res.json as { error?: { code: string; message: string } }).error;
      return { ...res, code: error?.code ?? null, message: error?.message ?? '' };
    };

    // Some state to delete later, written while there is room.
    const spareKeys: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await gql('mutation($input: create_api_key_input!) { create_api_key(input: $input) { id } }', { input: { user_id: ids.alice, name: `spare ${i}` } });
      spareKeys.push((res.json as { data: { create_api_key: { id: string } } }).data.create_api_key.id);
    }
    const accounts: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await gql('mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }', { input: { tenant_id: ids.acme, name: `robot ${i}` } });
      accounts.push((res.json as { data: { create_service_account: { id: string } } }).data.create_service_account.id);
    }
    const spareSecrets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `SPARE_${i}`;
      await gql('mutation($input: set_secret_input!) { set_secret(input: $input) { success } }', { input: { name, value: `spare value ${i}` } });
      spareSecrets.push(name);
    }
    const snapshot = app.main.exportSnapshot();
    const rita = app.main.store.state.membershipOf(ids.rita, ids.acme)!;
    fillDisk();

    let n = 0;
    const writes: Record<string, () => Promise<HttpResult & { code: string | null; message: string }>> = {
      create_api_key: () => gql('mutation($input: create_api_key_input!) { create_api_key(input: $input) { id } }', { input: { user_id: ids.alice, name: `full ${++n}` } }),
      delete_api_key: () => gql('mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', { input: { key_id: spareKeys.shift() } }),
      create_service_account: () => gql('mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }', { input: { tenant_id: ids.acme, name: `full ${++n}` } }),
      delete_service_account: () => gql('mutation($input: delete_service_account_input!) { delete_service_account(input: $input) { success } }', { input: { user_id: accounts.shift() } }),
      set_membership_role: () => gql('mutation($input: set_membership_role_input!) { set_membership_role(input: $input) { id } }', {
        input: { membership_id: rita.id, role_id: builtInRoleId(++n % 2 ? 'USER' : 'READ_ONLY_USER') },
      }),
      create_tenant: () => gql('mutation($input: create_tenant_input!) { create_tenant(input: $input) { id } }', { input: { name: `Full ${++n}`, slug: `full-${n}` } }),
      register_agent: () => gql('mutation($input: register_agent_input!) { register_agent(input: $input) { id } }', { input: { name: `agent ${++n}`, type: 'LocalAgent', labels: ['a'] } }),
      set_secret: () => gql('mutation($input: set_secret_input!) { set_secret(input: $input) { success } }', { input: { name: `FULL_${++n}`, value: { n } } }),
      delete_secret: () => gql('mutation($input: delete_secret_input!) { delete_secret(input: $input) { success } }', { input: { name: spareSecrets.shift() } }),
      'control: mint key': () => control('POST', '/keys', { user_id: ids.bob }),
      'control: reset': () => control('POST', '/reset', {}),
      'control: import snapshot': () => control('PUT', '/snapshot', snapshot),
    };

    const attempts: Attempt[] = [];
    const changedInMemory: string[] = [];
    const unclear: string[] = [];
    for (const [kind, write] of Object.entries(writes)) {
      for (let tries = 0; tries < 100; tries++) {
        const before = memory();
        const res = await write();
        const refused = res.code !== null;
        attempts.push({ kind, outcome: refused ? 'refused' : 'acknowledged' });
        if (!refused) continue;
        if (res.code !== 'PERSISTENCE_FAILED' || !/could not be written: the disk is full \(ENOSPC\)\. The change was not made\./.test(res.message)) {
          unclear.push(`${kind}: ${res.status} ${res.code} ${res.message}`);
        }
        if (kind.startsWith('control') && res.status !== 507) unclear.push(`${kind}: HTTP ${res.status}`);
        if (memory() !== before) changedInMemory.push(kind);
        // Reads keep working.
        const read = await gql('query { auth_api_key { id } }', {});
        expect(read.code).toBeNull();
        break;
      }
    }
    // No half-written temporary snapshot is left to keep the disk full.
    expect(readdirSync(mount).filter((f) => f.includes('.tmp-'))).toEqual([]);

    // Room again: the emulator writes as usual, and a restart finds exactly what was acknowledged.
    rmSync(filler());
    const after = await gql('mutation($input: create_api_key_input!) { create_api_key(input: $input) { id } }', { input: { user_id: ids.alice, name: 'after' } });
    expect(after.code).toBeNull();
    const inMemory = memory();
    await server.close();
    await app.close();
    app = await createTestApp({ dataFile: join(mount, 'state.json') });
    server = await listen(app.handler);
    const lost = inMemory === memory() ? 0 : 1;

    const refusedKinds = new Set(attempts.filter((a) => a.outcome === 'refused').map((a) => a.kind));
    const acknowledged = attempts.filter((a) => a.outcome === 'acknowledged').length;
    console.log(
      `full disk: ${attempts.length} writes tried on a full disk (${Object.keys(writes).length} kinds), ${acknowledged} acknowledged, ` +
      `${attempts.length - acknowledged} refused with PERSISTENCE_FAILED, ${changedInMemory.length} changed in memory, ${lost} acknowledged lost after restart`,
    );
    expect(unclear).toEqual([]);
    expect(changedInMemory).toEqual([]);
    expect([...refusedKinds].sort()).toEqual(Object.keys(writes).sort());
    expect(lost).toBe(0);
  });
});
