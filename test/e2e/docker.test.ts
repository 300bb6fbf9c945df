import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cleanEnv, freePort, killAll, ROOT, startCli, whoIs, type CliProcess } from './cli-process.js';
import { ids } from '../helpers/world.js';

/**
 * There is no docker engine here, so this performs the Dockerfile's runtime stage by hand: the
 * same files copied into a clean directory, the same `npm ci`, the image's exact start command
 * with the image's environment (a temporary data directory stands in for the /data volume and a
 * free port for 4200), then the HEALTHCHECK's own command. Everything is read from the
 * Dockerfile, so the file and this test cannot drift apart.
 */

interface Instruction { keyword: string; args: string }
interface Stage { from: string; name: string | null; steps: Instruction[] }

const parseDockerfile = (text: string): { args: Record<string, string>; stages: Stage[] } => {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [image = '', , name] = rest.split(/\s+/);
      stages.push({ from: image.replace(/\$\{(\w+)\}/g, (_, v: string) => args[v] ?? ''), name: name ?? null, steps: [] });
    } else if (upper === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = rest.split('=');
      args[name] = value;
    } else {
      stages.at(-1)!.steps.push({ keyword: upper, args: rest.replace(/\s+/g, ' ') });
    }
  }
  return { args, stages };
};

/** ENV a=b c=d, or ENV a b. */
const parseEnv = (args: string): Record<string, string> => {
  if (!args.includes('=')) {
    const [name = '', ...value] = args.split(' ');
    return { [name]: value.join(' ') };
  }
  return Object.fromEntries([...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));
};

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const build = dockerfile.stages.find((s) => s.name === 'build')!;
const runtime = dockerfile.stages.at(-1)!;
const steps = (stage: Stage, keyword: string): string[] => stage.steps.filter((s) => s.keyword === keyword).map((s) => s.args);
const imageEnv = Object.assign({}, ...steps(runtime, 'ENV').map(parseEnv)) as Record<string, string>;
const execForm = (args: string): string[] => JSON.parse(args) as string[];

describe('the Dockerfile', () => {
  it('has a build stage that installs everything and runs the build', () => {
    expect(dockerfile.stages).toHaveLength(2);
    expect(build).toBeDefined();
    const runs = steps(build, 'RUN');
    expect(runs.some((r) => /^npm ci\b/.test(r))).toBe(true);
    expect(runs).toContain('npm run build');
    // Everything the build reads is copied into the build stage.
    const copied = steps(build, 'COPY').flatMap((c) => c.split(' ').slice(0, -1));
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'schema.graphql', 'scripts', 'src', 'fixtures']) {
      expect(copied, needed).toContain(needed);
    }
    const tsconfigBuild = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { extends?: string; include?: string[] };
    expect(copied).toContain(tsconfigBuild.extends!.replace(/^\.\//, ''));
    for (const include of tsconfigBuild.include ?? []) expect(copied).toContain(include);
  });

  it('runs on a slim image of a current Node LTS, as a non-root user, with a data volume, port and health check', () => {
    for (const stage of dockerfile.stages) {
      const [, major] = /^node:(\d+)-slim$/.exec(stage.from) ?? [];
      expect(Number(major), stage.from).toBeGreaterThanOrEqual(22);
      expect(Number(major) % 2, `${stage.from} is an LTS line`).toBe(0);
    }
    const user = steps(runtime, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(steps(runtime, 'VOLUME')).toEqual(['/data']);
    expect(imageEnv).toMatchObject({ PREFECT_EMULATOR_HOST: '0.0.0.0', PREFECT_EMULATOR_PORT: '4200', PREFECT_EMULATOR_DATA: '/data/state.json' });
    expect(steps(runtime, 'EXPOSE')).toEqual(['4200']);
    expect(steps(runtime, 'CMD').map(execForm)).toEqual([['node', 'dist/cli/main.js']]);
    const health = steps(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]).toMatch(/CMD \["node",/);
    expect(health[0]).toContain('/health');
    // The data directory is created and handed to that user before the switch.
    const runs = steps(runtime, 'RUN');
    expect(runs.some((r) => r.includes('/data') && r.includes(`chown ${user[0]}`))).toBe(true);
    expect(runs.some((r) => /npm ci --omit=dev --ignore-scripts/.test(r))).toBe(true);
  });

  it('.dockerignore keeps local state out and what the Dockerfile copies in', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const local of ['node_modules', 'dist', '.git']) expect(ignored).toContain(local);
    const copied = dockerfile.stages.flatMap((s) => steps(s, 'COPY')).filter((c) => !c.startsWith('--from')).flatMap((c) => c.split(' ').slice(0, -1));
    for (const source of copied) expect(ignored, source).not.toContain(source);
  });
});

