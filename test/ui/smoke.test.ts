/**
 * The built UI against a stand-in server (no emulator needed): served under a sandbox prefix, it
 * must call the API beside its ui/ directory, keep the key out of URLs, storage other than
 * sessionStorage and the console, put errors into words, and ask for the admin token on a 401.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDir, launchBrowser, openPage, safe, secret } from './helpers.js';

const PREFIX = '/sandboxes/box-1';
const GOOD_KEY = secret('stub-good-key-0123456789');
const ADMIN_TOKEN = secret('stub-admin-token-987654');
const TENANT = { id: '11111111-1111-4111-8111-111111111111', name: 'Acme', slug: 'acme' };

interface Seen {
  path: string;
  authorization: string | undefined;
  tenant: string | undefined;
  operation: string;
}

function stub(seen: Seen[]): Server {
  const dist = join(appDir(), 'dist', 'ui');
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const json = (status: number, body: unknown) => send(status, 'application/json', JSON.stringify(body));
    if (url.pathname.startsWith(`${PREFIX}/ui/`)) {
      const file = url.pathname.slice(`${PREFIX}/ui/`.length) || 'index.html';
      const types: Record<string, string> = { js: 'text/javascript', css: 'text/css', html: 'text/html' };
      const ext = file.split('.').pop() ?? 'html';
      try {
        return send(200, types[ext] ?? 'text/html', readFileSync(join(dist, /^[\w.-]+$/.test(file) ? file : 'index.html')));
      } catch {
        return send(404, 'text/plain', 'not found');
      }
    }
    if (url.pathname === `${PREFIX}/__emulator/clock` || url.pathname === `${PREFIX}/__emulator/requests`) {
      if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) return json(401, { error: 'admin token required' });
      if (url.pathname.endsWith('clock')) return json(200, { now: '2031-05-06T07:08:09.000Z', frozen: true });
      return json(200, { requests: [{ at: '2031-05-06T07:08:00.000Z', operationName: 'AuthInfo', operationType: 'query',
        caller: { username: 'ada', tenantSlug: 'acme', role: 'TENANT_ADMIN' }, outcome: 'ok', errorCode: null, durationMs: 1.25 }] });
    }
    if (url.pathname === `${PREFIX}/graphql` && req.method === 'POST') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const { query } = JSON.parse(body) as { query: string };
        const operation = /^(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '?';
        seen.push({ path: url.pathname, authorization: req.headers.authorization, tenant: req.headers['x-prefect-tenant-id'] as string | undefined, operation });
        if (req.headers.authorization !== `Bearer ${GOOD_KEY}`) {
          return json(200, { data: null, errors: [{ message: 'AuthenticationError: Forbidden', extensions: { code: 'UNAUTHENTICATED' } }] });
        }
        const data: Record<string, unknown> = {
          AuthInfo: { auth_info: { user_id: 'u1', tenant_id: TENANT.id, role_id: 'r-admin', permissions: [] } },
          Tenants: { tenant: [TENANT] },
          User: { user: [{ id: 'u1', username: 'ada', email: 'ada@example.com', first_name: 'Ada', last_name: 'L',
            memberships: [{ id: 'm1', tenant: TENANT, role_detail: { id: 'r-admin', name: 'TENANT_ADMIN' } }] }] },
          ApiKeys: { auth_api_key: [] },
        };
        if (operation in data) return json(200, { data: data[operation] });
        return json(200, { data: null, errors: [{ message: `stub has no ${operation}`, extensions: { code: 'BAD_USER_INPUT' } }] });
      });
      return;
    }
    send(404, 'text/plain', 'not found');
  });
}

describe('the UI served under a sandbox prefix (stand-in server)', () => {
  let browser: Browser;
  let server: Server;
  let origin = '';
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = stub(seen);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('signs in with a key through the prefixed API, and keeps the key out of URLs and logs', safe(async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${origin}${PREFIX}/ui/`);
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true);

    await page.getByLabel('API key', { exact: true }).fill('not-a-real-key-000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/UNAUTHENTICATED.*not accepted/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.getByLabel('API key', { exact: true }).fill(GOOD_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByTestId('whoami-username').textContent()).toBe('ada');
    expect(await page.getByTestId('whoami-role').textContent()).toBe('Administrator');
    expect(await page.getByLabel('Tenant').inputValue()).toBe(TENANT.id);
    await page.getByText('You have no API keys yet.').waitFor();

    expect(seen.every((s) => s.path === `${PREFIX}/graphql`)).toBe(true);
    const apiKeys = seen.find((s) => s.operation === 'ApiKeys');
    expect(apiKeys?.tenant).toBe(TENANT.id);
    expect(page.url().includes(GOOD_KEY)).toBe(false);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate((k) => Object.values(sessionStorage).includes(k), GOOD_KEY)).toBe(true);

    // A reload keeps the tab's session; signing out forgets the key.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate((k) => Object.values(sessionStorage).includes(k), GOOD_KEY)).toBe(false);

    expect(w.paths.filter((p) => p.includes('/ui/')).every((p) => p.startsWith(`${PREFIX}/ui/`))).toBe(true);
    expect(w.leaks).toEqual([]);
    // Without the admin token the keys screen's clock read gets a 401 (it falls back to this computer's clock).
    expect(w.problems.filter((p) => !/401|__emulator\/clock/.test(p))).toEqual([]);
    await w.context.close();
  }));

  it('asks for the admin token when the control API answers 401, then uses it', safe(async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${origin}${PREFIX}/ui/#/emulator`);
    const field = page.getByLabel('Admin token');
    await field.waitFor();
    await field.fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByText('Frozen', { exact: true }).waitFor();
    expect(await page.getByTestId('clock-now').textContent()).toBe('2031-05-06 07:08:09 UTC');
    await page.getByRole('cell', { name: 'ada @ acme (Administrator)' }).waitFor();
    expect(page.url().includes(ADMIN_TOKEN)).toBe(false);
    expect(w.leaks).toEqual([]);
    // The browser logs the 401s themselves as console errors; nothing else may fail.
    expect(w.problems.filter((p) => !/401/.test(p))).toEqual([]);
    await w.context.close();
  }));
});
