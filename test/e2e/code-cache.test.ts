import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, call, cleanEnv, killAll, ROOT, runCli, startCli, whoIs } from './cli-process.js';
import { controlServes, DEFAULT_KEYS as keys } from './serves.js';

/**
 * The bundled scripts and the start script's V8 code cache (src/cli/bundled.ts,
 * scripts/bundle-cli.mjs, scripts/code-cache.mjs): the cache the build made is taken, and a cache
 * V8 refuses (another Node version, other flags, a damaged file) or a missing one only means
 * compiling from the source: the CLI and the library still work, GraphQL from the start script
 * and the control API, the issuer and the UI from the second script (dist/lib/control.js), which
 * the first compiles and runs on first use.
 */
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  killAll();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built package (dist/ copied, the rest linked), with its code cache replaced or removed. */
const packageCopy = (cache: Buffer | null): string => {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'pce-code-cache-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  for (const name of ['node_modules', 'schema.graphql', 'fixtures', 'package.json']) symlinkSync(join(ROOT, name), join(dir, name));
  const file = join(dir, 'dist', 'lib', 'emulator.cache');
  if (cache) writeFileSync(file, cache);
  else rmSync(file);
  return dir;
};

/** What the loader reports about the cache of the package at `dir`, in a fresh node with `flags`. */
const cacheRejected = async (dir: string, flags: string[] = []): Promise<boolean> => {
  const probe = `import { compileBundle } from ${JSON.stringify(join(dir, 'dist', 'cli', 'bundled.js'))}; console.log(compileBundle().cacheRejected);`;
  const { stdout } = await run(process.execPath, [...flags, '--input-type=module', '-e', probe], { env: cleanEnv() });
  return JSON.parse(stdout) as boolean;
};

/** Whether V8 refuses the second script's cache in a fresh node, with the bin's heap flags set first (`heap`) or not. */
const controlCacheRejected = async (heap: boolean): Promise<boolean> => {
  const probe = `
    const { compileBundle, CONTROL_CACHE, CONTROL_SCRIPT } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'bundled.js'))});
    ${heap ? `(await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'heap.js'))})).tuneHeap();` : ''}
    console.log(compileBundle(CONTROL_SCRIPT, CONTROL_CACHE).cacheRejected);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { env: cleanEnv() });
  return JSON.parse(stdout) as boolean;
};

/** Starts the bin of the package at `dir`, checks how it says it compiled, and that it serves health, GraphQL, GraphiQL, the control API and the UI. */
const servesFrom = async (dir: string, cache: 'taken' | 'refused', flags: string[] = []): Promise<void> => {
  const cli = await startCli(['--port', '0', '--in-memory', '--log-level', 'debug'], { command: [process.execPath, ...flags, join(dir, 'dist', 'cli', 'main.js')], cwd: dir });
  try {
    expect((await call(`${cli.url}/health`)).body).toMatchObject({ status: 'ok' });
    expect(await whoIs(cli.url, keys[0]!.key)).toEqual({ userId: keys[0]!.user_id, code: null });
    await controlServes(cli.url);
    // GraphiQL's renderer, a dependency, is loaded from inside the script.
    const graphiql = await fetch(`${cli.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('YogaGraphiQL');
    expect(cli.stderr()).toContain(cache === 'taken' ? '[debug] compiled with its code cache' : '[debug] compiled from the source');
    expect(cli.stderr()).not.toMatch(/error|warning/i);
  } finally {
    expect(await cli.stop()).toEqual({ code: 0, signal: null });
  }
};

/** The library of the package at `dir`, in a fresh node: an emulator that answers GraphQL, then its control API and sandboxes. */
const libraryServes = async (dir: string): Promise<void> => {
  const use = `
    import { startEmulator } from ${JSON.stringify(join(dir, 'dist', 'index.js'))};
    const emulator = await startEmulator();
    const res = await fetch(emulator.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ hello }' }) });
    console.log(JSON.stringify({ url: emulator.url, data: (await res.json()).data }));
    await new Promise((resolve) => process.stdin.once('data', resolve));
    await emulator.close();`;
  const child = execFile(process.execPath, ['--input-type=module', '-e', use], { env: cleanEnv() });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolve(String(chunk)));
      child.once('exit', (code) => reject(new Error(`the library's process exited (${code})`)));
    });
    const { url, data } = JSON.parse(line) as { url: string; data: unknown };
    expect(data).toEqual({ hello: expect.any(String) });
    await controlServes(url);
  } finally {
    child.stdin!.end('done');
    await new Promise((resolve) => child.once('close', resolve));
  }
};

describe('the code cache of the bundled script', () => {
  it('is taken by a plain node, as the bin compiles the script (before it sets its heap flags); the bin serves', async () => {
    expect(await cacheRejected(ROOT)).toBe(false);
    await servesFrom(ROOT, 'taken');
    await libraryServes(ROOT);
    // faker, the other dependency, is loaded from inside the script too.
    const generated = await runCli(['generate', 'tenants=1,users=2']);
    expect(generated.code).toBe(0);
    expect((JSON.parse(generated.stdout) as { users: unknown[] }).users).toHaveLength(2);
  });

  it('of the second script is taken under the heap flags the bin sets before its first control request, refused without them', async () => {
    expect(await controlCacheRejected(true)).toBe(false);
    expect(await controlCacheRejected(false)).toBe(true);
  });

  it('is refused under other V8 flags, and the bin still serves', async () => {
    expect(await cacheRejected(ROOT, ['--stack-size=900'])).toBe(true);
    await servesFrom(ROOT, 'refused', ['--stack-size=900']);
  });

  it('is refused when it is not a cache, and the bin still serves', async () => {
    const dir = packageCopy(Buffer.from('not a V8 code cache'.repeat(100)));
    expect(await cacheRejected(dir)).toBe(true);
    await servesFrom(dir, 'refused');
  });

  it('is not given to V8 when damaged (V8 would crash on it), and the bin still serves', async () => {
    const damaged = Buffer.from(readFileSync(join(ROOT, 'dist', 'lib', 'emulator.cache')));
    for (let i = 1000; i < damaged.length; i += 997) damaged[i]! ^= 0x5a;
    const dir = packageCopy(damaged);
    expect(await cacheRejected(dir)).toBe(true);
    await servesFrom(dir, 'refused');
  });

  it('may be missing: the bin still serves, and the library still starts an emulator', async () => {
    const dir = packageCopy(null);
    expect(await cacheRejected(dir)).toBe(true);
    await servesFrom(dir, 'refused');
    await libraryServes(dir);
  });
});
