import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { call, killAll, ROOT, runCli, startCli } from './cli-process.js';

/**
 * The package as users get it: `npm pack`, installed from the tarball into a fresh project, then
 * `npx prefect-cloud-emulator` and `import { startEmulator } from 'prefect-cloud-emulator'`.
 * The one slow test of the suite: it installs the dependencies from the registry (or the cache).
 * It also holds the package to its size: a small tarball, a small install, as `npx` users get it.
 */
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; types: string; main: string };
const dir = mkdtempSync(join(tmpdir(), 'pce-package-'));
const consumer = join(dir, 'consumer');
afterAll(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});
const MB = 1024 * 1024;
/** Bytes of every file under a directory (symlinks counted as links, not followed). */
const sizeOf = (path: string): number => {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
};
const npmEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };

describe('the build', () => {
  it('produces dist/ with type declarations and the bin', () => {
    expect(pkg.bin).toEqual({ 'prefect-cloud-emulator': 'bin/prefect-cloud-emulator' });
    const bin = join(ROOT, pkg.bin['prefect-cloud-emulator']!);
    expect(readFileSync(bin, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    expect(readFileSync(join(ROOT, 'dist', 'cli', 'main.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    for (const file of [pkg.main, pkg.types, 'dist/fixtures/format.d.ts', 'dist/service/instance.d.ts']) {
      expect(existsSync(join(ROOT, file)), file).toBe(true);
    }
    expect(readFileSync(join(ROOT, pkg.types), 'utf8')).toContain('export declare const startEmulator');
  });

  it('bundles or depends, never both, and maps only its own code', () => {
    const full = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const maps = ['cli', 'lib'].flatMap((dir) => readdirSync(join(ROOT, 'dist', dir)).filter((f) => f.endsWith('.map')).map((f) => join(ROOT, 'dist', dir, f)));
    expect(maps.length).toBeGreaterThan(0);
    const sources = maps.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { sources: string[] }).sources);
    expect(sources.filter((s) => s.includes('node_modules/'))).toEqual([]);
    expect(sources.some((s) => s.endsWith('src/cli/main.ts'))).toBe(true);
    // A dependency is loaded from node_modules, so none of its code is in the bundle.
    const bundled = ['cli', 'lib'].flatMap((dir) => readdirSync(join(ROOT, 'dist', dir)).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(ROOT, 'dist', dir, f), 'utf8'))).join('\n');
    for (const dependency of Object.keys(full.dependencies)) expect(bundled, dependency).toContain(`"${dependency}"`);
    expect(bundled).not.toContain('YogaGraphiQL.renderYogaGraphiQL');
  });
});

