import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../src/config/env.js';
import { call, killAll, runCli, startCli, whoIs, type CliProcess } from './cli-process.js';

const defaultFixture = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as {
  api_keys: { ref: string; key: string }[];
  api_tokens: { token: string }[];
};
const FIXTURE_SECRETS = [...defaultFixture.api_keys.map((k) => k.key), ...defaultFixture.api_tokens.map((t) => t.token)];
const BOB = '1b1b1b1b-0000-4000-8000-000000000001';
const T0 = '2030-01-01T00:00:00.000Z';

const leakedIn = (text: string, secrets: readonly string[]): number[] =>
  secrets.map((s, i) => (text.includes(s) ? i : -1)).filter((i) => i >= 0);

afterAll(killAll);

describe('the CLI, started for real', () => {
  let cli: CliProcess;
  const minted: string[] = [];
  beforeAll(async () => {
    cli = await startCli(['--port', '0', '--frozen-at', T0, '--log-level', 'debug']);
  });
  afterAll(async () => {
    expect(await cli.stop()).toEqual({ code: 0, signal: null });
  });

  it('prints a ready line with the URL, bound to 127.0.0.1', () => {
    expect(cli.readyLine).toMatch(/^prefect-cloud-emulator \d+\.\d+\.\d+\S* ready at http:\/\/127\.0\.0\.1:\d+ \(fixture: default; in memory; clock frozen\)$/);
    expect(cli.stdout().split('\n')[0]).toBe(cli.readyLine);
  });

  it('answers on 127.0.0.1 only', async () => {
    const port = new URL(cli.url).port;
    expect((await call(`${cli.url}/health`)).body).toMatchObject({ status: 'ok' });
    // Another loopback address reaches any interface a server bound to 0.0.0.0; not this one.
    await expect(fetch(`http://127.0.0.2:${port}/health`)).rejects.toThrow();
  });

  it('lists which fixture key acts as whom, by ref', async () => {
    const out = await cli.waitForStdout(defaultFixture.api_keys.at(-1)!.ref);
    for (const { ref } of defaultFixture.api_keys) expect(out).toMatch(new RegExp(`^\\s+${ref}\\s+pce_\\w{4}…\\s+\\S+ · [A-Z_]+ in [a-z]+`, 'm'));
    expect(out).toContain('alice@acme.test · TENANT_ADMIN in acme');
    expect(out).toContain(`${cli.url}/__emulator`);
  });

  it('drives the clock through the control API to expire a key', async () => {
    const res = await call(`${cli.url}/__emulator/keys`, { body: { user_id: BOB, expires_at: '+1h', name: 'e2e' } });
    expect(res.status).toBe(201);
    const key = res.body.key as string;
    minted.push(key);
    expect(res.body.expires_at).toBe('2030-01-01T01:00:00.000Z');
    expect(await whoIs(cli.url, key)).toEqual({ userId: BOB, code: null });

    expect((await call(`${cli.url}/__emulator/clock/advance`, { body: { by: '59m' } })).body).toMatchObject({ now: '2030-01-01T00:59:00.000Z', frozen: true });
    expect(await whoIs(cli.url, key)).toEqual({ userId: BOB, code: null });

    await call(`${cli.url}/__emulator/clock/advance`, { body: { by: 'PT1M' } });
    expect(await whoIs(cli.url, key)).toEqual({ userId: null, code: 'UNAUTHENTICATED' });
  });

  it('never prints a full key or token, even at log level debug', async () => {
    // Use every secret over the wire, so anything that logged requests would have printed them.
    for (const secret of [...FIXTURE_SECRETS, ...minted]) await whoIs(cli.url, secret);
    await call(`${cli.url}/graphql`, { body: { query: '{ nope' }, headers: { authorization: `Bearer ${FIXTURE_SECRETS[0]}` } });
    expect(leakedIn(cli.stdout() + cli.stderr(), [...FIXTURE_SECRETS, ...minted])).toEqual([]);
    // Not even the part after the prefix that the key list does not show.
    expect(leakedIn(cli.stdout() + cli.stderr(), FIXTURE_SECRETS.filter((s) => s.startsWith('pce_')).map((s) => s.slice(8)))).toEqual([]);
  });
});

