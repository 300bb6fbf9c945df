import { createHash, randomBytes } from 'node:crypto';
import { badInput, unauthenticated } from '../domain/errors.js';
import type { User } from '../domain/types.js';
import type { State } from '../store/state.js';
import type { SigningKey } from './jwt.js';

/** Where the issuer lives below an emulator's base URL (Okta's "custom authorization server" layout). */
export const ISSUER_PATH = '/oauth2/default';
/** How long an id_token (and the issuer's access token) lasts. */
export const ID_TOKEN_LIFETIME_MS = 60 * 60_000;
const CODE_LIFETIME_MS = 60_000;
const SCOPE = 'openid profile email';

/** What `/v1/authorize` was asked, checked; a code remembers it for `/v1/token`. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce: string | null;
  codeChallenge: string;
  scope: string;
  responseMode: 'query' | 'fragment' | 'okta_post_message';
  prompt: string | null;
  loginHint: string | null;
}

interface Grant extends AuthorizeRequest {
  userId: string;
  expiresAt: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const text = (params: URLSearchParams, name: string): string | null => {
  const value = params.get(name);
  return value === null || value === '' ? null : value;
};

/** Reads and checks an authorization request. Redirects go to loopback origins only: codes never leave the machine. */
export const parseAuthorizeRequest = (params: URLSearchParams): AuthorizeRequest => {
  const clientId = text(params, 'client_id');
  if (!clientId) throw badInput('client_id', 'is required');
  const redirectUri = text(params, 'redirect_uri');
  let redirect: URL | undefined;
  try {
    redirect = redirectUri ? new URL(redirectUri) : undefined;
  } catch {
    redirect = undefined;
  }
  if (!redirect || !/^https?:$/.test(redirect.protocol) || !LOOPBACK.has(redirect.hostname)) {
    throw badInput('redirect_uri', 'must be an http(s) URL on 127.0.0.1, localhost or [::1]');
  }
  if (text(params, 'response_type') !== 'code') throw badInput('response_type', 'must be "code" (the PKCE code flow)');
  const codeChallenge = text(params, 'code_challenge');
  if (!codeChallenge || text(params, 'code_challenge_method') !== 'S256') {
    throw badInput('code_challenge', 'PKCE is required: send code_challenge with code_challenge_method=S256');
  }
  const state = text(params, 'state');
  if (!state) throw badInput('state', 'is required');
  const mode = text(params, 'response_mode') ?? 'query';
  if (mode !== 'query' && mode !== 'fragment' && mode !== 'okta_post_message') throw badInput('response_mode', 'must be query, fragment or okta_post_message');
  return {
    clientId, redirectUri: redirectUri as string, state, nonce: text(params, 'nonce'), codeChallenge, scope: text(params, 'scope') ?? SCOPE,
    responseMode: mode, prompt: text(params, 'prompt'), loginHint: text(params, 'login_hint'),
  };
};

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** The OIDC hash of a token (`at_hash`): the left half of its SHA-256, base64url. */
const halfHash = (token: string): string => createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');

/**
 * The emulator's own OpenID Connect issuer, for the Cloud 1.0 UI's sign-in (okta-auth-js, PKCE
 * code flow). Anyone may sign in as any standard user of the fixture: it is an emulator. Codes
 * and browser sessions are kept in memory; times are real time (browsers check them).
 */
export class OidcIssuer {
  private readonly grants = new Map<string, Grant>();
  private readonly browserSessions = new Map<string, string>();
  private readonly revoked = new Set<string>();

  constructor(private readonly key: SigningKey, private readonly now: () => number) {}

  /** The public signing key, for `jwks_uri`. */
  jwks() {
    return this.key.jwks();
  }

  /** The users one may sign in as: every standard (not service) account, by username. */
  users(state: State): User[] {
    return [...state.users.all()].filter((u) => u.accountType !== 'SERVICE').sort((a, b) => a.username.localeCompare(b.username));
  }

