/**
 * What the UI tests share: a headless Debian chromium, the real emulator process, and care that no
 * API key is ever printed (every key a test sees is registered as a secret and redacted from failures).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import { ROOT, SHOTS, appDir } from './paths.js';
import type { GqlBody } from '../helpers/graphql.js';

export { ROOT, SHOTS, appDir };
export type { GqlBody };
const DOC_SHOTS = join(ROOT, 'docs', 'screenshots');

// ---- secrets -------------------------------------------------------------------------------

const secrets = new Set<string>();

/** Remember a key (or token) so that no failure message can show it. */
export function secret(value: string): string {
  if (value.length >= 6) secrets.add(value);
  return value;
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('‹redacted›');
  return out;
}

/** Wraps a test body: any error leaves with every known secret redacted from its message, stack and diff. */
export function safe(body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (e) {
      // eslint-disable-next-line preserve-caught-error -- the cause could hold a key: only its redacted text leaves
      if (!(e instanceof Error)) throw new Error(redact(String(e)));
      e.message = redact(e.message);
      e.stack = redact(e.stack ?? '');
      const fields = e as unknown as Record<string, unknown>;
      for (const k of ['actual', 'expected']) {
        if (typeof fields[k] === 'string') fields[k] = redact(fields[k]);
        else if (fields[k] !== undefined && leaksSecret(JSON.stringify(fields[k]) ?? '')) fields[k] = '‹redacted›';
      }
      throw e;
    }
  };
}

/** True (never the key itself) when `text` contains any secret. */
export function leaksSecret(text: string): boolean {
  for (const s of secrets) if (text.includes(s)) return true;
  return false;
}

// ---- the browser ----------------------------------------------------------------------------

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors and failed requests (redacted). */
  problems: string[];
  /** Set when a console message or a request URL contained a secret. */
  leaks: string[];
  /** Paths of every request the page made (to check the API base). */
  paths: string[];
}

