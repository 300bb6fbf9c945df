import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Fixture, type RunningEmulator } from '../../src/index.js';

/**
 * The emulator keeps its fixture built (a pristine state that shares its rows with the live
 * one), and a reset copies it; a fixture file that changed since is loaded again.
 */
describe('reset loads the fixture again from its source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pce-reset-'));
  const file = join(dir, 'fixture.json');
  const base = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Fixture;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(base));
    emulator = await startEmulator({ fixture: file, logLevel: 'silent' });
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a reset gives back the start state exactly, whatever was changed, however often', async () => {
    const start = emulator.snapshot().tables;
    await emulator.mintKey({ user_id: base.users![0]!.id });
    await emulator.reset();
    expect(emulator.snapshot().tables).toEqual(start);
    await emulator.mintKey({ user_id: base.users![1]!.id });
    await emulator.reset();
    expect(emulator.snapshot().tables).toEqual(start);
  });

  it('a reset brings back the file as it reads now; a bad file is refused and nothing changes', async () => {
    const renamed = { ...base, tenants: base.tenants.map((t) => (t.slug === 'acme' ? { ...t, name: 'Acme Renamed' } : t)) };
    writeFileSync(file, JSON.stringify(renamed));
    await emulator.reset();
    const tenants = emulator.snapshot().tables.tenants.map((t) => t.name);
    expect(tenants).toContain('Acme Renamed');

    const before = emulator.snapshot();
    writeFileSync(file, '{ not json');
    await expect(emulator.reset()).rejects.toThrow(/not valid JSON/);
    expect(emulator.snapshot()).toEqual(before);
  });
});