describe('npm pack, installed into a fresh project', () => {
  it('runs `npx prefect-cloud-emulator` and imports the programmatic API with its types', async () => {
    // --ignore-scripts: "prepare" would rebuild dist/ under the other suites' feet; it is built.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env: npmEnv });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    for (const needed of ['package.json', 'README.md', 'schema.graphql', 'bin/prefect-cloud-emulator', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js',
      'fixtures/default.json', 'fixtures/many-tenants.json', 'fixtures/expiring-keys.json',
      'dist/lib/emulator.js', 'dist/lib/emulator.cache', 'dist/lib/control.js', 'dist/lib/control.cache']) {
      expect(files, needed).toContain(needed);
    }
    for (const path of files) expect(path, path).not.toMatch(/^(src|test|examples|node_modules|bench|dist\/snapshot)\//);

    // Lean for npx: the tarball and the install with its dependencies.
    const tarball = join(dir, info!.filename);
    expect(statSync(tarball).size, 'tarball bytes').toBeLessThanOrEqual(1 * MB);
    await run('mkdir', ['-p', consumer]);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: consumer, env: npmEnv, timeout: 150_000 });
    expect(JSON.parse(readFileSync(join(consumer, 'node_modules', pkg.name, 'package.json'), 'utf8'))).toMatchObject({ version: pkg.version });
    expect(sizeOf(join(consumer, 'node_modules')), 'installed bytes with dependencies').toBeLessThanOrEqual(40 * MB);

    // npx finds the installed bin (--no: never download another).
    const help = await runCli(['--no', '--', 'prefect-cloud-emulator', '--help'], { command: ['npx'], cwd: consumer, timeoutMs: 60_000 });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--frozen-at');
    expect(help.stdout).toContain('PREFECT_EMULATOR_PORT');

    // A real start, with a ready fixture shipped in the package.
    const cli = await startCli(['--no', '--', 'prefect-cloud-emulator', '--port', '0', '--fixture', 'many-tenants'], {
      command: ['npx'], cwd: consumer, timeoutMs: 60_000, group: true,
    });
    try {
      expect((await call(`${cli.url}/health`)).body).toMatchObject({ status: 'ok', version: pkg.version });
      const keys = (await call(`${cli.url}/__emulator/fixture-keys`)).body.keys as { ref: string }[];
      expect(keys.map((k) => k.ref)).toContain('consultant-hooli');
      const graphql = await call(`${cli.url}/graphql`, { body: { query: '{ hello }' } });
      expect(graphql.body.data.hello).toEqual(expect.any(String));
      const ui = await fetch(`${cli.url}/ui/`);
      expect(ui.status).toBe(200);
      // GraphiQL's renderer, a dependency, loads from the installed node_modules.
      const graphiql = await fetch(`${cli.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(graphiql.status).toBe(200);
      expect(await graphiql.text()).toContain('YogaGraphiQL');
    } finally {
      await cli.stop();
    }
    // npx and the emulator under it both stop: soon nothing answers any more.
    const answers = async (): Promise<boolean> => fetch(`${cli.url}/health`).then(() => true, () => false);
    for (let i = 0; i < 50 && await answers(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await answers()).toBe(false);
    expect(cli.stderr()).not.toContain('Error');

    // The programmatic API, from the installed package.
    writeFileSync(join(consumer, 'use.mjs'), `
      import { startEmulator } from 'prefect-cloud-emulator';
      const emulator = await startEmulator({ fixture: 'expiring-keys', frozenAt: '2030-01-01T00:00:00Z' });
      const res = await fetch(emulator.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + emulator.key('expires-in-1h') },
        body: JSON.stringify({ query: '{ auth_info { role } }' }),
      });
      const before = (await res.json()).data.auth_info.role;
      emulator.clock.advance('PT2H');
      const after = await (await fetch(emulator.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + emulator.key('expires-in-1h') },
        body: JSON.stringify({ query: '{ auth_info { role } }' }),
      })).json();
      await emulator.close();
      console.log(JSON.stringify({ before, after: after.errors[0].extensions.code }));
    `);
    const used = await run(process.execPath, ['use.mjs'], { cwd: consumer, timeout: 30_000 });
    expect(JSON.parse(used.stdout)).toEqual({ before: 'TENANT_ADMIN', after: 'UNAUTHENTICATED' });

    // And its types: a consumer's TypeScript sees the real API (a wrong option is an error).
    writeFileSync(join(consumer, 'typed.ts'), `
      import { startEmulator, type RunningEmulator, type StartOptions } from 'prefect-cloud-emulator';
      const options: StartOptions = { port: 0, fixture: 'default', frozenAt: new Date() };
      const emulator: RunningEmulator = await startEmulator(options);
      const url: string = emulator.graphqlUrl;
      emulator.clock.advance('P30D');
      // @ts-expect-error port is a number
      await startEmulator({ port: 'x' });
      console.log(url);
    `);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--skipLibCheck', '--typeRoots', join(ROOT, 'node_modules', '@types'), '--types', 'node', 'typed.ts'], { cwd: consumer, timeout: 60_000 })
      .catch((error: { stdout?: string }) => { throw new Error(`tsc: ${error.stdout ?? ''}`); });
  }, 180_000);
});
