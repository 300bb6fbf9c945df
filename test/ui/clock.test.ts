/** The Emulator panel: freeze and advance the clock until a key expires, in the list and on the API. */
import { expect, it } from 'vitest';
import { describeUi } from './describe-ui.js';
import { AUTH_INFO, errorCode, openPage, readNewKey, safe, shoot, signIn } from './helpers.js';

describeUi('the Emulator panel (real emulator)', (ui) => {
  it('freezes and advances the clock until a key shows as expired and fails', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key: session } = await emu.mintKey(cast.user.id, 'ui-test clock session');
    await signIn(page, emu.url, session);

    const clock = await emu.control<{ now: string; frozen: boolean }>('GET', 'clock');
    expect(clock.status).toBe(200);
    const tomorrow = new Date(new Date(clock.body.now).getTime() + 24 * 3600_000).toISOString().slice(0, 16);

    await page.getByRole('button', { name: 'Create an API Key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('API key name').fill('short-lived');
    await dialog.getByLabel('Expiration (UTC, optional)').fill(tomorrow);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const key = await readNewKey(page);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /short-lived/ });
    await row.getByText('Active').waitFor();
    expect(await row.textContent()).toContain(`${tomorrow.replace('T', ' ')} UTC`);
    expect(errorCode(await emu.gql(key, AUTH_INFO))).toBeNull();

    await page.getByRole('link', { name: 'Emulator' }).click();
    await page.getByRole('button', { name: 'Freeze now' }).click();
    await page.getByText('Frozen', { exact: true }).waitFor();
    await page.getByLabel('Advance by').fill('P2D');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.getByText('The clock moved forward by P2D.').waitFor();
    const after = await emu.control<{ now: string; frozen: boolean }>('GET', 'clock');
    expect(after.body.frozen).toBe(true);
    expect(new Date(after.body.now).getTime() - new Date(clock.body.now).getTime()).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(await page.getByTestId('clock-now').textContent()).toBe(
      `${after.body.now.slice(0, 10)} ${after.body.now.slice(11, 19)} UTC`,
    );
    await page.getByRole('cell', { name: new RegExp(`${cast.user.username}`) }).first().waitFor();
    await shoot(page, 'emulator');

    await page.getByRole('link', { name: 'User › API Keys' }).click();
    await page.getByRole('row', { name: /short-lived/ }).getByText('Expired').waitFor();
    await shoot(page, 'api-keys-expired');
    expect(errorCode(await emu.gql(key, AUTH_INFO))).toBe('UNAUTHENTICATED');
    // The key the session uses never expires, so it still works.
    expect(errorCode(await emu.gql(session, AUTH_INFO))).toBeNull();

    await page.getByRole('link', { name: 'Emulator' }).click();
    await page.getByRole('button', { name: 'Unfreeze' }).click();
    await page.getByText('Running', { exact: true }).waitFor();
    expect(w.leaks).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('resets the emulator through its confirmation box', safe(async () => {
    const { emu, browser, cast } = ui;
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast.user.id, 'ui-test before reset');
    await page.goto(`${emu.url}/ui/#/emulator`);
    await page.getByRole('button', { name: 'Reset the emulator…' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Reset' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('The emulator was reset.').waitFor();
    expect(errorCode(await emu.gql(key, AUTH_INFO))).toBe('UNAUTHENTICATED');
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));
});
