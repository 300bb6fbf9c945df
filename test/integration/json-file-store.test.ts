import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/fixtures/format.js';
import { createTestApp, ids, refs, type TestApp } from '../helpers/app.js';
import { readDataFile } from '../helpers/data-file.js';
import { AUTH_INFO, CREATE_KEY, DELETE_KEY, expectNoSecret, fails, LIST_KEYS, ok } from './helpers.js';

/** A small fixture, different from the default one, to tell which one a data file holds. */
const otherFixture: Fixture = {
  version: 1,
  tenants: [{ id: '33333333-3333-4333-8333-333333333333', name: 'Initech', slug: 'initech' }],
  users: [{
    id: '3a3a3a3a-0000-4000-8000-000000000003', username: 'peter@initech.test',
    memberships: [{ tenant_id: '33333333-3333-4333-8333-333333333333', role: 'TENANT_ADMIN' }],
  }],
  api_keys: [{ ref: 'initech-admin', name: 'Peter key', user_id: '3a3a3a3a-0000-4000-8000-000000000003', key: `pce_${'P'.repeat(43)}` }],
};

describe('the JSON data file', () => {
  let dir: string;
  let dataFile: string;
  const open: TestApp[] = [];
  const start = async (options: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> => {
    const app = await createTestApp({ dataFile, ...options });
    open.push(app);
    return app;
  };
  const stop = async (app: TestApp): Promise<void> => {
    open.splice(open.indexOf(app), 1);
    await app.close();
  };
  /** The data file and every file beside it (journal, lock, temp files), as text. */
  const filesText = (): string => fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8')).join('\n');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pce-store-'));
    dataFile = path.join(dir, 'state.json');
  });
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is created from the fixture when it does not exist', async () => {
    expect(fs.existsSync(dataFile)).toBe(false);
    const app = await start();
    expect(fs.existsSync(dataFile)).toBe(true);
    const doc = readDataFile(dataFile);
    expect(doc.format).toBe('prefect-cloud-emulator/state');
    expect(doc.tables.tenants.map((t) => t.slug).sort()).toEqual(['acme', 'globex']);
    expect(doc.tables.apiKeys).toHaveLength(8);
    await ok(app, AUTH_INFO, { key: app.key(refs.aliceAdmin) });
  });

  it('keeps created keys across a restart: they still authenticate', async () => {
    const first = await start();
    const alice = first.key(refs.aliceAdmin);
    const created: string[] = [];
    for (const name of ['one', 'two']) {
      const data = await ok(first, CREATE_KEY, { key: alice, variables: { input: { name, user_id: ids.alice, expires_at: null } } });
      created.push(data.create_api_key.key as string);
    }
    const agentKey = await ok(first, CREATE_KEY, { key: alice, variables: { input: { name: 'agent', user_id: ids.acmeAgent } } });
    created.push(agentKey.create_api_key.key as string);
    await stop(first);

    const second = await start();
    for (const key of created) await ok(second, AUTH_INFO, { key });
    expect((await ok(second, AUTH_INFO, { key: created[2]! })).auth_info).toEqual({ tenant_id: ids.acme, user_id: ids.acmeAgent });
    const listed = await ok(second, LIST_KEYS, { key: alice });
    expect(listed.auth_api_key.map((k: { name: string }) => k.name).sort()).toEqual(['Alice Admin default key', 'acme agent key', 'agent', 'one', 'two']);
    // The fixture's own keys are still offered by ref, since the file still holds them.
    await ok(second, AUTH_INFO, { key: second.key(refs.bob) });
  });

  it('keeps revocations across a restart', async () => {
    const first = await start();
    const alice = first.key(refs.aliceAdmin);
    const data = await ok(first, CREATE_KEY, { key: alice, variables: { input: { name: 'short-lived', user_id: ids.alice } } });
    const { id, key } = data.create_api_key as { id: string; key: string };
    expect((await ok(first, DELETE_KEY, { key: alice, variables: { input: { key_id: id } } })).delete_api_key.success).toBe(true);
    await stop(first);

    const second = await start();
    const error = await fails(second, AUTH_INFO, { key }, 'UNAUTHENTICATED');
    expect(error.message).toMatch(/revoked/);
  });

  it('keeps what was written even without a clean stop (journal replay)', async () => {
    const first = await start();
    const alice = first.key(refs.aliceAdmin);
    const data = await ok(first, CREATE_KEY, { key: alice, variables: { input: { name: 'journaled', user_id: ids.alice } } });
    // Read the files as a crash would leave them: the journal holds the change, fsynced.
    const snapshot = fs.readFileSync(dataFile, 'utf8');
    const journal = fs.readFileSync(`${dataFile}.journal`, 'utf8');
    expect(journal).toContain('journaled');
    await stop(first);
    fs.writeFileSync(dataFile, snapshot);
    fs.writeFileSync(`${dataFile}.journal`, journal);

    const second = await start();
    await ok(second, AUTH_INFO, { key: data.create_api_key.key as string });
  });

  it('loads an existing file as it is: a different fixture given on re-open is ignored', async () => {
    const first = await start();
    const alice = first.key(refs.aliceAdmin);
    await ok(first, CREATE_KEY, { key: alice, variables: { input: { name: 'kept', user_id: ids.alice } } });
    await stop(first);

    const second = await start({ fixture: otherFixture });
    await ok(second, AUTH_INFO, { key: alice });
    const tenants = await ok(second, 'query { tenant { slug } }', { key: alice });
    expect(tenants.tenant.map((t: { slug: string }) => t.slug).sort()).toEqual(['acme', 'globex']);
    expect((await ok(second, LIST_KEYS, { key: alice })).auth_api_key.map((k: { name: string }) => k.name)).toContain('kept');
    // The other fixture's key was never loaded, so it neither works nor is offered.
    await fails(second, AUTH_INFO, { key: `pce_${'P'.repeat(43)}` }, 'UNAUTHENTICATED');
    expect(second.main.fixtureKeys.map((k) => k.ref)).not.toContain('initech-admin');
  });

  it('a fresh file is created from whichever fixture is given', async () => {
    const app = await start({ fixture: otherFixture });
    const data = await ok(app, 'query { tenant { slug } }', { key: app.key('initech-admin') });
    expect(data.tenant).toEqual([{ slug: 'initech' }]);
    await stop(app);
    expect(fs.readFileSync(dataFile, 'utf8')).toContain('initech');
  });

  it('never holds a plaintext key, in the data file or its journal', async () => {
    const app = await start();
    const alice = app.key(refs.aliceAdmin);
    const secrets = app.main.fixtureKeys.map((k) => k.key);
    for (const name of ['a', 'b', 'c']) {
      const data = await ok(app, CREATE_KEY, { key: alice, variables: { input: { name, user_id: ids.alice } } });
      secrets.push(data.create_api_key.key as string);
    }
    secrets.push((await app.main.mintKey({ user_id: ids.bob })).key);
    // While running: snapshot plus journal.
    expect(fs.readFileSync(`${dataFile}.journal`, 'utf8').length).toBeGreaterThan(0);
    expectNoSecret(filesText(), secrets, 'the data files');
    // After a clean stop: the one complete file.
    await stop(app);
    expectNoSecret(filesText(), secrets, 'the data files');
    const doc = readDataFile(dataFile);
    expect(doc.tables.apiKeys.map((k) => k.name)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    for (const row of doc.tables.apiKeys) expect(row.keyHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('writes the data file and journal readable by the owner only', async () => {
    const app = await start();
    await ok(app, CREATE_KEY, { key: app.key(refs.aliceAdmin), variables: { input: { name: 'x', user_id: ids.alice } } });
    if (process.platform !== 'win32') {
      expect(fs.statSync(`${dataFile}.journal`).mode & 0o077).toBe(0);
      expect(fs.statSync(dataFile).mode & 0o077).toBe(0);
    }
    await stop(app);
  });
});