  /** A standard user by id, username or email (a `login_hint`). */
  findUser(state: State, hint: string): User | undefined {
    const wanted = hint.toLowerCase();
    return this.users(state).find((u) => u.id === wanted || u.username.toLowerCase() === wanted || u.email?.toLowerCase() === wanted);
  }

  /** A one-time code for the user, valid one minute. */
  grant(request: AuthorizeRequest, userId: string): string {
    const code = randomBytes(24).toString('base64url');
    const now = this.now();
    for (const [c, g] of this.grants) if (g.expiresAt <= now) this.grants.delete(c);
    this.grants.set(code, { ...request, userId, expiresAt: now + CODE_LIFETIME_MS });
    return code;
  }

  /** Remembers who signed in in this browser, so a later authorize (a reload, a silent renew) needs no choice. */
  startBrowserSession(userId: string): string {
    const id = randomBytes(24).toString('base64url');
    this.browserSessions.set(id, userId);
    return id;
  }

  browserUser(state: State, sessionId: string | undefined): User | undefined {
    const userId = sessionId ? this.browserSessions.get(sessionId) : undefined;
    const user = userId ? state.user(userId) : undefined;
    return user && user.accountType !== 'SERVICE' ? user : undefined;
  }

  endBrowserSession(sessionId: string | undefined): void {
    if (sessionId) this.browserSessions.delete(sessionId);
  }

  /** `grant_type=authorization_code`: the code once, with the verifier whose S256 hash was the challenge. */
  async exchange(state: State, form: URLSearchParams, issuer: string): Promise<Record<string, unknown>> {
    if (form.get('grant_type') !== 'authorization_code') throw badInput('grant_type', 'only authorization_code is supported');
    const code = form.get('code') ?? '';
    const grant = this.grants.get(code);
    this.grants.delete(code);
    if (!grant || grant.expiresAt <= this.now()) throw unauthenticated('The authorization code is invalid or has expired.');
    if (form.get('redirect_uri') !== grant.redirectUri) throw badInput('redirect_uri', 'does not match the authorization request');
    const clientId = form.get('client_id');
    if (clientId !== null && clientId !== grant.clientId) throw badInput('client_id', 'does not match the authorization request');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) {
      throw unauthenticated('PKCE verification failed: code_verifier does not match the code_challenge.');
    }
    const user = state.user(grant.userId);
    if (!user) throw unauthenticated('The user of this authorization code no longer exists.');
    const now = this.now();
    const times = { iat: seconds(now), exp: seconds(now + ID_TOKEN_LIFETIME_MS) };
    const accessToken = await this.key.sign({
      iss: issuer, aud: 'api://default', sub: user.email ?? user.username, uid: user.id, cid: grant.clientId, scp: grant.scope.split(' '),
      jti: randomBytes(12).toString('hex'), ...times,
    });
    const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
    const idToken = await this.key.sign({
      iss: issuer, aud: grant.clientId, sub: user.id, name, email: user.email ?? user.username, preferred_username: user.username,
      ...(grant.nonce ? { nonce: grant.nonce } : {}), at_hash: halfHash(accessToken), auth_time: times.iat, ...times,
    });
    return { token_type: 'Bearer', expires_in: seconds(ID_TOKEN_LIFETIME_MS), access_token: accessToken, scope: grant.scope, id_token: idToken };
  }

  /** The claims of the issuer's own unexpired, unrevoked access token (for userinfo). */
  accessClaims(token: string): Record<string, unknown> | undefined {
    const claims = this.key.verify(token);
    if (!claims || this.revoked.has(String(claims.jti)) || typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return undefined;
    return claims;
  }

  /** RFC 7009: revoking succeeds whatever the token is. */
  revoke(token: string): void {
    const claims = this.key.verify(token);
    if (claims?.jti) this.revoked.add(String(claims.jti));
  }
}
