/**
 * The emulator's OIDC issuer driven by the real @okta/okta-auth-js 5.2.2 (the version the Cloud
 * 1.0 UI uses) in Chromium, the way the UI signs in: PKCE code flow by full-page redirect, the
 * id_token verified in the browser against the JWKS, then `log_in` with it; a silent renew in a
 * hidden iframe; sign-out. The page is served by the emulator itself (--serve-ui), on its own
 * origin, as the real UI is.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { ROOT } from './paths.js';
import { launchBrowser, openPage, safe } from './helpers.js';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>okta-auth-js against the emulator</title>
<script src="/okta-auth-js.umd.js"></script></head>
<body><p id="status">loading</p>
<script>
const auth = new window.OktaAuth.OktaAuth({
  issuer: location.origin + '/oauth2/default',
  clientId: 'prefect-cloud-ui',
  redirectUri: location.origin + '/',
  postLogoutRedirectUri: location.origin + '/logout',
  scopes: ['openid', 'profile', 'email'],
  pkce: true,
  testing: { disableHttpsCheck: true },
  tokenManager: { storage: 'memory' },
});
const status = (text) => { document.getElementById('status').textContent = text; };
const gql = async (query, variables, bearer) => {
  const headers = { 'content-type': 'application/json' };
  if (bearer) headers.authorization = 'Bearer ' + bearer;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return res.json();
};
window.signIn = (loginHint) => auth.token.getWithRedirect({ responseType: ['token', 'id_token'], ...(loginHint ? { loginHint } : {}) });
window.renew = async () => { const r = await auth.token.getWithoutPrompt({ responseType: ['token', 'id_token'] }); return r.tokens.idToken.claims.sub; };
window.signOut = () => auth.signOut({ idToken: window.idToken, accessToken: window.accessToken });
(async () => {
  if (!auth.isLoginRedirect()) { status('ready'); return; }
  try {
    const { tokens } = await auth.token.parseFromUrl();
    window.idToken = tokens.idToken;
    window.accessToken = tokens.accessToken;
    const login = await gql('mutation LogIn($input: log_in_input!) { log_in(input: $input) { access_token expires_at refresh_token } }', { input: { id_token: tokens.idToken.idToken } });
    const info = await gql('{ auth_info { user_id tenant_id } }', null, login.data.log_in.access_token);
    window.result = { claims: tokens.idToken.claims, expiresAt: login.data.log_in.expires_at, info: info.data.auth_info, path: location.pathname };
    status('signed in');
  } catch (e) {
    status('error: ' + e.message);
  }
})();
</script></body></html>`;

describe('the issuer with the real okta-auth-js 5.2.2 in Chromium', () => {
  let browser: Browser;
  let emulator: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pce-okta-'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    copyFileSync(join(ROOT, 'node_modules', '@okta', 'okta-auth-js', 'dist', 'okta-auth-js.umd.js'), join(dir, 'okta-auth-js.umd.js'));
    emulator = await startEmulator({ serveUi: dir, logLevel: 'silent' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in through the picker, verifies the id_token, and log_in gives a working session', safe(async () => {
    const w = await openPage(browser);
    const { page } = w;
    // A deep link: the history-mode fallback serves the page.
    await page.goto(`${emulator.url}/acme/flow/abc`);
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    await page.evaluate(() => (window as unknown as { signIn: () => Promise<void> }).signIn());
    await page.waitForURL(/\/oauth2\/default\/v1\/authorize/);
    await page.getByRole('button', { name: /alice@acme\.test/ }).click();
    await page.locator('#status', { hasText: /signed in|error/ }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#status').textContent()).toBe('signed in');
    const result = await page.evaluate(() => (window as unknown as { result: { claims: Record<string, unknown>; expiresAt: string; info: Record<string, string>; path: string } }).result);
    expect(result.claims).toMatchObject({ sub: '1a1a1a1a-0000-4000-8000-000000000001', email: 'alice@acme.test', name: 'Alice Admin', aud: 'prefect-cloud-ui' });
    expect(result.claims.iss).toBe(`${emulator.url}/oauth2/default`);
    expect(result.info).toEqual({ user_id: '1a1a1a1a-0000-4000-8000-000000000001', tenant_id: '11111111-1111-4111-8111-111111111111' });
    expect(Date.parse(result.expiresAt)).toBeGreaterThan(Date.now());

    // Silent renew (tokenManager.renew): a hidden iframe, prompt=none, okta_post_message.
    const sub = await page.evaluate(() => (window as unknown as { renew: () => Promise<string> }).renew());
    expect(sub).toBe('1a1a1a1a-0000-4000-8000-000000000001');

    // Sign out: the access token revoked, the issuer's sign-in forgotten, back to /logout.
    await page.evaluate(() => (window as unknown as { signOut: () => Promise<void> }).signOut());
    await page.waitForURL(`${emulator.url}/logout`);
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    const renewed = await page.evaluate(() => (window as unknown as { renew: () => Promise<string> }).renew().then(() => 'renewed', (e: Error) => e.message));
    expect(renewed).toMatch(/not signed in|login_required/i);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('signs in with a login_hint without showing the picker', safe(async () => {
    const w = await openPage(browser);
    await w.page.goto(`${emulator.url}/`);
    await w.page.locator('#status', { hasText: 'ready' }).waitFor();
    await w.page.evaluate(() => (window as unknown as { signIn: (h: string) => Promise<void> }).signIn('gina@globex.test'));
    await w.page.locator('#status', { hasText: /signed in|error/ }).waitFor({ timeout: 20_000 });
    const result = await w.page.evaluate(() => (window as unknown as { result: { info: Record<string, string> } }).result);
    expect(result.info.tenant_id).toBe('22222222-2222-4222-8222-222222222222');
    expect(w.paths.filter((p) => p.endsWith('/v1/authorize'))).toHaveLength(1);
    await w.context.close();
  }));
});
