/** Team > Service Accounts, end to end against the real emulator. */
import { expect, it } from 'vitest';
import { describeUi } from './describe-ui.js';
import { AUTH_INFO, errorCode, openPage, readNewKey, safe, shoot, signIn } from './helpers.js';

describeUi('Team > Service Accounts (real emulator)', (ui) => {
  it('an admin creates a service account and a key for it; deleting the account makes its key fail', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key: session } = await emu.mintKey(cast.admin.id, 'ui-test admin');
    await signIn(page, emu.url, session);
    await page.getByRole('link', { name: 'Team › Service Accounts' }).click();
    await page.getByRole('heading', { name: 'Service Accounts', level: 1 }).waitFor();
    if (cast.serviceAccount) await page.getByRole('heading', { name: cast.serviceAccount.name }).waitFor();

    await page.getByRole('button', { name: 'Create a service account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Service account name').fill('ci-runner');
    const roles = await dialog.getByLabel('Role').locator('option').allTextContents();
    expect(roles).toEqual(['Administrator', 'User', 'Read only']);
    await dialog.getByLabel('Role').selectOption({ label: 'User' });
    await shoot(page, 'service-account-create');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'ci-runner' }) });
    await card.getByText('Role: User').waitFor();

    await card.getByRole('button', { name: 'Create an API key for ci-runner' }).click();
    await dialog.getByLabel('API key name').fill('ci-key');
    expect(await dialog.getByLabel('Tenant').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const key = await readNewKey(page);
    await shoot(page, 'service-account-key-created', [dialog.getByLabel('Your new API key')]);
    const works = await emu.gql(key, AUTH_INFO);
    expect(errorCode(works)).toBeNull();
    expect((works.data?.auth_info as { tenant_id: string }).tenant_id).toBe(cast.tenant.id);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await card.getByRole('row', { name: /ci-key/ }).waitFor();
    await shoot(page, 'service-accounts');

    await card.getByRole('button', { name: 'Delete service account ci-runner' }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toMatch(/Every agent and flow using its keys will fail to authenticate/);
    await shoot(page, 'service-account-delete');
    await confirm.getByRole('button', { name: 'Delete service account' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('The service account “ci-runner” was deleted.').waitFor();
    await page.getByRole('heading', { name: 'ci-runner' }).waitFor({ state: 'detached' });

    expect(errorCode(await emu.gql(key, AUTH_INFO))).toBe('UNAUTHENTICATED');
    expect(w.leaks).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('an admin revokes a service account key through the confirmation box', safe(async () => {
    const { emu, browser, cast } = ui;
    if (!cast.serviceAccount) return;
    const w = await openPage(browser);
    const { page } = w;
    const { key: session } = await emu.mintKey(cast.admin.id, 'ui-test admin 2');
    const { key: agentKey } = await emu.mintKey(cast.serviceAccount.id, 'ui-test agent key');
    await signIn(page, emu.url, session);
    await page.goto(`${emu.url}/ui/#/service-accounts`);
    await page.getByRole('button', { name: 'Revoke key ui-test agent key' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('The key “ui-test agent key” of').waitFor();
    expect(await page.getByRole('row', { name: /ui-test agent key/ }).count()).toBe(0);
    expect(errorCode(await emu.gql(agentKey, AUTH_INFO))).toBe('UNAUTHENTICATED');
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('a service account key signs in too, as the tenant admin it is', safe(async () => {
    const { emu, browser, cast } = ui;
    if (!cast.serviceAccount) return;
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast.serviceAccount.id, 'ui-test agent session');
    await signIn(page, emu.url, key);
    expect(await page.getByTestId('whoami-role').textContent()).toBe('Administrator');
    await page.getByRole('row', { name: /ui-test agent session/ }).waitFor();
    await page.getByRole('link', { name: 'Team › Service Accounts' }).click();
    await page.getByRole('heading', { name: cast.serviceAccount.name }).waitFor();
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it.each([
    ['user', 'User'],
    ['readOnly', 'Read only'],
  ] as const)('a %s is told why the screen is not for them', (who, label) => safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast[who].id, `ui-test ${who}`);
    await signIn(page, emu.url, key);
    await page.getByRole('link', { name: 'Team › Service Accounts' }).click();
    const why = page.getByText('Service accounts can only be managed by tenant Administrators.');
    await why.waitFor();
    expect(await why.textContent()).toContain(`Your role in ${cast.tenant.name} is ${label}`);
    expect(await page.getByRole('button', { name: 'Create a service account' }).count()).toBe(0);
    if (who === 'user') await shoot(page, 'service-accounts-not-admin');
    expect(w.problems).toEqual([]);
    await w.context.close();
  })());
});
