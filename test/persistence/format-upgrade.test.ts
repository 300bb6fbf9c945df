import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_VERSION, validateStateDocument } from '../../src/store/snapshot.js';
import { TABLE_NAMES } from '../../src/store/state.js';
import { AUTH_INFO_WITH_ROLE as AUTH_INFO, FIXTURE_KEYS, ids } from '../helpers/world.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { readDocument, removeDirs, tempDir } from './helpers.js';

/**
 * test/data/state-v<N>.json: a data file as format version N wrote it, the default fixture's
 * state (version 1 could leave empty tables out, and this one does). Every later version must
 * load each of them; a change of format that bumps STATE_VERSION commits a file of the new one.
 */
const DATA = new URL('../data/', import.meta.url);
const files = readdirSync(DATA).filter((f) => /^state-v\d+\.json$/.test(f)).sort();
const versionOf = (file: string): number => Number(/\d+/.exec(file)![0]);
const textOf = (file: string): string => readFileSync(new URL(file, DATA), 'utf8');

describe('state documents of every version', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    removeDirs();
  });

  it('a file of every version up to the current one is committed', () => {
    expect(files.map(versionOf)).toEqual(Array.from({ length: STATE_VERSION }, (_, i) => i + 1));
    for (const file of files) expect(JSON.parse(textOf(file))).toMatchObject({ format: 'prefect-cloud-emulator/state', version: versionOf(file) });
  });

  it.each(files)('%s is read as a document of the current version, without changing the one given', (file) => {
    const given = JSON.parse(textOf(file)) as Record<string, unknown>;
    const doc = validateStateDocument(given, file);
    expect(doc.version).toBe(STATE_VERSION);
    expect(Object.keys(doc.tables)).toEqual([...TABLE_NAMES]);
    expect(doc.tables.agents).toEqual([]);
    expect(doc.tables.apiKeys.length).toBeGreaterThan(0);
    expect(given).toEqual(JSON.parse(textOf(file)));
  });

  it.each(files)('%s opens as a data file, its keys work, and the next snapshot writes the current version', async (file) => {
    const dataFile = join(tempDir(), 'state.json');
    copyFileSync(new URL(file, DATA), dataFile);
    const app = await createTestApp({ dataFile });
    apps.push(app);
    const res = await app.gql(AUTH_INFO, { key: FIXTURE_KEYS.aliceAdmin });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.auth_info).toMatchObject({ user_id: ids.alice, tenant_id: ids.acme, role: 'TENANT_ADMIN' });
    expect(readFileSync(dataFile, 'utf8')).toBe(textOf(file));

    // A change goes to the journal; the clean stop then folds it into a data file of the current version.
    const minted = await app.main.mintKey({ user_id: ids.bob });
    await apps.pop()!.close();
    const raw = JSON.parse(readFileSync(dataFile, 'utf8')) as { version: number; tables: Record<string, unknown> };
    expect(raw.version).toBe(STATE_VERSION);
    expect(Object.keys(raw.tables)).toEqual([...TABLE_NAMES]);
    // Every table column-wise, as the data file writes them.
    for (const name of TABLE_NAMES) expect(raw.tables[name]).toMatchObject({ rows: expect.any(Number), columns: expect.any(Object) });
    const rewritten = readDocument(dataFile);
    const before = validateStateDocument(JSON.parse(textOf(file)), file).tables.apiKeys;
    expect(rewritten.tables.apiKeys).toEqual([...before, expect.objectContaining({ id: minted.id })]);
  });

  it.each(files)('%s restores as a snapshot through the control API', async (file) => {
    const app = await createTestApp({ fixture: 'many-tenants' });
    apps.push(app);
    const res = await app.control('put', '/snapshot', JSON.parse(textOf(file)));
    expect(res.status, res.text).toBe(200);
    const who = await app.gql(AUTH_INFO, { key: FIXTURE_KEYS.aliceAdmin });
    expect(who.body.data?.auth_info).toMatchObject({ user_id: ids.alice });
  });

  it('a document of the current version must list every table', () => {
    const v1 = JSON.parse(textOf('state-v1.json')) as Record<string, unknown>;
    expect(() => validateStateDocument({ ...v1, version: STATE_VERSION }, 'doc')).toThrow('doc: tables.revokedKeys must be an array');
  });
});
