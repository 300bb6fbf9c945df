import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, freePort, killAll, startCli, whoIs, type CliProcess } from './cli-process.js';
import { ids } from '../helpers/world.js';
import { readDataFile } from '../helpers/data-file.js';

const { bob: BOB, gus: GUS } = ids;
const ALICE_KEY = 'pce_DEFAULTACMETENANTADMIN000000000000000000000';
const TOKEN = 'e2e-admin-token-0000';

const dir = mkdtempSync(join(tmpdir(), 'pce-cli-config-'));
afterAll(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the CLI, runs `check` against it, and always stops it; resolves to its exit and output. */
const withCli = async (args: string[], env: Record<string, string>, check: (cli: CliProcess) => Promise<void>) => {
  const cli = await startCli(args, { env });
  try {
    await check(cli);
  } finally {
    await cli.stop();
  }
  // SIGTERM is a clean stop, however soon after the ready line it comes.
  expect(await cli.exited).toEqual({ code: 0, signal: null });
  return { stdout: cli.stdout(), stderr: cli.stderr() };
};

/** A request with headers fetch will not send (Host). */
const raw = (base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number }> =>
  new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, path, method, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(body);
  });

const fixtureRefs = async (url: string): Promise<string[]> =>
  ((await call(`${url}/__emulator/fixture-keys`)).body.keys as { ref: string }[]).map((k) => k.ref);