describe.concurrent('--help', () => {
  const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

  it.each([[['--help']], [['serve', '--help']], [['help', 'serve']]])('documents every serve flag and its environment variable: %j', async (args) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const [name, variable] of Object.entries(ENV)) {
      expect(stdout).toContain(`--${kebab(name)}`);
      expect(stdout).toContain(variable);
    }
    expect(stdout).toMatch(/-p, --port <port>/);
    expect(stdout).toMatch(/--frozen-at <time>[\s\S]*"now"/);
  });

  it('names the commands, and documents generate', async () => {
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/serve \[options\][\s\S]*default command/);
    expect(top.stdout).toContain('generate [options] [spec]');
    const generate = await runCli(['generate', '--help']);
    expect(generate.code).toBe(0);
    expect(generate.stdout).toContain('--seed <n>');
    expect(generate.stdout).toContain('-o, --out <file>');
    expect(generate.stdout).toContain('tenants=N,users=N,service-accounts=N,keys-per-user=N');
  });

  it('prints the version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(pkg.version);
  });
});

describe.concurrent('bad command lines exit non-zero with a clear message', () => {
  it.each<[string, string[], Record<string, string>, RegExp]>([
    ['an unknown flag', ['--bogus'], {}, /unknown option '--bogus'/],
    ['an unknown command', ['frobnicate', 'x'], {}, /unknown command|too many arguments/],
    ['a port that is not a number', ['--port', 'abc'], {}, /--port.*'abc'.*whole number/],
    ['a port out of range', ['--port', '70000'], {}, /invalid port "70000": must be a whole number from 0 to 65535/],
    ['a log level that does not exist', ['--log-level', 'loud'], {}, /invalid log level "loud": use one of silent, error, warn, info, debug/],
    ['a frozen start that is not a time', ['--frozen-at', 'yesterday'], {}, /invalid frozen start time "yesterday"/],
    ['a negative seed', ['--seed', '-1'], {}, /--seed.*'-1'.*whole number/],
    ['a negative seed, with =', ['--seed=-1'], {}, /--seed.*'-1'.*whole number/],
    ['a missing fixture file', ['--fixture', './no/such/fixture.json'], {}, /cannot read fixture file \.\/no\/such\/fixture\.json: ENOENT/],
    ['an unknown ready fixture', ['--fixture', 'no-such-fixture'], {}, /unknown fixture "no-such-fixture"; the ready fixtures are: default, expiring-keys, many-tenants/],
    ['a bad generate spec', ['--generate', 'users=lots'], {}, /invalid --generate value "users=lots": users must be a whole number/],
    ['a short admin token', ['--admin-token', 'short'], {}, /admin token must be at least 8 characters/],
    ['a bad port in the environment', [], { PREFECT_EMULATOR_PORT: 'abc' }, /'abc' from env 'PREFECT_EMULATOR_PORT' is invalid/],
    ['a bad in-memory value in the environment', ['--port', '0'], { PREFECT_EMULATOR_IN_MEMORY: 'maybe' }, /invalid in-memory value "maybe": use true or false/],
    ['a bad log level in the environment', ['--port', '0'], { PREFECT_EMULATOR_LOG_LEVEL: 'loud' }, /invalid log level "loud"/],
    ['a bad seed in the environment', ['--port', '0'], { PREFECT_EMULATOR_SEED: '-1' }, /'-1' from env 'PREFECT_EMULATOR_SEED' is invalid/],
    ['an allowed host with a scheme', ['--port', '0', '--allow-host', 'http://emulator'], {}, /invalid allowed host "http:\/\/emulator": give a host name or address without scheme or port/],
    ['an allowed origin with a path', ['--port', '0'], { PREFECT_EMULATOR_ALLOW_ORIGIN: 'http://localhost:3000/app' }, /invalid allowed origin "http:\/\/localhost:3000\/app"/],
  ])('%s', async (_label, args, env, message) => {
    const { code, stdout, stderr } = await runCli(args, { env });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toMatch(message);
    expect(stdout).not.toContain('ready at');
  });

  it('refuses a port already in use, naming it', async () => {
    const first = await startCli(['--port', '0']);
    try {
      const port = new URL(first.url).port;
      const { code, stderr } = await runCli(['--port', port]);
      expect(code).not.toBe(0);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await first.stop();
    }
  });
});
