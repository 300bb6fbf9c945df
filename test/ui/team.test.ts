/** Team > Members and Team > Roles, end to end against the real emulator, at 1280 and 390 px. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultFixtureCast, errorCode, launchBrowser, openPage, publishScreenshots, safe, shoot, signIn, startEmulator,
} from './harness.js';
import type { Emulator, TenantCast } from './harness.js';

const ROLE = 'query { auth_info { role } }';
const PENDING = 'query { membership_invitation { email role } }';

describe('Team > Members and Roles (real emulator)', () => {
  let emu: Emulator;
  let browser: Browser;
  let cast: TenantCast;

  beforeAll(async () => {
    cast = defaultFixtureCast();
    [emu, browser] = await Promise.all([startEmulator(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await emu?.stop();
    publishScreenshots();
  });

  for (const width of [1280, 390]) {
    it(`an admin invites someone, sees the invitation pending and revokes it (${width} px)`, safe(async () => {
      const w = await openPage(browser, width, width === 390 ? 844 : 900);
      const { page } = w;
      const { key } = await emu.mintKey(cast.admin.id, `ui-team admin ${width}`);
      await signIn(page, emu.url, key);
      await page.getByRole('link', { name: 'Team › Members' }).click();
      await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
      const members = page.getByRole('table', { name: `Members of ${cast.tenant.name}` });
      await members.getByRole('row', { name: /Bob/ }).waitFor();
      // People only: the service account is on its own page.
      expect(await members.getByRole('row', { name: /acme-agent/ }).count()).toBe(0);

      const email = `dana-${width}@example.test`;
      await page.getByRole('button', { name: 'Invite someone' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Email address').fill(email);
      expect(await dialog.getByLabel('Role').locator('option').allTextContents()).toEqual(['Administrator', 'User', 'Read only']);
      await dialog.getByLabel('Role').selectOption({ label: 'Read only' });
      if (width === 1280) await shoot(page, 'member-invite');
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`${email} was invited to ${cast.tenant.name}.`).waitFor();
      const pending = page.getByRole('table', { name: `Pending invitations to ${cast.tenant.name}` });
      await pending.getByRole('row', { name: new RegExp(email) }).getByText('Read only').waitFor();
      if (width === 1280) await shoot(page, 'members');
      expect((await emu.gql(key, PENDING)).data?.membership_invitation).toContainEqual({ email, role: 'READ_ONLY_USER' });

      // Inviting someone who is already a member is refused, and says so.
      await page.getByRole('button', { name: 'Invite someone' }).click();
      await dialog.getByLabel('Email address').fill(cast.user.username);
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await dialog.getByText(/already a member/).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: `Revoke the invitation for ${email}` }).click();
      const confirm = page.getByRole('alertdialog');
      await confirm.getByRole('button', { name: 'Revoke invitation' }).click();
      await confirm.waitFor({ state: 'detached' });
      await page.getByText(`The invitation for ${email} was revoked.`).waitFor();
      expect((await emu.gql(key, PENDING)).data?.membership_invitation).not.toContainEqual({ email, role: 'READ_ONLY_USER' });
      expect(w.leaks).toEqual([]);
      expect(w.problems).toEqual([]);
      await w.context.close();
    }));
  }

  it('an admin changes a role, and the last admin cannot be demoted', safe(async () => {
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast.admin.id, 'ui-team roles admin');
    const { key: bobKey } = await emu.mintKey(cast.user.id, 'ui-team bob');
    await signIn(page, emu.url, key);
    await page.goto(`${emu.url}/ui/#/members`);
    await page.getByRole('button', { name: /^Change the role of Bob/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Role').selectOption({ label: 'Read only' });
    await shoot(page, 'member-change-role');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/is now Read only\./).waitFor();
    expect((await emu.gql(bobKey, ROLE)).data?.auth_info).toEqual({ role: 'READ_ONLY_USER' });

    await page.getByRole('button', { name: /^Change the role of Bob/ }).click();
    await dialog.getByLabel('Role').selectOption({ label: 'User' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await emu.gql(bobKey, ROLE)).data?.auth_info).toEqual({ role: 'USER' });

    await page.getByRole('button', { name: /^Change the role of Alice/ }).click();
    await dialog.getByLabel('Role').selectOption({ label: 'User' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/last administrator/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await emu.gql(key, ROLE)).data?.auth_info).toEqual({ role: 'TENANT_ADMIN' });
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  for (const width of [1280, 390]) {
    it(`an admin creates a custom role, gives it, cannot delete it while held, then deletes it (${width} px)`, safe(async () => {
      const w = await openPage(browser, width, width === 390 ? 844 : 900);
      const { page } = w;
      const { key } = await emu.mintKey(cast.admin.id, `ui-team custom roles ${width}`);
      const { key: bobKey } = await emu.mintKey(cast.user.id, `ui-team bob ${width}`);
      const name = `Auditor ${width}`;
      await signIn(page, emu.url, key);
      await page.getByRole('link', { name: 'Team › Roles' }).click();
      await page.getByRole('heading', { name: 'Roles', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Administrator', level: 3, exact: true }).waitFor();

      await page.getByRole('button', { name: 'Create a role' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Role name').fill(name);
      await dialog.getByLabel('read:run', { exact: true }).check();
      await dialog.getByLabel('read:flow', { exact: true }).check();
      if (width === 1280) await shoot(page, 'role-create');
      await dialog.getByRole('button', { name: 'Create role' }).click();
      await dialog.waitFor({ state: 'detached' });
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, level: 3 }) });
      await card.getByText('2 permissions').waitFor();
      if (width === 1280) await shoot(page, 'roles');

      await page.goto(`${emu.url}/ui/#/members`);
      await page.getByRole('button', { name: /^Change the role of Bob/ }).click();
      await page.getByRole('dialog').getByLabel('Role').selectOption({ label: name });
      await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await page.getByText(`is now ${name}.`, { exact: false }).waitFor();
      // Enforced by its permissions: bob can no longer make keys for himself.
      const me = (await emu.gql(bobKey, 'query { auth_info { user_id role permissions } }')).data?.auth_info as { user_id: string; role: string; permissions: string[] };
      expect(me.role).toBe(name);
      expect(me.permissions).toEqual(expect.arrayContaining(['read:run', 'read:flow']));
      expect(errorCode(await emu.gql(bobKey, `mutation { create_api_key(input: {user_id: "${me.user_id}", name: "nope"}) { id } }`))).toBe('FORBIDDEN');

      await page.goto(`${emu.url}/ui/#/roles`);
      await page.getByRole('button', { name: `Delete role ${name}` }).click();
      const confirm = page.getByRole('alertdialog');
      await confirm.getByRole('button', { name: 'Delete role' }).click();
      await confirm.getByText(/in use/).waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();

      await page.goto(`${emu.url}/ui/#/members`);
      await page.getByRole('button', { name: /^Change the role of Bob/ }).click();
      await page.getByRole('dialog').getByLabel('Role').selectOption({ label: 'User' });
      await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await page.getByText(/is now User\./).waitFor();
      await page.goto(`${emu.url}/ui/#/roles`);
      await page.getByRole('button', { name: `Delete role ${name}` }).click();
      await confirm.getByRole('button', { name: 'Delete role' }).click();
      await page.getByText(`The role “${name}” was deleted.`).waitFor();
      expect(w.problems).toEqual([]);
      await w.context.close();
    }));
  }

  it('a user sees the members and roles but none of the buttons that change them', safe(async () => {
    const w = await openPage(browser, 390, 844);
    const { page } = w;
    const { key } = await emu.mintKey(cast.user.id, 'ui-team user');
    await signIn(page, emu.url, key);
    await page.goto(`${emu.url}/ui/#/members`);
    await page.getByRole('table', { name: `Members of ${cast.tenant.name}` }).getByRole('row', { name: /Alice/ }).waitFor();
    await page.getByText('Only tenant Administrators change roles').waitFor();
    expect(await page.getByRole('button', { name: 'Invite someone' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Change the role of/ }).count()).toBe(0);
    await shoot(page, 'members-not-admin');
    await page.goto(`${emu.url}/ui/#/roles`);
    await page.getByRole('heading', { name: 'Read only', level: 3 }).waitFor();
    expect(await page.getByRole('button', { name: 'Create a role' }).count()).toBe(0);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));

  it('an admin removes a member, whose keys stop working at once', safe(async () => {
    const w = await openPage(browser);
    const { page } = w;
    const { key } = await emu.mintKey(cast.admin.id, 'ui-team remover');
    const { key: ritaKey } = await emu.mintKey(cast.readOnly.id, 'ui-team rita');
    await signIn(page, emu.url, key);
    await page.goto(`${emu.url}/ui/#/members`);
    await page.getByRole('button', { name: /^Remove Rita/ }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toMatch(/API keys for .* stop working at once/);
    await shoot(page, 'member-remove');
    await confirm.getByRole('button', { name: 'Remove member' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText(/Rita .* was removed from/).waitFor();
    expect(errorCode(await emu.gql(ritaKey, ROLE))).toBe('UNAUTHENTICATED');
    expect(w.problems).toEqual([]);
    await w.context.close();
  }));
});
