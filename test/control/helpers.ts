import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { AUTH_INFO_WITH_ROLE } from '../helpers/world.js';


/** `auth_info` with a key: the caller it resolves to, or the error code it fails with. */
export const whoIs = async (
  app: TestApp,
  key: string,
  path?: string,
): Promise<{ userId: string | null; tenantId: string | null; role: string | null; code: string | null; message: string | null }> => {
  const res = await app.gql(AUTH_INFO_WITH_ROLE, { key, ...(path ? { path } : {}) });
  expect(res.status).toBe(200);
  const error = res.body.errors?.[0];
  const info = res.body.data?.auth_info as { user_id: string; tenant_id: string; role: string } | null | undefined;
  return {
    userId: info?.user_id ?? null,
    tenantId: info?.tenant_id ?? null,
    role: info?.role ?? null,
    code: error?.extensions?.code ?? null,
    message: error?.message ?? null,
  };
};

/** The control API's error body. */
export const controlError = (body: unknown): { code: string; message: string; field?: string } => {
  const error = (body as { error?: { code: string; message: string; field?: string } }).error;
  expect(error, 'an {error} body').toBeDefined();
  return error!;
};

/** Every secret the default fixture holds in plaintext: its eight keys and the deprecated token. */
export const defaultFixtureSecrets = (app: TestApp): string[] => [
  ...app.main.fixtureKeys.map((k) => k.key),
  'legacy-acme-tenant-token-0000',
];

export { expectNoSecret } from '../helpers/secrets.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
