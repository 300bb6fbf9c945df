import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_VERSION, validateStateDocument } from '../../src/store/snapshot.js';
import { TABLE_NAMES } from '../../src/store/state.js';
import { createTestApp, ids, type TestApp } from '../helpers/app.js';
import { removeDirs, tempDir } from './helpers.js';

/**
 * test/data/state-v1.json is a data file as the first format wrote it (the default fixture's
 * state, some empty tables left out, as version 1 allowed). Every later version must load it.
 */
const V1_FILE = new URL('../data/state-v1.json', import.meta.url);
const v1Text = readFileSync(V1_FILE, 'utf8');
/** The default fixture's fixed plaintext for Alice's key in the file. */
const ALICE_KEY = 'pce_DEFAULTACMETENANTADMIN000000000000000000000';
const AUTH_INFO = '{ auth_info { user_id tenant_id role } }';

describe('state documents of older versions', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    removeDirs();
  });

  it('the committed file is version 1', () => {
    expect(JSON.parse(v1Text)).toMatchObject({ format: 'prefect-cloud-emulator/state', version: 1 });
    expect(STATE_VERSION).toBeGreaterThan(1);
  });

  it('upgrades a version-1 document to the current version, filling in the tables it leaves out', () => {
    const v1 = JSON.parse(v1Text) as { tables: Record<string, unknown> };
    expect(Object.keys(v1.tables)).not.toContain('agents');
    const doc = validateStateDocument(v1, 'test/data/state-v1.json');
    expect(doc.version).toBe(STATE_VERSION);
    expect(Object.keys(doc.tables)).toEqual([...TABLE_NAMES]);
    expect(doc.tables.agents).toEqual([]);
    expect(doc.tables.apiKeys.length).toBeGreaterThan(0);
    // The caller's document is not changed.
    expect(JSON.parse(v1Text)).toEqual(v1);
  });

  it('a version-1 data file opens, its keys work, and the next snapshot writes it in the current version', async () => {
    const dataFile = join(tempDir(), 'state.json');
    copyFileSync(V1_FILE, dataFile);
    const app = await createTestApp({ dataFile });
    apps.push(app);
    const res = await app.gql(AUTH_INFO, { key: ALICE_KEY });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.auth_info).toEqual({ user_id: ids.alice, tenant_id: ids.acme, role: 'TENANT_ADMIN' });
    expect(readFileSync(dataFile, 'utf8')).toBe(v1Text);

    // A change goes to the journal; the clean stop then folds it into a data file of the current version.
    const minted = await app.main.mintKey({ user_id: ids.bob });
    await apps.pop()!.close();
    const rewritten = JSON.parse(readFileSync(dataFile, 'utf8')) as { version: number; tables: Record<string, unknown[]> };
    expect(rewritten.version).toBe(STATE_VERSION);
    expect(Object.keys(rewritten.tables)).toEqual([...TABLE_NAMES]);
    const before = (JSON.parse(v1Text) as typeof rewritten).tables.apiKeys ?? [];
    expect(rewritten.tables.apiKeys).toEqual([...before, expect.objectContaining({ id: minted.id })]);
  });

  it('a version-1 snapshot restores through the control API', async () => {
    const app = await createTestApp({ fixture: 'many-tenants' });
    apps.push(app);
    const res = await app.control('put', '/snapshot', JSON.parse(v1Text));
    expect(res.status, res.text).toBe(200);
    const who = await app.gql(AUTH_INFO, { key: ALICE_KEY });
    expect(who.body.data?.auth_info).toMatchObject({ user_id: ids.alice });
  });

  it('a current document that leaves a table out is refused, naming the table', () => {
    const v1 = JSON.parse(v1Text) as Record<string, unknown>;
    expect(() => validateStateDocument({ ...v1, version: STATE_VERSION }, 'doc')).toThrow('doc: tables.revokedKeys must be an array');
  });
});
