import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { call, ROOT, whoIs } from './cli-process.js';

/** The default fixture's keys (plaintext) and whose they are. */
export const DEFAULT_KEYS = (JSON.parse(readFileSync(join(ROOT, 'fixtures', 'default.json'), 'utf8')) as { api_keys: { key: string; user_id: string }[] }).api_keys;
const keys = DEFAULT_KEYS;

/**
 * What the second script serves, at `url` (an emulator's base URL): the control API, a domain
 * error raised by the start script's code mapped by the second's handler (one DomainError class
 * for both), the issuer, and the UI's page.
 */
export const controlServes = async (url: string): Promise<void> => {
  expect((await call(`${url}/__emulator/sandboxes`)).body).toEqual({ sandboxes: [] });
  const created = await call(`${url}/__emulator/sandboxes`, { body: { id: 'cache-case' } });
  expect(created.status).toBe(201);
  expect(await whoIs(`${url}/sandboxes/cache-case`, keys[0]!.key)).toEqual({ userId: keys[0]!.user_id, code: null });
  expect((await call(`${url}/__emulator/sandboxes/cache-case`, { method: 'DELETE' })).body).toEqual({ deleted: true });
  const missing = await call(`${url}/sandboxes/cache-case/__emulator/reset`, { method: 'POST' });
  expect([missing.status, missing.body?.error?.code]).toEqual([404, 'NOT_FOUND']);
  // Raised by the service (the start script), answered by the control API's handler (the second).
  const refused = await call(`${url}/__emulator/sandboxes`, { body: { id: 'not an id!' } });
  expect([refused.status, refused.body?.error?.code]).toEqual([400, 'BAD_USER_INPUT']);
  expect((await call(`${url}/__emulator/reset`, { method: 'POST' })).body).toMatchObject({ reset: true });
  expect((await call(`${url}/oauth2/default/.well-known/openid-configuration`)).body).toMatchObject({ issuer: expect.stringContaining('/oauth2/default') });
  const ui = await fetch(`${url}/ui/`);
  expect(ui.status).toBe(200);
  expect(await ui.text()).toContain('<html');
};

