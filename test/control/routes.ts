/**
 * Every control API route, in an order that works when run one after the other against a fresh
 * emulator (the sandbox `s1` is created before it is used and deleted last). The admin-token
 * test calls each; the docs test checks docs/control-api.md documents each.
 */
export interface ControlRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Below /__emulator, or a full path for sandbox-scoped routes. */
  path: string;
  body?: unknown;
  /** The status a correct call gets. */
  ok: number;
}

/** Bob, a USER of acme in the default fixture. */
const BOB = '1b1b1b1b-0000-4000-8000-000000000001';

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  { method: 'get', path: '/__emulator/info', ok: 200 },
  { method: 'get', path: '/__emulator/clock', ok: 200 },
  { method: 'post', path: '/__emulator/clock/freeze', body: { at: '2030-01-01T00:00:00Z' }, ok: 200 },
  { method: 'post', path: '/__emulator/clock/set', body: { at: '2030-01-02T00:00:00Z' }, ok: 200 },
  { method: 'post', path: '/__emulator/clock/advance', body: { by: 'P1D' }, ok: 200 },
  { method: 'post', path: '/__emulator/clock/unfreeze', ok: 200 },
  { method: 'post', path: '/__emulator/reset', body: {}, ok: 200 },
  { method: 'get', path: '/__emulator/snapshot', ok: 200 },
  { method: 'post', path: '/__emulator/keys', body: { user_id: BOB }, ok: 201 },
  { method: 'get', path: '/__emulator/fixture-keys', ok: 200 },
  { method: 'get', path: '/__emulator/requests', ok: 200 },
  { method: 'delete', path: '/__emulator/requests', ok: 200 },
  { method: 'get', path: '/__emulator/flow-runs', ok: 200 },
  { method: 'post', path: '/__emulator/sandboxes', body: { id: 's1' }, ok: 201 },
  { method: 'get', path: '/__emulator/sandboxes', ok: 200 },
  { method: 'get', path: '/sandboxes/s1/__emulator/clock', ok: 200 },
  { method: 'post', path: '/sandboxes/s1/__emulator/clock/freeze', body: {}, ok: 200 },
  { method: 'post', path: '/sandboxes/s1/__emulator/keys', body: { user_id: BOB }, ok: 201 },
  { method: 'get', path: '/sandboxes/s1/__emulator/snapshot', ok: 200 },
  { method: 'post', path: '/sandboxes/s1/__emulator/reset', ok: 200 },
  { method: 'get', path: '/sandboxes/s1/__emulator/requests', ok: 200 },
  { method: 'get', path: '/sandboxes/s1/__emulator/flow-runs', ok: 200 },
  { method: 'delete', path: '/__emulator/sandboxes/s1', ok: 200 },
];

/** Restoring a snapshot needs one to send: the admin-token test sends the one it exported. */
export const RESTORE_ROUTES = [
  { method: 'put', path: '/__emulator/snapshot' },
  { method: 'post', path: '/__emulator/snapshot' },
] as const;
