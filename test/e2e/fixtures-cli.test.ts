import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { base, INVALID_FIXTURES } from '../api/invalid-fixtures.js';
import { call, killAll, runCli, startCli, whoIs } from './cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'pce-fixtures-cli-'));
afterAll(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('the CLI refuses an invalid fixture file, naming the exact path', () => {
  it.each(INVALID_FIXTURES.filter(([label]) => [
    'a membership naming an unknown tenant', 'a key for an unknown user', 'a duplicate tenant slug', 'a duplicate key',
    'a key in a bad format', 'a relative expiry that is not a duration',
  ].includes(label)))('%s', async (label, breakIt, message) => {
    const fixture = base();
    breakIt(fixture);
    const file = join(dir, `${label.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(fixture, null, 2));
    const { code, stdout, stderr } = await runCli(['--port', '0', '--fixture', file]);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toContain(`${file}: ${message}`);
    expect(stdout).not.toContain('ready at');
  });

  it('a file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "version": 1,');
    const { code, stderr } = await runCli(['--port', '0', '--fixture', file]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${file}: not valid JSON`);
  });
});

describe.concurrent('prefect-cloud-emulator generate', () => {
  const spec = 'tenants=2,users=6,service-accounts=2,keys-per-user=1';

  it('writes a byte-identical file for the same seed, another for another seed, and the same to stdout', async () => {
    const files = ['a.json', 'b.json', 'c.json'].map((f) => join(dir, f));
    const runs = await Promise.all([
      runCli(['generate', spec, '--seed', '42', '-o', files[0]!]),
      runCli(['generate', spec, '--seed', '42', '--out', files[1]!]),
      runCli(['generate', spec, '--seed', '43', '-o', files[2]!]),
      runCli(['generate', spec, '--seed', '42']),
    ]);
    for (const run of runs) expect(run.code).toBe(0);
    expect(runs[0]!.stderr).toBe(`wrote ${files[0]}\n`);
    const [a, b, c] = files.map((f) => readFileSync(f));
    expect(b!.equals(a!)).toBe(true);
    expect(c!.equals(a!)).toBe(false);
    expect(runs[3]!.stdout).toBe(a!.toString('utf8'));
    const fixture = JSON.parse(a!.toString('utf8')) as { version: number; tenants: unknown[]; users: unknown[]; api_keys: unknown[] };
    expect(fixture.version).toBe(1);
    expect(fixture.tenants).toHaveLength(2);
    expect(fixture.users).toHaveLength(6);
    expect(fixture.api_keys).toHaveLength(8);
  });

  it('defaults to seed 1 and the default counts', async () => {
    const [implicit, explicit] = await Promise.all([runCli(['generate']), runCli(['generate', 'tenants=2,users=10,service-accounts=2,keys-per-user=1', '--seed', '1'])]);
    expect(implicit.code).toBe(0);
    expect(implicit.stdout).toBe(explicit.stdout);
  });

  it('writes a file that --fixture loads, with the keys it says', async () => {
    const file = join(dir, 'generated.json');
    expect((await runCli(['generate', spec, '--seed', '7', '-o', file])).code).toBe(0);
    const fixture = JSON.parse(readFileSync(file, 'utf8')) as { api_keys: { ref: string; key: string; user_id: string; expires_at: string | null }[] };
    const cli = await startCli(['--port', '0', '--fixture', file, '--frozen-at', '2025-12-31T00:00:00Z']);
    try {
      expect(cli.readyLine).toContain(`(fixture: ${file};`);
      const refs = ((await call(`${cli.url}/__emulator/fixture-keys`)).body.keys as { ref: string }[]).map((k) => k.ref);
      expect(refs).toEqual(fixture.api_keys.map((k) => k.ref));
      const usable = fixture.api_keys.find((k) => k.expires_at === null)!;
      expect(await whoIs(cli.url, usable.key)).toEqual({ userId: usable.user_id, code: null });
      expect(cli.stdout().includes(usable.key)).toBe(false);
    } finally {
      await cli.stop();
    }
  });

  it.each<[string[], RegExp]>([
    [['generate', 'users=lots'], /invalid --generate value "users=lots": users must be a whole number/],
    [['generate', 'colour=blue'], /unknown key "colour"/],
    [['generate', '--seed', 'abc'], /--seed.*'abc'.*whole number/],
  ])('refuses %j with a clear message', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});