/** A fresh context and page, watched for console errors and for keys in logs or URLs. */
export async function openPage(browser: Browser, width = 1280, height = 900): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const w: Watched = { page, context, problems: [], leaks: [], paths: [] };
  page.on('console', (m) => {
    if (leaksSecret(m.text())) w.leaks.push(`console.${m.type()} contained a key`);
    if (m.type() === 'error') w.problems.push(`console error: ${redact(m.text())}`);
  });
  page.on('pageerror', (e) => w.problems.push(`page error: ${redact(e.message)}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    w.paths.push(u.pathname);
    if (leaksSecret(r.url())) w.leaks.push(`a request URL contained a key: ${redact(r.url())}`);
    const referer = r.headers().referer ?? '';
    if (leaksSecret(referer)) w.leaks.push('a Referer header contained a key');
  });
  page.on('requestfailed', (r) => w.problems.push(`request failed: ${redact(r.url())} ${r.failure()?.errorText ?? ''}`));
  return w;
}

/** Screenshots at desktop (1280) and phone (390) widths, into test-results/ui/. Keys are masked. */
export async function shoot(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    // A modal's backdrop covers the viewport only: shoot what a person sees, not the whole page.
    const modal = (await page.locator('dialog[open]').count()) > 0;
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: !modal, mask, maskColor: '#c9d3e0', animations: 'disabled' });
  }
  await page.setViewportSize(viewport);
}

/** With UPDATE_SCREENSHOTS=1, copies test-results/ui/*.png to docs/screenshots/ for the README. */
export function publishScreenshots(): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1' || !existsSync(SHOTS)) return;
  mkdirSync(DOC_SHOTS, { recursive: true });
  for (const f of readdirSync(SHOTS)) if (f.endsWith('.png')) copyFileSync(join(SHOTS, f), join(DOC_SHOTS, f));
}

// ---- the emulator ---------------------------------------------------------------------------

export interface Emulator {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
  control<T>(method: 'GET' | 'POST', path: string, body?: unknown, adminToken?: string): Promise<{ status: number; body: T }>;
  /** A key for a user or service account, minted through the control API (registered as a secret). */
  mintKey(userId: string, name: string, adminToken?: string): Promise<{ id: string; key: string }>;
  /** A GraphQL call with a key; returns the parsed body. */
  gql(key: string, query: string, variables?: Record<string, unknown>): Promise<GqlBody>;
}



export async function startEmulator(extraArgs: string[] = []): Promise<Emulator> {
  const app = appDir();
  const CLI = join(app, 'dist', 'cli', 'main.js');
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js was missing when the tests started: run `npm run build` first.');
  const child = spawn(process.execPath, [CLI, '--host', '127.0.0.1', '--port', '0', '--in-memory', ...extraArgs], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the emulator printed no "ready" line with its URL within 20 s; stderr: ${redact(stderr)}`));
    }, 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        if (/ready/i.test(line) && m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
          return;
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (code ${code}) before it was ready; stderr: ${redact(stderr)}`));
    });
  });
  child.stdout?.resume();

  const control = async <T,>(method: 'GET' | 'POST', path: string, body?: unknown, adminToken?: string) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method === 'POST') headers['Content-Type'] = 'application/json';
    if (adminToken) headers.Authorization = `Bearer ${adminToken}`;
    const res = await fetch(`${url}/__emulator/${path}`, {
      method,
      headers,
      body: method === 'POST' ? JSON.stringify(body ?? {}) : null,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };

  return {
    url,
    process: child,
    control,
    async mintKey(userId, name, adminToken) {
      const r = await control<{ id: string; key: string }>('POST', 'keys', { user_id: userId, name }, adminToken);
      if (r.status !== 200 && r.status !== 201) throw new Error(`POST /__emulator/keys answered HTTP ${r.status}`);
      secret(r.body.key);
      return r.body;
    },
    async gql(key, query, variables) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables: variables ?? null }),
      });
      return (await res.json()) as GqlBody;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

// ---- the default fixture ----------------------------------------------------------------------

interface FixtureFile {
  tenants: { id: string; name: string; slug: string }[];
  users?: { id: string; username: string; memberships: { tenant_id: string; role: string }[] }[];
  service_accounts?: { id: string; name: string; tenant_id: string }[];
}

export interface TenantCast {
  tenant: { id: string; name: string; slug: string };
  admin: { id: string; username: string };
  user: { id: string; username: string };
  readOnly: { id: string; username: string };
  serviceAccount: { id: string; name: string } | null;
}

/** The first tenant of fixtures/default.json with its admin, user, read-only user and service account. */
export function defaultFixtureCast(): TenantCast {
  const fixture = JSON.parse(readFileSync(join(appDir(), 'fixtures', 'default.json'), 'utf8')) as FixtureFile;
  const tenant = fixture.tenants[0];
  if (!tenant) throw new Error('fixtures/default.json has no tenant');
  const withRole = (role: string) => {
    const u = (fixture.users ?? []).find((x) => x.memberships.some((m) => m.tenant_id === tenant.id && m.role === role));
    if (!u) throw new Error(`fixtures/default.json has no ${role} in tenant ${tenant.slug}`);
    return { id: u.id, username: u.username };
  };
  const sa = (fixture.service_accounts ?? []).find((s) => s.tenant_id === tenant.id) ?? null;
  return {
    tenant,
    admin: withRole('TENANT_ADMIN'),
    user: withRole('USER'),
    readOnly: withRole('READ_ONLY_USER'),
    serviceAccount: sa ? { id: sa.id, name: sa.name } : null,
  };
}

// ---- UI steps ---------------------------------------------------------------------------------

export async function signIn(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/ui/`);
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Reads the one-time key from the "created" dialog and registers it as a secret. */
export async function readNewKey(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog');
  await dialog.getByText("it won't be shown again").waitFor();
  const key = secret(await dialog.getByLabel('Your new API key').inputValue());
  if (key.length < 10) throw new Error('the new key shown is too short to be a key');
  return key;
}

export { AUTH_INFO } from '../helpers/world.js';

export function errorCode(body: GqlBody): string | null {
  return body.errors?.[0]?.extensions?.code ?? null;
}
