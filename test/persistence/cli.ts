import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ids } from '../helpers/world.js';

/** The real CLI, as built by `node scripts/build.mjs` (npm test builds first). */
const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Fails clearly when dist/ is missing or older than the store it is meant to exercise. */
export const requireBuiltCli = (): void => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node scripts/build.mjs\` first (npm test does)`);
  const built = statSync(CLI).mtimeMs;
  const storeDir = join(ROOT, 'src', 'store');
  const stale = readdirSync(storeDir).filter((f) => statSync(join(storeDir, f)).mtimeMs > built);
  if (stale.length > 0) throw new Error(`${CLI} is older than src/store/${stale[0]}: run \`node scripts/build.mjs\` first (npm test does)`);
};

/** Plaintext fixture keys of fixtures/default.json, by ref: for requests only, never printed. */
export const fixtureKey = (ref: string): string => {
  const fixture = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'default.json'), 'utf8')) as { api_keys: { ref: string; key: string }[] };
  const found = fixture.api_keys.find((k) => k.ref === ref);
  if (!found) throw new Error(`no fixture key ${ref}`);
  return found.key;
};

export interface RunningCli {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/**
 * Starts `node dist/cli/main.js --data <dataFile> --port 0 …` and waits for its ready line.
 * Rejects, with what it printed on stderr, when it exits first.
 */
export const startCli = async (dataFile: string, timeoutMs = 20_000): Promise<RunningCli> => {
  const child = spawn(process.execPath, [CLI, '--data', dataFile, '--port', '0', '--log-level', 'silent', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator printed no ready line within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const ready = /ready at (http:\/\/\S+)/.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (code ${code}, signal ${signal}) before it was ready; stderr: ${stderr.trim()}`));
    });
  });
  return { child, url, exited, stderr: () => stderr };
};

export interface HttpResult {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } & Record<string, unknown>;
}

/** Thrown when a response started but did not arrive whole. */
export class IncompleteResponseError extends Error {}

/**
 * One HTTP request. Rejects when no complete response arrived: `IncompleteResponseError` when
 * one had started, the socket error otherwise.
 */
export const request = (
  url: string,
  options: { method?: string; body?: unknown; key?: string; agent?: http.Agent | false },
): Promise<HttpResult> =>
  new Promise((resolve, reject) => {
    let started = false;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(url, {
      method: options.method ?? (payload ? 'POST' : 'GET'),
      agent: options.agent ?? false,
      headers: {
        ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      },
    }, (res) => {
      started = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (error) => reject(new IncompleteResponseError(`response cut off: ${error.message}`)));
      res.on('aborted', () => reject(new IncompleteResponseError('response aborted')));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as HttpResult['body'] });
        } catch {
          reject(new IncompleteResponseError(`response of ${text.length} characters is not complete JSON`));
        }
      });
    });
    req.on('error', (error) => reject(started ? new IncompleteResponseError(`response cut off: ${error.message}`) : error));
    req.end(payload);
  });

export const gql = (url: string, key: string, query: string, variables: Record<string, unknown>, agent?: http.Agent): Promise<HttpResult> =>
  request(`${url}/graphql`, { key, body: { query, variables }, ...(agent ? { agent } : {}) });


/** The default fixture's users, by name. */
export const USERS = ids;

/** State document shape as GET /__emulator/snapshot returns it (the parts the suites read). */
export interface SnapshotTables {
  apiKeys: { id: string; userId: string; tenantId: string; keyHash: string }[];
  revokedKeys: { id: string; keyHash: string }[];
  users: { id: string }[];
  tenants: { id: string }[];
  memberships: { userId: string; tenantId: string }[];
  agents: { id: string; labels: string[] }[];
}

/**
 * Problems that would mean a transaction was half applied or the state is inconsistent: a key
 * whose owner, tenant or membership is missing, a key both live and revoked, a duplicate hash.
 */
export const consistencyProblems = (tables: SnapshotTables): string[] => {
  const problems: string[] = [];
  const users = new Set(tables.users.map((u) => u.id));
  const tenants = new Set(tables.tenants.map((t) => t.id));
  const members = new Set(tables.memberships.map((m) => `${m.userId}/${m.tenantId}`));
  const revoked = new Set(tables.revokedKeys.map((k) => k.id));
  const hashes = new Set<string>();
  for (const key of tables.apiKeys) {
    if (!users.has(key.userId)) problems.push(`key ${key.id} has no owner ${key.userId}`);
    if (!tenants.has(key.tenantId)) problems.push(`key ${key.id} has no tenant ${key.tenantId}`);
    if (!members.has(`${key.userId}/${key.tenantId}`)) problems.push(`key ${key.id}: owner is not a member of its tenant`);
    if (revoked.has(key.id)) problems.push(`key ${key.id} is both live and revoked`);
    if (hashes.has(key.keyHash)) problems.push(`key ${key.id} duplicates a key hash`);
    hashes.add(key.keyHash);
  }
  return problems;
};

export { AUTH_INFO, CREATE_KEY, DELETE_KEY, HEARTBEAT, REGISTER_AGENT } from '../helpers/world.js';