describe.concurrent('each environment variable works', () => {
  it('PREFECT_EMULATOR_PORT', async () => {
    const port = await freePort();
    await withCli([], { PREFECT_EMULATOR_PORT: String(port) }, async (cli) => {
      expect(cli.url).toBe(`http://127.0.0.1:${port}`);
      expect((await call(`${cli.url}/health`)).status).toBe(200);
    });
  });

  it('PREFECT_EMULATOR_HOST', async () => {
    await withCli(['--port', '0'], { PREFECT_EMULATOR_HOST: '127.0.0.2' }, async (cli) => {
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      expect((await call(`${cli.url}/health`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${new URL(cli.url).port}/health`)).rejects.toThrow();
    });
  });

  it('PREFECT_EMULATOR_FIXTURE, by name and by path', async () => {
    await withCli(['--port', '0'], { PREFECT_EMULATOR_FIXTURE: 'many-tenants' }, async (cli) => {
      expect(cli.readyLine).toContain('(fixture: many-tenants;');
      expect(await fixtureRefs(cli.url)).toContain('consultant-pied-piper');
      expect((await whoIs(cli.url, ALICE_KEY)).code).toBe('UNAUTHENTICATED');
    });
    const file = join(dir, 'one-tenant.json');
    writeFileSync(file, JSON.stringify({
      version: 1,
      tenants: [{ id: '33333333-3333-4333-8333-333333333333', name: 'Initech', slug: 'initech' }],
      users: [{ id: '3a3a3a3a-0000-4000-8000-000000000003', username: 'peter', memberships: [{ tenant_id: '33333333-3333-4333-8333-333333333333', role: 'USER' }] }],
      api_keys: [{ ref: 'peter-key', name: 'peter', user_id: '3a3a3a3a-0000-4000-8000-000000000003' }],
    }));
    await withCli(['--port', '0'], { PREFECT_EMULATOR_FIXTURE: file }, async (cli) => {
      expect(cli.readyLine).toContain(`(fixture: ${file};`);
      expect(await fixtureRefs(cli.url)).toEqual(['peter-key']);
    });
  });

  it('PREFECT_EMULATOR_GENERATE and PREFECT_EMULATOR_SEED: the same state for the same seed', async () => {
    const env = { PREFECT_EMULATOR_GENERATE: 'tenants=2,users=4,service-accounts=1,keys-per-user=2', PREFECT_EMULATOR_FROZEN_AT: '2030-01-01T00:00:00Z' };
    const snapshots: string[] = [];
    for (const seed of ['42', '42', '43']) {
      await withCli(['--port', '0'], { ...env, PREFECT_EMULATOR_SEED: seed }, async (cli) => {
        expect(cli.readyLine).toContain(`generated tenants=2,users=4,service-accounts=1,keys-per-user=2 (seed ${seed})`);
        expect(await fixtureRefs(cli.url)).toHaveLength(10);
        snapshots.push((await call(`${cli.url}/__emulator/snapshot`)).text);
      });
    }
    expect(snapshots[1]).toBe(snapshots[0]);
    expect(snapshots[2]).not.toBe(snapshots[0]);
  });

  it('PREFECT_EMULATOR_DATA, and PREFECT_EMULATOR_IN_MEMORY=true overriding it', async () => {
    const dataFile = join(dir, 'env-data', 'state.json');
    await withCli(['--port', '0'], { PREFECT_EMULATOR_DATA: dataFile }, async (cli) => {
      expect(cli.readyLine).toContain(`data file ${dataFile}`);
      expect((await call(`${cli.url}/__emulator/keys`, { body: { user_id: GUS, name: 'persisted-by-env' } })).status).toBe(201);
    });
    expect(readFileSync(dataFile, 'utf8')).toContain('persisted-by-env');

    const unused = join(dir, 'in-memory', 'state.json');
    await withCli(['--port', '0'], { PREFECT_EMULATOR_DATA: unused, PREFECT_EMULATOR_IN_MEMORY: 'true' }, async (cli) => {
      expect(cli.readyLine).toContain('; in memory');
      expect((await call(`${cli.url}/__emulator/keys`, { body: { user_id: GUS } })).status).toBe(201);
    });
    expect(existsSync(unused)).toBe(false);

    const kept = join(dir, 'in-memory-false', 'state.json');
    await withCli(['--port', '0', '--data', kept], { PREFECT_EMULATOR_IN_MEMORY: 'false' }, async (cli) => {
      expect(cli.readyLine).toContain(`data file ${kept}`);
    });
    expect(existsSync(kept)).toBe(true);
  });

  it('PREFECT_EMULATOR_ADMIN_TOKEN', async () => {
    await withCli(['--port', '0'], { PREFECT_EMULATOR_ADMIN_TOKEN: TOKEN }, async (cli) => {
      expect(await cli.waitForStdout('(admin token required)')).toContain(`control API: ${cli.url}/__emulator (admin token required)`);
      expect((await call(`${cli.url}/__emulator/clock`)).status).toBe(401);
      expect((await call(`${cli.url}/__emulator/clock`, { headers: { authorization: 'Bearer wrong-token-000' } })).status).toBe(401);
      expect((await call(`${cli.url}/__emulator/clock`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      expect((await whoIs(cli.url, ALICE_KEY)).code).toBeNull();
    });
  });

  it('PREFECT_EMULATOR_LOG_LEVEL', async () => {
    const silent = await withCli(['--port', '0'], { PREFECT_EMULATOR_LOG_LEVEL: 'silent' }, async () => {});
    expect(silent.stderr).toBe('');
    const info = await withCli(['--port', '0'], { PREFECT_EMULATOR_LOG_LEVEL: 'info' }, async () => {});
    expect(info.stderr).toContain('[info] SIGTERM received');
  });

  it('PREFECT_EMULATOR_ALLOW_HOST and PREFECT_EMULATOR_ALLOW_ORIGIN', async () => {
    const env = { PREFECT_EMULATOR_ALLOW_HOST: 'prefect-cloud, ci-runner', PREFECT_EMULATOR_ALLOW_ORIGIN: 'http://localhost:3000' };
    await withCli(['--port', '0'], env, async (cli) => {
      const port = new URL(cli.url).port;
      expect((await raw(cli.url, 'GET', '/health', { host: `prefect-cloud:${port}` })).status).toBe(200);
      expect((await raw(cli.url, 'GET', '/health', { host: `ci-runner:${port}` })).status).toBe(200);
      expect((await raw(cli.url, 'GET', '/health', { host: `elsewhere:${port}` })).status).toBe(403);
      const mint = JSON.stringify({ user_id: BOB });
      const json = { 'content-type': 'application/json' };
      expect((await raw(cli.url, 'POST', '/__emulator/keys', { ...json, origin: 'http://localhost:3000' }, mint)).status).toBe(201);
      expect((await raw(cli.url, 'POST', '/__emulator/keys', { ...json, origin: 'http://localhost:3001' }, mint)).status).toBe(403);
    });
  });

  it('warns when PREFECT_EMULATOR_HOST is beyond loopback and no admin token is set', async () => {
    const open = await withCli(['--port', '0'], { PREFECT_EMULATOR_HOST: '0.0.0.0', PREFECT_EMULATOR_LOG_LEVEL: 'warn' }, async () => {});
    expect(open.stderr).toMatch(/\[warn\] listening on 0\.0\.0\.0, beyond this machine, without an admin token/);
    const guarded = await withCli(['--port', '0'], { PREFECT_EMULATOR_HOST: '0.0.0.0', PREFECT_EMULATOR_ADMIN_TOKEN: TOKEN, PREFECT_EMULATOR_LOG_LEVEL: 'warn' }, async () => {});
    expect(guarded.stderr).toBe('');
  });

  it('PREFECT_EMULATOR_FROZEN_AT, as a time and as "now"', async () => {
    await withCli(['--port', '0'], { PREFECT_EMULATOR_FROZEN_AT: '2030-05-06T07:08:09+02:00' }, async (cli) => {
      expect(cli.readyLine).toContain('clock frozen');
      expect((await call(`${cli.url}/__emulator/clock`)).body).toEqual({ now: '2030-05-06T05:08:09.000Z', frozen: true, offsetMs: 0 });
    });
    const before = Date.now();
    await withCli(['--port', '0'], { PREFECT_EMULATOR_FROZEN_AT: 'now' }, async (cli) => {
      const clock = (await call(`${cli.url}/__emulator/clock`)).body as { now: string; frozen: boolean };
      expect(clock.frozen).toBe(true);
      expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(clock.now)).toBeLessThanOrEqual(Date.now());
    });
  });
});

describe.concurrent('flags win over the environment', () => {
  it('for every serve setting at once', async () => {
    const envData = join(dir, 'flags-win', 'env.json');
    const flagData = join(dir, 'flags-win', 'flag.json');
    const env = {
      PREFECT_EMULATOR_PORT: String(await freePort()), PREFECT_EMULATOR_HOST: '127.0.0.3', PREFECT_EMULATOR_DATA: envData,
      PREFECT_EMULATOR_FIXTURE: 'many-tenants', PREFECT_EMULATOR_ADMIN_TOKEN: 'env-admin-token-0000', PREFECT_EMULATOR_LOG_LEVEL: 'silent',
      PREFECT_EMULATOR_FROZEN_AT: '2030-01-01T00:00:00Z',
    };
    const flags = [
      '--port', '0', '--host', '127.0.0.1', '--data', flagData, '--fixture', 'default', '--admin-token', TOKEN,
      '--log-level', 'info', '--frozen-at', '2040-01-01T00:00:00Z',
    ];
    const run = await withCli(flags, env, async (cli) => {
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.url).not.toContain(`:${env.PREFECT_EMULATOR_PORT}`);
      expect(cli.readyLine).toContain(`(fixture: default; data file ${flagData}; clock frozen)`);
      const auth = { authorization: `Bearer ${TOKEN}` };
      expect((await call(`${cli.url}/__emulator/clock`, { headers: auth })).body).toMatchObject({ now: '2040-01-01T00:00:00.000Z' });
      expect((await call(`${cli.url}/__emulator/clock`, { headers: { authorization: 'Bearer env-admin-token-0000' } })).status).toBe(401);
    });
    expect(run.stderr).toContain('[info] SIGTERM received');
    expect(existsSync(flagData)).toBe(true);
    expect(existsSync(envData)).toBe(false);
  });

  it('for generate and seed, and --in-memory over a data file in the environment', async () => {
    const envData = join(dir, 'flags-win-2', 'env.json');
    const env = { PREFECT_EMULATOR_GENERATE: 'tenants=5', PREFECT_EMULATOR_SEED: '7', PREFECT_EMULATOR_DATA: envData };
    await withCli(['--port', '0', '--generate', 'tenants=1,users=1,service-accounts=0,keys-per-user=1', '--seed', '9', '--in-memory'], env, async (cli) => {
      expect(cli.readyLine).toContain('generated tenants=1,users=1,service-accounts=0,keys-per-user=1 (seed 9); in memory');
      expect(await fixtureRefs(cli.url)).toHaveLength(1);
    });
    expect(existsSync(envData)).toBe(false);
  });

  it('a bad value in the environment does not matter when a flag overrides it', async () => {
    const env = { PREFECT_EMULATOR_PORT: 'abc', PREFECT_EMULATOR_LOG_LEVEL: 'loud', PREFECT_EMULATOR_FROZEN_AT: 'yesterday' };
    await withCli(['--port', '0', '--log-level', 'warn', '--frozen-at', 'now'], env, async (cli) => {
      expect((await call(`${cli.url}/health`)).status).toBe(200);
    });
  });
});

describe.concurrent('stopping', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s: exits 0 with everything acknowledged in the data file', async (signal) => {
    const dataFile = join(dir, `stop-${signal}`, 'state.json');
    const cli = await startCli(['--port', '0', '--data', dataFile, '--log-level', 'error']);
    const minted = await Promise.all(Array.from({ length: 25 }, (_, i) => call(`${cli.url}/__emulator/keys`, { body: { user_id: BOB, name: `ack-${i}` } })));
    expect(minted.map((r) => r.status)).toEqual(Array(25).fill(201));
    const created = await call(`${cli.url}/graphql`, {
      body: { query: 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key } }', variables: { input: { user_id: '1a1a1a1a-0000-4000-8000-000000000001', name: 'ack-graphql' } } },
      headers: { authorization: `Bearer ${ALICE_KEY}` },
    });
    expect(created.body.errors).toBeUndefined();

    expect(await cli.stop(signal)).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toBe('');

    // A clean stop leaves one complete JSON file, the journal folded in and the lock released.
    const state = readDataFile(dataFile);
    const stored = new Set(state.tables.apiKeys.map((k) => k.id));
    for (const res of minted) expect(stored.has(res.body.id as string)).toBe(true);
    expect(stored.has(created.body.data.create_api_key.id as string)).toBe(true);
    expect(existsSync(`${dataFile}.lock`)).toBe(false);
    expect(existsSync(`${dataFile}.journal`) ? readFileSync(`${dataFile}.journal`, 'utf8') : '').toBe('');

    // And a restart on the same file authenticates every acknowledged key.
    await withCli(['--port', '0', '--data', dataFile], {}, async (again) => {
      for (const res of minted.slice(0, 5)) expect(await whoIs(again.url, res.body.key as string)).toEqual({ userId: BOB, code: null });
      expect((await whoIs(again.url, created.body.data.create_api_key.key as string)).code).toBeNull();
    });
  });
});
