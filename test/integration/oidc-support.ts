import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';

export const ISSUER = '/oauth2/default';
export const REDIRECT = 'http://127.0.0.1:8080/';
export const CLIENT_ID = 'prefect-cloud-ui';

export const pkcePair = (): { verifier: string; challenge: string } => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

export const authorizeQuery = (challenge: string, extra: Record<string, string> = {}): string => new URLSearchParams({
  client_id: CLIENT_ID, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid profile email', state: 'st-1', nonce: 'n-1',
  code_challenge: challenge, code_challenge_method: 'S256', ...extra,
}).toString();

/** The issuer's part of signing in, as okta-auth-js does it: authorize (a login_hint instead of the picker), then the code for tokens. */
export const oidcTokens = async (app: TestApp, loginHint: string, base = ''): Promise<{ id_token: string; access_token: string }> => {
  const { verifier, challenge } = pkcePair();
  const authorized = await request(app.handler).get(`${base}${ISSUER}/v1/authorize?${authorizeQuery(challenge, { login_hint: loginHint })}`);
  expect(authorized.status, authorized.text).toBe(302);
  const code = new URL(authorized.headers.location as string).searchParams.get('code') ?? '';
  const tokens = await request(app.handler).post(`${base}${ISSUER}/v1/token`).type('form')
    .send({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT, client_id: CLIENT_ID });
  expect(tokens.status, tokens.text).toBe(200);
  return tokens.body as { id_token: string; access_token: string };
};

export const LOG_IN = 'mutation LogIn($input: log_in_input!) { log_in(input: $input) { access_token expires_at refresh_token } }';
export const REFRESH = 'mutation RefreshToken($input: refresh_token_input!) { refresh_token(input: $input) { access_token expires_at refresh_token } }';
export const SWITCH = 'mutation SwitchTenant($tenantId: UUID!) { switch_tenant(input: { tenant_id: $tenantId }) { access_token expires_at refresh_token } }';
export const LOG_OUT = 'mutation LogOut($input: log_out_input!) { log_out(input: $input) { success } }';

export interface UiTokens {
  access_token: string;
  expires_at: string;
  refresh_token: string;
}

/** The whole sign-in: the issuer, then `log_in` with the id_token, as the UI does. */
export const uiSession = async (app: TestApp, loginHint: string, base = ''): Promise<UiTokens> => {
  const { id_token } = await oidcTokens(app, loginHint, base);
  const res = await app.gql(LOG_IN, { variables: { input: { id_token } }, path: `${base}/graphql` });
  expect(res.body.errors, res.text).toBeUndefined();
  return res.body.data!.log_in as UiTokens;
};

/** A JWT's payload, as the UI's jwt-decode reads it (no verification). */
export const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