describe('the image, run by hand from a clean production install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pce-docker-'));
  const app = join(dir, 'app');
  const data = join(dir, 'data');
  let port: number;
  let env: Record<string, string>;
  let cli: CliProcess | undefined;
  const [command, ...commandArgs] = execForm(steps(runtime, 'CMD')[0]!) as [string, ...string[]];
  const healthcheck = execForm(steps(runtime, 'HEALTHCHECK')[0]!.replace(/^.*?CMD /, '')) as [string, ...string[]];
  /** The image's paths, mapped to this test's directories. */
  const local = (path: string): string => (path.startsWith('/data') ? join(data, path.slice('/data'.length)) : path.replace(/^\/app/, app));
  const start = () => startCli([], { command: [command === 'node' ? process.execPath : command, ...commandArgs], cwd: app, env, timeoutMs: 30_000 });
  const runHealthcheck = (): Promise<number | null> =>
    new Promise((resolve) => {
      const [bin, ...args] = healthcheck;
      const child = spawn(bin === 'node' ? process.execPath : bin, args, { cwd: app, env: cleanEnv(env), stdio: 'ignore' });
      child.on('exit', (code) => resolve(code));
    });

  beforeAll(async () => {
    mkdirSync(app);
    for (const step of runtime.steps) {
      if (step.keyword === 'WORKDIR') expect(step.args).toBe('/app');
      if (step.keyword === 'COPY') {
        const parts = step.args.split(' ');
        const from = parts[0]!.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : null;
        const target = join(app, parts.pop()!);
        for (const source of parts) {
          // The build stage ran `npm run build` in /app: its dist/ is the one this suite built.
          const origin = from === null ? join(ROOT, source) : join(ROOT, source.replace(/^\/app\//, ''));
          expect(existsSync(origin), origin).toBe(true);
          cpSync(origin, target.endsWith('/') || parts.length > 1 ? join(target, source.split('/').pop()!) : target, { recursive: true });
        }
      }
      if (step.keyword === 'RUN') {
        for (const part of step.args.split('&&').map((p) => p.trim())) {
          if (part.startsWith('npm ')) {
            await promisify(execFile)('npm', part.split(' ').slice(1), {
              cwd: app, timeout: 120_000,
              // The exact command; the local cache saves the downloads.
              env: { ...process.env, npm_config_prefer_offline: 'true' },
            });
          } else if (/^mkdir -p \/data$/.test(part)) {
            mkdirSync(data, { recursive: true });
          } else if (/^chown \w+:\w+ \/data$/.test(part)) {
            // Ownership needs root; the test runs as whoever it is.
          } else {
            throw new Error(`the test does not know how to perform "RUN ${part}": teach it`);
          }
        }
      }
    }
    port = await freePort();
    env = Object.fromEntries(Object.entries(imageEnv).map(([k, v]) => [k, k === 'PREFECT_EMULATOR_DATA' ? local(v) : v]));
    env.PREFECT_EMULATOR_PORT = String(port);
  }, 150_000);

  afterAll(async () => {
    await cli?.stop('SIGKILL');
    killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installed production dependencies only', () => {
    expect(existsSync(join(app, 'node_modules', 'express'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'graphql'))).toBe(true);
    for (const dev of ['typescript', 'vitest', 'esbuild', 'supertest']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'src'))).toBe(false);
  });

  it('starts with the image\'s command and environment: bound to 0.0.0.0, healthy, persisting to the data directory', async () => {
    cli = await start();
    expect(cli.readyLine).toContain(`ready at http://127.0.0.1:${port}`);
    expect(cli.readyLine).toContain(`data file ${join(data, 'state.json')}`);
    // 0.0.0.0: reachable on any local address, not only 127.0.0.1.
    expect((await call(`http://127.0.0.2:${port}/health`)).body).toMatchObject({ status: 'ok' });
    expect((await call(`${cli.url}/health`)).status).toBe(200);
    expect(await runHealthcheck()).toBe(0);

    const minted = await call(`${cli.url}/__emulator/keys`, { body: { user_id: ids.bob, name: 'in the volume' } });
    expect(minted.status).toBe(201);
    expect(await cli.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await runHealthcheck()).not.toBe(0);
    expect(readFileSync(join(data, 'state.json'), 'utf8')).toContain('in the volume');

    // A new container on the same volume keeps the state.
    cli = await start();
    expect(await whoIs(cli.url, minted.body.key as string)).toEqual({ userId: ids.bob, code: null });
    expect(await runHealthcheck()).toBe(0);
    expect(await cli.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    cli = undefined;
  }, 60_000);
});
