import { chmodSync, cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, call, killAll, ROOT, runCli, startCli, whoIs } from './cli-process.js';
import { controlServes, DEFAULT_KEYS as keys } from './serves.js';

/**
 * The bin's start-up snapshot (bin/prefect-cloud-emulator, scripts/snapshot.mjs,
 * src/cli/snapshot-entry.ts): the build makes one for its node and its folder, the bin starts
 * from it and serves everything the bin served before, and it starts without it (the same
 * emulator, compiled from the bundle) whenever the snapshot does not fit.
 */
const FROM_SNAPSHOT = '[debug] started from its start-up snapshot';
const FROM_BUNDLE = '[debug] compiled with its code cache';
const dirs: string[] = [];
afterAll(() => {
  killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `pce-snapshot-${name}-`));
  dirs.push(dir);
  return dir;
};

/** Starts `bin` with `args` (debug log), checks how it says it started and that it serves GraphQL, GraphiQL, the control API, the issuer and the UI. */
const servesFrom = async (bin: string, how: string, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<string> => {
  const cli = await startCli(['--port', '0', '--in-memory', '--log-level', 'debug', ...(options.args ?? [])], { command: [bin], ...(options.env ? { env: options.env } : {}) });
  try {
    expect(cli.stderr()).toContain(how);
    expect((await call(`${cli.url}/health`)).body).toMatchObject({ status: 'ok' });
    expect(await whoIs(cli.url, keys[0]!.key)).toEqual({ userId: keys[0]!.user_id, code: null });
    await controlServes(cli.url);
    const graphiql = await fetch(`${cli.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('YogaGraphiQL');
    expect(cli.stderr()).not.toMatch(/error|warning/i);
    return cli.url;
  } finally {
    expect(await cli.stop()).toEqual({ code: 0, signal: null });
  }
};

/**
 * A copy of the built package (bin/ and dist/ copied, the rest linked) whose made-for names the
 * copy's folder and `node` (default: this node), so that only the rule under test can refuse it.
 */
const packageCopy = (node = process.execPath): string => {
  assertBuilt();
  const dir = realpathSync(tempDir('copy'));
  for (const name of ['bin', 'dist']) cpSync(join(ROOT, name), join(dir, name), { recursive: true, preserveTimestamps: true });
  for (const name of ['node_modules', 'schema.graphql', 'fixtures', 'package.json']) symlinkSync(join(ROOT, name), join(dir, name));
  writeFileSync(join(dir, 'dist', 'snapshot', 'made-for'), `${node}\n${dir}\n`);
  return dir;
};

/** A `node` that runs this node, in a folder of its own, with its file's time set to `mtime`. */
const nodeStandIn = (mtime: Date): string => {
  const file = join(tempDir('node'), 'node');
  writeFileSync(file, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} "$@"\n`);
  chmodSync(file, 0o755);
  utimesSync(file, mtime, mtime);
  return file;
};

describe("the bin's start-up snapshot", () => {
  it('is made by the build for this node and this folder, and the bin starts from it and serves', async () => {
    assertBuilt();
    expect(readFileSync(join(ROOT, 'dist', 'snapshot', 'made-for'), 'utf8')).toBe(`${process.execPath}\n${realpathSync(ROOT)}\n`);
    expect(statSync(join(ROOT, 'dist', 'snapshot', 'emulator.blob')).size).toBeGreaterThan(1_000_000);
    await servesFrom(BIN, FROM_SNAPSHOT);
  });

  it('runs the other commands too: generate (faker, loaded at run time), --version, a bad flag', async () => {
    const generated = await runCli(['generate', 'tenants=1,users=2', '--seed', '7']);
    expect(generated.code).toBe(0);
    expect((JSON.parse(generated.stdout) as { users: unknown[] }).users).toHaveLength(2);
    const version = await runCli(['--version']);
    expect([version.code, version.stdout.trim()]).toEqual([0, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version]);
    const bad = await runCli(['--port', 'abc']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--port must be a whole number');
  });

  it('takes the clock, the environment and the fixture from the start, not from the build', async () => {
    // A fixture that is not one of the prebuilt ones: one byte more than the default.
    const fixture = join(tempDir('fixture'), 'fixture.json');
    writeFileSync(fixture, `${readFileSync(join(ROOT, 'fixtures', 'default.json'), 'utf8')} `);
    const cli = await startCli(['--port', '0', '--in-memory', '--frozen-at', '2031-05-06T07:08:09.000Z', '--fixture', fixture], {
      command: [BIN],
      env: { PREFECT_EMULATOR_LOG_LEVEL: 'debug' },
    });
    try {
      expect(cli.stderr()).toContain(FROM_SNAPSHOT);
      expect(cli.readyLine).toContain(`fixture: ${fixture}`);
      expect((await call(`${cli.url}/__emulator/clock`)).body).toMatchObject({ now: '2031-05-06T07:08:09.000Z', frozen: true });
      expect(await whoIs(cli.url, keys[1]!.key)).toEqual({ userId: keys[1]!.user_id, code: null });
    } finally {
      await cli.stop();
    }
    const before = Date.now();
    const named = await startCli(['--port', '0', '--in-memory', '--fixture', 'many-tenants']);
    try {
      expect(named.readyLine).toContain('fixture: many-tenants');
      const clock = (await call(`${named.url}/__emulator/clock`)).body as { now: string; frozen: boolean };
      expect(clock.frozen).toBe(false);
      expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(before);
    } finally {
      await named.stop();
    }
  });

  it('is used through a symbolic link to the bin, as npm links it', async () => {
    const link = join(tempDir('link'), 'prefect-cloud-emulator');
    symlinkSync(BIN, link);
    await servesFrom(link, FROM_SNAPSHOT);
  });

  it('is not used with PREFECT_EMULATOR_SNAPSHOT=off or with NODE_OPTIONS set, and the bin still serves', async () => {
    await servesFrom(BIN, FROM_BUNDLE, { env: { PREFECT_EMULATOR_SNAPSHOT: 'off' } });
    // Any NODE_OPTIONS: they may hold V8 flags, under which node refuses the snapshot.
    await servesFrom(BIN, FROM_BUNDLE, { env: { NODE_OPTIONS: '--no-deprecation' } });
  });

  it('is used by a copy of the package only when made for its folder, after its bundle, and by its node', async () => {
    const fits = packageCopy();
    await servesFrom(join(fits, 'bin', 'prefect-cloud-emulator'), FROM_SNAPSHOT);

    const elsewhere = packageCopy();
    writeFileSync(join(elsewhere, 'dist', 'snapshot', 'made-for'), `${process.execPath}\n${realpathSync(ROOT)}\n`);
    await servesFrom(join(elsewhere, 'bin', 'prefect-cloud-emulator'), FROM_BUNDLE);

    const stale = packageCopy();
    const blob = join(stale, 'dist', 'snapshot', 'emulator.blob');
    const later = new Date(statSync(blob).mtimeMs + 60_000);
    utimesSync(join(stale, 'dist', 'lib', 'emulator.js'), later, later);
    await servesFrom(join(stale, 'bin', 'prefect-cloud-emulator'), FROM_BUNDLE);

    const otherNode = packageCopy('/usr/local/bin/not-this-node');
    await servesFrom(join(otherNode, 'bin', 'prefect-cloud-emulator'), FROM_BUNDLE);
  });

  it('is not used by a node binary newer than the snapshot (node was upgraded in place)', async () => {
    const blobTime = statSync(join(ROOT, 'dist', 'snapshot', 'emulator.blob')).mtimeMs;
    const older = nodeStandIn(new Date(blobTime - 60_000));
    const dir = packageCopy(older);
    const bin = join(dir, 'bin', 'prefect-cloud-emulator');
    // The stand-in is a script: only the path and the times are compared, and it runs this node.
    const path = `${join(older, '..')}:${process.env.PATH ?? ''}`;
    await servesFrom(bin, FROM_SNAPSHOT, { env: { PATH: path } });
    const newer = new Date(statSync(join(dir, 'dist', 'snapshot', 'emulator.blob')).mtimeMs + 60_000);
    utimesSync(older, newer, newer);
    await servesFrom(bin, FROM_BUNDLE, { env: { PATH: path } });
  });
});
