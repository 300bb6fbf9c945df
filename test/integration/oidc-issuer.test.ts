import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ids, type TestApp } from '../helpers/app.js';
import { authorizeQuery, claimsOf, CLIENT_ID, ISSUER, oidcTokens, pkcePair, REDIRECT } from './oidc-support.js';

const cookieFrom = (res: request.Response): string => {
  const set = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return (set[0] ?? '').split(';')[0] ?? '';
};

describe('the OIDC issuer at /oauth2/default', () => {
  let app: TestApp;
  beforeEach(async () => { app = await createTestApp(); });
  afterEach(async () => { await app.close(); });

  it('discovery names itself from the Host the browser used, and supports S256 only', async () => {
    const res = await request(app.handler).get(`${ISSUER}/.well-known/openid-configuration`).set('host', 'localhost:4340');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: 'http://localhost:4340/oauth2/default',
      authorization_endpoint: 'http://localhost:4340/oauth2/default/v1/authorize',
      token_endpoint: 'http://localhost:4340/oauth2/default/v1/token',
      jwks_uri: 'http://localhost:4340/oauth2/default/v1/keys',
      revocation_endpoint: 'http://localhost:4340/oauth2/default/v1/revoke',
      end_session_endpoint: 'http://localhost:4340/oauth2/default/v1/logout',
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('the id_token is RS256, verifies with the JWKS, and carries iss, aud, nonce, iat, exp, sub, name, email', async () => {
    const { id_token } = await oidcTokens(app, 'alice@acme.test');
    const [head, body, signature] = id_token.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string; kid: string };
    expect(header.alg).toBe('RS256');
    const jwks = (await request(app.handler).get(`${ISSUER}/v1/keys`)).body as { keys: (JsonWebKey & { kid: string })[] };
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    expect(jwk).toBeDefined();
    expect(verify('sha256', Buffer.from(`${head}.${body}`), createPublicKey({ key: jwk!, format: 'jwk' }), Buffer.from(signature, 'base64url'))).toBe(true);
    const claims = claimsOf(id_token);
    expect(claims).toMatchObject({ aud: CLIENT_ID, nonce: 'n-1', sub: ids.alice, name: 'Alice Admin', email: 'alice@acme.test' });
    expect(String(claims.iss)).toMatch(/\/oauth2\/default$/);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(30);
  });

  it('without a login_hint shows a page to choose the user; choosing one redirects with the code and remembers the browser', async () => {
    const { verifier, challenge } = pkcePair();
    const page = await request(app.handler).get(`${ISSUER}/v1/authorize?${authorizeQuery(challenge)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('alice@acme.test');
    expect(page.text).not.toContain('acme-agent'); // service accounts do not sign in
    const chosen = await request(app.handler).post(`${ISSUER}/v1/authorize`).type('form')
      .send(`${authorizeQuery(challenge)}&user=${ids.bob}`);
    expect(chosen.status).toBe(302);
    const location = new URL(chosen.headers.location as string);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    const token = await request(app.handler).post(`${ISSUER}/v1/token`).type('form')
      .send({ grant_type: 'authorization_code', code: location.searchParams.get('code'), code_verifier: verifier, redirect_uri: REDIRECT, client_id: CLIENT_ID });
    expect(claimsOf(token.body.id_token as string).sub).toBe(ids.bob);
    // Signed in here: the next authorize (a reload, a silent renew) asks nothing.
    const cookie = cookieFrom(chosen);
    const silent = await request(app.handler).get(`${ISSUER}/v1/authorize?${authorizeQuery(challenge, { prompt: 'none', response_mode: 'okta_post_message' })}`).set('cookie', cookie);
    expect(silent.status).toBe(200);
    expect(silent.headers['content-security-policy']).toMatch(/script-src 'nonce-/);
    expect(silent.text).toMatch(/window\.parent\.postMessage\(\{"code":"[^"]+","state":"st-1"\}, "http:\/\/127\.0\.0\.1:8080"\)/);
    // After /v1/logout the browser is signed out again.
    const out = await request(app.handler).get(`${ISSUER}/v1/logout?post_logout_redirect_uri=${encodeURIComponent(`${REDIRECT}logout`)}`).set('cookie', cookie);
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe(`${REDIRECT}logout`);
    const none = await request(app.handler).get(`${ISSUER}/v1/authorize?${authorizeQuery(challenge, { prompt: 'none' })}`).set('cookie', cookie);
    expect(new URL(none.headers.location as string).searchParams.get('error')).toBe('login_required');
  });

  it('a code works once, only with its verifier and redirect_uri', async () => {
    const { verifier, challenge } = pkcePair();
    const code = async () => new URL((await request(app.handler).get(`${ISSUER}/v1/authorize?${authorizeQuery(challenge, { login_hint: 'bob@acme.test' })}`)).headers.location as string).searchParams.get('code');
    const exchange = (form: Record<string, unknown>) => request(app.handler).post(`${ISSUER}/v1/token`).type('form')
      .send({ grant_type: 'authorization_code', redirect_uri: REDIRECT, client_id: CLIENT_ID, code_verifier: verifier, ...form });
    const wrongVerifier = await exchange({ code: await code(), code_verifier: pkcePair().verifier });
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.body).toMatchObject({ error: 'invalid_grant' });
    const wrongRedirect = await exchange({ code: await code(), redirect_uri: 'http://127.0.0.1:9999/' });
    expect(wrongRedirect.body.error).toBe('invalid_request');
    const good = await code();
    expect((await exchange({ code: good })).status).toBe(200);
    expect((await exchange({ code: good })).body.error).toBe('invalid_grant');
    expect((await exchange({ code: await code(), grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
  });

  it('refuses requests without PKCE S256, and redirects that leave this machine', async () => {
    const { challenge } = pkcePair();
    const plain = await request(app.handler).get(`${ISSUER}/v1/authorize?${authorizeQuery(challenge, { code_challenge_method: 'plain' })}`);
    expect(plain.status).toBe(400);
    expect(plain.text).toMatch(/PKCE is required/);
    const away = await request(app.handler).get(`${ISSUER}/v1/authorize?${authorizeQuery(challenge, { redirect_uri: 'https://evil.example/cb' })}`);
    expect(away.status).toBe(400);
    expect(away.headers.location).toBeUndefined();
    const unknown = await request(app.handler).get(`${ISSUER}/v1/authorize?${authorizeQuery(challenge, { login_hint: 'nobody@nowhere' })}`);
    expect(unknown.status).toBe(200);
    expect(unknown.text).toMatch(/No user/);
    // The picker's name field: its own form, the request in hidden fields.
    const typed = await request(app.handler).post(`${ISSUER}/v1/authorize`).type('form').send(`${authorizeQuery(challenge)}&login_hint=gus%40globex.test`);
    expect(typed.status).toBe(302);
    expect(new URL(typed.headers.location as string).searchParams.get('code')).toBeTruthy();
  });

  it('answers the preflights okta-auth-js causes from another loopback origin, and no other origin', async () => {
    const preflight = await request(app.handler).options(`${ISSUER}/v1/token`)
      .set('origin', 'http://localhost:8080').set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'x-okta-user-agent-extended, content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    expect(preflight.headers['access-control-allow-headers']).toBe('x-okta-user-agent-extended, content-type');
    const discovery = await request(app.handler).get(`${ISSUER}/.well-known/openid-configuration`).set('origin', 'http://localhost:8080');
    expect(discovery.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    const foreign = await request(app.handler).options(`${ISSUER}/v1/token`).set('origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('revoke and userinfo: the issuer access token works until revoked', async () => {
    const { access_token } = await oidcTokens(app, 'alice@acme.test');
    const info = await request(app.handler).get(`${ISSUER}/v1/userinfo`).set('authorization', `Bearer ${access_token}`);
    expect(info.body).toMatchObject({ sub: ids.alice, email: 'alice@acme.test' });
    const revoked = await request(app.handler).post(`${ISSUER}/v1/revoke`).type('form').send({ token: access_token, token_type_hint: 'access_token' });
    expect(revoked.status).toBe(200);
    expect((await request(app.handler).get(`${ISSUER}/v1/userinfo`).set('authorization', `Bearer ${access_token}`)).status).toBe(401);
    // The issuer's access token is not a GraphQL credential; log_in's tokens are.
    const gql = await app.gql('{ auth_info { user_id } }', { authorization: `Bearer ${access_token}` });
    expect(gql.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a sandbox has its own issuer under its prefix', async () => {
    await app.control('post', '/sandboxes', { id: 'sb2' });
    const res = await request(app.handler).get(`/sandboxes/sb2${ISSUER}/.well-known/openid-configuration`).set('host', '127.0.0.1:4340');
    expect(res.body.issuer).toBe('http://127.0.0.1:4340/sandboxes/sb2/oauth2/default');
    expect((await request(app.handler).get(`/sandboxes/nope${ISSUER}/.well-known/openid-configuration`)).status).toBe(404);
  });
});
