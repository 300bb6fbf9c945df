/**
 * The UI under a sandbox prefix (/sandboxes/<id>/ui/ → /sandboxes/<id>/graphql and …/__emulator),
 * and an emulator started with --admin-token, both against the real emulator process.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFixtureCast, launchBrowser, openPage, safe, secret, shoot, signIn, startEmulator } from './helpers.js';
import type { Emulator, TenantCast } from './helpers.js';

describe('sandboxes and the admin token (real emulator)', () => {
  let browser: Browser;
  let cast: TenantCast;
  beforeAll(async () => {
    cast = defaultFixtureCast();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('under a sandbox prefix', () => {
    let emu: Emulator;
    beforeAll(async () => {
      emu = await startEmulator();
    });
    afterAll(async () => {
      await emu?.stop();
    });

    it('calls the sandbox\'s own API and control API', safe(async () => {
      const created = await emu.control<{ id: string; url: string }>('POST', 'sandboxes', {});
      expect(created.status).toBe(201);
      const prefix = `/sandboxes/${created.body.id}`;
      const res = await fetch(`${emu.url}${prefix}/__emulator/keys`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user_id: cast.admin.id, name: 'ui-test sandbox' }),
      });
      expect(res.status).toBe(201);
      const key = secret(((await res.json()) as { key: string }).key);
      // Freeze only the sandbox's clock, so the panel can show it is the sandbox's it reads.
      const frozen = await fetch(`${emu.url}${prefix}/__emulator/clock/freeze`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ at: '2030-01-02T03:04:05Z' }),
      });
      expect(frozen.status).toBe(200);

      const w = await openPage(browser);
      const { page } = w;
      await signIn(page, `${emu.url}${prefix}`, key);
      expect(await page.getByTestId('whoami-username').textContent()).toBe(cast.admin.username);
      await page.getByRole('row', { name: /ui-test sandbox/ }).waitFor();
      await page.getByRole('link', { name: 'Emulator' }).click();
      expect(await page.getByTestId('clock-now').textContent()).toBe('2030-01-02 03:04:05 UTC');

      const api = w.paths.filter((p) => p.endsWith('/graphql') || p.includes('/__emulator/'));
      expect(api.length).toBeGreaterThan(0);
      expect(api.filter((p) => !p.startsWith(`${prefix}/`))).toEqual([]);
      // The main emulator's clock was not touched, nor did it see the sandbox's requests.
      expect((await emu.control<{ frozen: boolean }>('GET', 'clock')).body.frozen).toBe(false);
      expect(w.leaks).toEqual([]);
      expect(w.problems).toEqual([]);
      await w.context.close();
    }));
  });

  describe('with --admin-token', () => {
    let emu: Emulator;
    const token = secret(`ui-test-admin-${randomBytes(12).toString('hex')}`);
    beforeAll(async () => {
      emu = await startEmulator(['--admin-token', token]);
    });
    afterAll(async () => {
      await emu?.stop();
    });

    it('asks for the token on a 401, keeps it in the tab, and then uses it', safe(async () => {
      expect((await emu.control('GET', 'clock')).status).toBe(401);
      const w = await openPage(browser);
      const { page } = w;
      await page.goto(`${emu.url}/ui/#/emulator`);
      const field = page.getByLabel('Admin token');
      await field.waitFor();
      await shoot(page, 'emulator-admin-token');
      await field.fill('wrong-token-000000');
      await page.getByRole('button', { name: 'Use token' }).click();
      await page.getByText('The admin token was not accepted.').waitFor();
      await page.getByLabel('Admin token').fill(token);
      await page.getByRole('button', { name: 'Use token' }).click();
      await page.getByText('Running', { exact: true }).waitFor();
      expect(await page.getByLabel('Admin token').count()).toBe(0);

      // The keys screen reads the emulator's clock with the same token.
      const { key } = await emu.mintKey(cast.user.id, 'ui-test token', token);
      await signIn(page, emu.url, key);
      await page.getByText("Expiry is judged by the emulator's clock").waitFor();
      expect(page.url().includes(token)).toBe(false);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      expect(w.leaks).toEqual([]);
      // Only the deliberate 401s may show up as failed loads.
      expect(w.problems.filter((p) => !/401/.test(p))).toEqual([]);
      await w.context.close();
    }));
  });
});
