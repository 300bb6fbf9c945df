/** Flow Runs: the tenant's runs with their state and the agent's key, end to end against the real emulator. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, launchBrowser, openPage, publishScreenshots, safe, shoot, signIn, startEmulator } from './harness.js';
import type { Emulator } from './harness.js';

const ADMIN = '1a1a1a1a-0000-4000-8000-000000000001';
const BOB = '1b1b1b1b-0000-4000-8000-000000000001';
const AGENT = '1d1d1d1d-0000-4000-8000-000000000001';
const DUE_NOW = '5d5d5d5d-0000-4000-8000-000000000001';
const STATES = 'mutation($input: set_flow_run_states_input!) { set_flow_run_states(input: $input) { states { status } } }';

describe('Flow Runs (real emulator, scheduled-runs fixture)', () => {
  let emu: Emulator;
  let browser: Browser;

  beforeAll(async () => {
    [emu, browser] = await Promise.all([startEmulator(['--fixture', 'scheduled-runs']), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await emu?.stop();
    publishScreenshots();
  });

  it('shows each run\'s state and the agent\'s key by name to an admin, and hides the key name from a user', safe(async () => {
    const agent = await emu.mintKey(AGENT, 'nightly agent key');
    const submit = await emu.gql(agent.key, STATES, { input: { states: [{ flow_run_id: DUE_NOW, version: 1, state: { type: 'Submitted', message: 'Submitted for execution' } }] } });
    expect(errorCode(submit)).toBeNull();
    const running = await emu.gql(agent.key, STATES, { input: { states: [{ flow_run_id: DUE_NOW, version: 2, state: { type: 'Running', message: 'Running flow.' } }] } });
    expect(errorCode(running)).toBeNull();

    const w = await openPage(browser);
    const { page } = w;
    await signIn(page, emu.url, (await emu.mintKey(ADMIN, 'ui-test admin')).key);
    await page.getByRole('link', { name: 'Flow Runs' }).click();
    await page.getByRole('heading', { name: 'Flow Runs', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: 'Flow run due-now' });
    await row.getByText('Running').waitFor();
    await row.getByText('nightly agent key').waitFor();
    expect(await row.getByText('etl / two-task-flow v2').count()).toBe(1);
    await page.getByRole('row', { name: 'Flow run in-an-hour' }).getByText('Scheduled').waitFor();
    await shoot(page, 'flow-runs');

    // Revoking the key: the run stays Running, and the screen still says which key ran it.
    const revoked = await emu.gql(agent.key, 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', { input: { key_id: agent.id } });
    expect(errorCode(revoked)).toBeNull();
    expect(errorCode(await emu.gql(agent.key, STATES, { input: { states: [{ flow_run_id: DUE_NOW, version: null, state: { type: 'Success' } }] } }))).toBe('UNAUTHENTICATED');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row.getByText('Running').waitFor();

    const u = await openPage(browser);
    await signIn(u.page, emu.url, (await emu.mintKey(BOB, 'ui-test user')).key);
    await u.page.getByRole('link', { name: 'Flow Runs' }).click();
    const bobRow = u.page.getByRole('row', { name: 'Flow run due-now' });
    await bobRow.getByText('hidden').waitFor();
    expect(await bobRow.getByText('nightly agent key').count()).toBe(0);
    expect(w.leaks).toEqual([]);
    expect(w.problems).toEqual([]);
    expect(u.leaks).toEqual([]);
  }));
});
