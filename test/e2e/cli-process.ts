import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and the built CLI the suite runs after `node scripts/build.mjs`. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/**
 * The bin, as its users run it (bin/prefect-cloud-emulator, from the build's start-up snapshot):
 * what the suite starts unless told otherwise. It takes the node on PATH, which {@link cleanEnv}
 * makes this node.
 */
export const BIN = fileURLToPath(new URL('../../bin/prefect-cloud-emulator', import.meta.url));

export const assertBuilt = (): void => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "node scripts/build.mjs" (npm test does) before the e2e suites`);
};

/** The parent's environment without any PREFECT_EMULATOR_* variable, this node first on PATH, plus `extra`. */
export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('PREFECT_EMULATOR_')) env[name] = value;
  env.PATH = [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter);
  return { ...env, ...extra };
};

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

export interface CliProcess {
  readonly child: ChildProcess;
  /** From the ready line, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly readyLine: string;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches (the lines after the ready line come a moment later). */
  waitForStdout(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  readonly exited: Promise<Exit>;
}

const running = new Set<ChildProcess>();
/** Children started as their own process group (`group`), signalled as a group. */
const groups = new WeakSet<ChildProcess>();

const signal = (child: ChildProcess, sig: NodeJS.Signals): void => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (groups.has(child) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // The group is gone already.
    }
  } else {
    child.kill(sig);
  }
};

/** Kills whatever a failed test left running; call from afterAll. */
export const killAll = (): void => {
  for (const child of running) signal(child, 'SIGKILL');
  running.clear();
};

const READY = /ready at (http:\/\/\S+)/;

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** The command to run instead of the bin (the package test runs npx). */
  command?: [string, ...string[]];
  timeoutMs?: number;
  /**
   * Start it as its own process group and signal the whole group: for launchers such as npx,
   * which run the emulator as a child and do not pass signals on.
   */
  group?: boolean;
}

/** Starts the CLI and resolves once it prints its ready line; rejects with its output if it exits first. */
export const startCli = (args: string[], options: SpawnOptions = {}): Promise<CliProcess> => {
  assertBuilt();
  const [command, ...commandArgs] = options.command ?? [BIN];
  const child = spawn(command, [...commandArgs, ...args], {
    cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'], detached: options.group === true,
  });
  running.add(child);
  if (options.group) groups.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise<CliProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal(child, 'SIGKILL');
      reject(new Error(`no ready line within ${options.timeoutMs ?? 20_000} ms\nstdout: ${out}\nstderr: ${err}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (): void => {
      const line = out.split('\n').find((l) => READY.test(l));
      if (!line) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        child,
        url: READY.exec(line)![1]!,
        readyLine: line,
        stdout: () => out,
        stderr: () => err,
        waitForStdout: async (pattern, timeoutMs = 10_000) => {
          const matches = (): boolean => (typeof pattern === 'string' ? out.includes(pattern) : pattern.test(out));
          const deadline = Date.now() + timeoutMs;
          while (!matches()) {
            if (Date.now() > deadline || child.exitCode !== null) throw new Error(`stdout never matched ${String(pattern)}:\n${out}`);
            await new Promise((r) => setTimeout(r, 20));
          }
          return out;
        },
        exited,
        stop: async (sig = 'SIGTERM') => {
          signal(child, sig);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`exited (${exit.code ?? exit.signal}) before it was ready\nstdout: ${out}\nstderr: ${err}`));
    });
  });
};

export interface RunResult extends Exit { stdout: string; stderr: string }

/** Runs the CLI to completion (help, bad flags, generate). */
export const runCli = (args: string[], options: SpawnOptions = {}): Promise<RunResult> => {
  assertBuilt();
  const [command, ...commandArgs] = options.command ?? [BIN];
  const child = spawn(command, [...commandArgs, ...args], { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
};

/** A port that was free a moment ago. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON that the tests read field by field
export interface Json { status: number; body: any; text: string }

/** fetch with a JSON body and a parsed JSON answer. */
export const call = async (url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Json> => {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: unknown;
  try { body = JSON.parse(text); } catch { body = null; }
  return { status: res.status, body, text };
};

/** `auth_info` through GraphQL: the user id, or the error code. */
export const whoIs = async (url: string, key: string): Promise<{ userId: string | null; code: string | null }> => {
  const res = await call(`${url}/graphql`, { body: { query: '{ auth_info { user_id } }' }, headers: { authorization: `Bearer ${key}` } });
  return { userId: res.body?.data?.auth_info?.user_id ?? null, code: res.body?.errors?.[0]?.extensions?.code ?? null };
};
