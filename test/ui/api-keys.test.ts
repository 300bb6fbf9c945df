/** User > API Keys, end to end: the built UI in chromium against the real emulator process. */
import { expect, it } from 'vitest';
import { describeUi } from './describe-ui.js';
import { AUTH_INFO, errorCode, openPage, readNewKey, safe, shoot, signIn } from './helpers.js';

describeUi('User > API Keys (real emulator)', (ui) => {
  it('opens at / → /ui/, refuses a wrong key in words, and shows who a good key is', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${emu.url}/`);
    expect(new URL(page.url()).pathname).toBe('/ui/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shoot(page, 'sign-in');

    await page.getByLabel('API key', { exact: true }).fill('this-is-not-a-key-123456');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/UNAUTHENTICATED.*not accepted/);
    await shoot(page, 'sign-in-error');

    const { key } = await emu.mintKey(cast.user.id, 'ui-test sign in');
    await signIn(page, emu.url, key);
    expect(await page.getByTestId('whoami-username').textContent()).toBe(cast.user.username);
    expect(await page.getByTestId('whoami-role').textContent()).toBe('User');
    expect(await page.getByTestId('whoami-tenant').textContent()).toBe(cast.tenant.name);
    const tenantOptions = await page.getByLabel('Tenant').locator('option').allTextContents();
    expect(tenantOptions).toEqual([cast.tenant.name]);

    expect(w.leaks).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('creates a key, shows it exactly once, lists it, revokes it, and the key then fails', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key: session } = await emu.mintKey(cast.user.id, 'ui-test session');
    await signIn(page, emu.url, session);
    await page.getByRole('heading', { name: 'API Keys' }).waitFor();

    await page.getByRole('button', { name: 'Create an API Key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('API key name').fill('laptop');
    expect(await dialog.getByLabel('Tenant').inputValue()).toBe(cast.tenant.id);
    await shoot(page, 'api-key-create');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const key = await readNewKey(page);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    await shoot(page, 'api-key-created', [dialog.getByLabel('Your new API key')]);

    const works = await emu.gql(key, AUTH_INFO);
    expect(errorCode(works)).toBeNull();
    expect((works.data?.auth_info as { user_id: string }).user_id).toBe(cast.user.id);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await page.content()).includes(key)).toBe(false);

    const row = page.getByRole('row', { name: /laptop/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['NEVER', cast.tenant.name, 'Active']),
    );
    await shoot(page, 'api-keys');

    await page.getByRole('button', { name: 'Revoke key laptop' }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toMatch(/Are you sure you want to delete the key “laptop”/);
    await shoot(page, 'api-key-revoke');
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('The key “laptop” was deleted.').waitFor();
    expect(await page.getByRole('row', { name: /laptop/ }).count()).toBe(0);

    expect(errorCode(await emu.gql(key, AUTH_INFO))).toBe('UNAUTHENTICATED');

    // Signing in with the revoked key is refused, in words.
    const again = await openPage(browser);
    await again.page.goto(`${emu.url}/ui/`);
    await again.page.getByLabel('API key', { exact: true }).fill(key);
    await again.page.getByRole('button', { name: 'Sign in' }).click();
    expect(await again.page.getByRole('alert').textContent()).toMatch(/UNAUTHENTICATED/);
    await again.context.close();

    expect(w.leaks).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('works from the keyboard alone: create, copy, close, revoke', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key: session } = await emu.mintKey(cast.readOnly.id, 'ui-test keyboard');
    await page.goto(`${emu.url}/ui/`);
    // The key field has focus on arrival; Enter submits.
    const field = page.getByLabel('API key', { exact: true });
    await field.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'password');
    await page.keyboard.type(session);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByTestId('whoami-role').textContent()).toBe('Read only');

    const create = page.getByRole('button', { name: 'Create an API Key' });
    await create.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('API key name').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('typed');
    await page.keyboard.press('Enter');
    await readNewKey(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await create.evaluate((el) => el === document.activeElement)).toBe(true);

    const trash = page.getByRole('button', { name: 'Revoke key typed' });
    await trash.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    // The safe choice has focus; Escape cancels.
    expect(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await trash.focus();
    await page.keyboard.press('Enter');
    await confirm.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('The key “typed” was deleted.').waitFor();
    expect(w.problems).toEqual([]);
    expect(w.leaks).toEqual([]);
    await w.context.close();
  }));

  it('puts a refused request into words (an expiry in the past)', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast.user.id, 'ui-test refused');
    await signIn(page, emu.url, key);
    await page.getByRole('button', { name: 'Create an API Key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('API key name').fill('too-late');
    await dialog.getByLabel('Expiration (UTC, optional)').fill('2001-01-01T00:00');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/rejected as invalid \(BAD_USER_INPUT\)\. The emulator said: “.+”/);
    await shoot(page, 'api-key-create-error');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('row', { name: /too-late/ }).count()).toBe(0);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('says so when the key you are signed in with stops working', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast.user.id, 'ui-test self');
    await signIn(page, emu.url, key);
    await page.getByRole('button', { name: 'Revoke key ui-test self' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete key' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Sign out and sign in again' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/UNAUTHENTICATED/);
    expect(await page.getByRole('table').count()).toBe(0);
    await shoot(page, 'signed-out-by-revocation');
    await banner.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('lists only your own keys, and a user of two tenants sees the one this key is bound to', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast.admin.id, 'ui-test admin session');
    await signIn(page, emu.url, key);
    await page.getByRole('row', { name: /ui-test admin session/ }).waitFor();
    expect(await page.getByRole('row', { name: /ui-test session|ui-test sign in/ }).count()).toBe(0);
    expect(await page.getByLabel('Tenant').locator('option').count()).toBe(1);
    expect(w.problems).toEqual([]);
    expect(w.leaks).toEqual([]);
    await w.context.close();
  }));
});
