import { randomUUID } from 'node:crypto';
import type { Authentication } from '../domain/auth.js';
import { badInput, unauthenticated } from '../domain/errors.js';
import {
  authenticateSession, authorizeLogIn, authorizeTenantSwitch, checkSessionToken, SESSION_LIFETIME,
  type IdTokenClaims, type Session, type SessionClaims, type SessionTokenType,
} from '../domain/sessions.js';
import { isUuid } from '../domain/validation.js';
import type { State } from '../store/state.js';
import { ISSUER_PATH } from './issuer.js';
import type { JwtClaims, SigningKey } from './jwt.js';

/** What `log_in`, `refresh_token` and `switch_tenant` answer, in the wire's names. */
export interface SessionTokens {
  access_token: string;
  /** ISO-8601: when the access token expires (real time). */
  expires_at: string;
  refresh_token: string;
}

const asSessionClaims = (claims: JwtClaims | undefined): SessionClaims | undefined => {
  if (!claims) return undefined;
  const { typ, sid, jti, user_id: userId, tenant_id: tenantId, iat, exp } = claims;
  if ((typ !== 'access' && typ !== 'refresh') || typeof sid !== 'string' || typeof jti !== 'string') return undefined;
  if (typeof userId !== 'string' || typeof tenantId !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return undefined;
  return claims as unknown as SessionClaims;
};

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * The UI sessions of one emulator, in memory: never persisted, never listed as API keys. A
 * restart (a new signing key) ends them all; the UI then signs in again.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly key: SigningKey, private readonly now: () => number) {}

  /** Authenticates a bearer that verifies as one of this emulator's session tokens; undefined when it is not one. */
  authenticate(state: State, bearer: string): Authentication | undefined {
    const claims = asSessionClaims(this.key.verify(bearer));
    if (!claims) return undefined;
    return authenticateSession(state, this.sessions.get(claims.sid), claims, this.now());
  }

  /** `log_in(input: {id_token})`: an id_token from this emulator's issuer starts a session in the user's default tenant. */
  async logIn(state: State, idToken: unknown): Promise<SessionTokens> {
    if (typeof idToken !== 'string' || idToken === '') throw badInput('input.id_token', 'is required');
    const claims = this.key.verify(idToken);
    if (!claims || typeof claims.iss !== 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
      throw unauthenticated('AuthenticationError: the id_token is not one this emulator issued');
    }
    const { user, tenant } = authorizeLogIn(
      state, (userId) => state.memberships.allBy('user', userId), claims as unknown as IdTokenClaims, ISSUER_PATH, this.now(),
    );
    this.prune();
    const session: Session = { id: randomUUID(), userId: user.id, tenantId: tenant.id, refreshId: '', refreshExpiresAt: this.now() + SESSION_LIFETIME.refreshMs, endedAt: null };
    this.sessions.set(session.id, session);
    return this.issue(session);
  }

  /** `refresh_token(input: {access_token})` with the refresh token as bearer: new tokens, the old refresh token retired. */
  async refresh(state: State, bearer: string | undefined, accessToken: unknown): Promise<SessionTokens> {
    const { session } = this.present(bearer, 'refresh');
    this.requireOwnAccessToken(session, accessToken);
    this.requireMember(state, session);
    return this.issue(session);
  }

  /** `switch_tenant(input: {tenant_id})` with the access token as bearer: the session moves to another of the user's tenants. */
  async switchTenant(state: State, bearer: string | undefined, tenantId: unknown): Promise<SessionTokens> {
    const { session } = this.present(bearer, 'access');
    if (typeof tenantId !== 'string' || !isUuid(tenantId)) throw badInput('input.tenant_id', 'must be a UUID');
    this.requireMember(state, session);
    const tenant = authorizeTenantSwitch(state, session.userId, tenantId.toLowerCase());
    session.tenantId = tenant.id;
    return this.issue(session);
  }

  /**
   * `log_out(input: {access_token})`: ends the session at once, whatever token (access or
   * refresh) is the bearer. Ending an ended session succeeds; a token this emulator did not
   * sign is refused.
   */
  logOut(bearer: string | undefined, accessToken: unknown): boolean {
    const candidates = [typeof accessToken === 'string' ? accessToken : undefined, bearer];
    for (const token of candidates) {
      const claims = token ? asSessionClaims(this.key.verify(token)) : undefined;
      if (!claims) continue;
      const session = this.sessions.get(claims.sid);
      if (session && session.endedAt === null) session.endedAt = this.now();
      return true;
    }
    throw unauthenticated('AuthenticationError: log_out needs a session token of this emulator');
  }

  private present(bearer: string | undefined, type: SessionTokenType): { session: Session; claims: SessionClaims } {
    const claims = bearer ? asSessionClaims(this.key.verify(bearer)) : undefined;
    if (!claims) throw unauthenticated(`AuthenticationError: send the session's ${type} token as "Authorization: Bearer <token>"`);
    const session = this.sessions.get(claims.sid);
    const problem = checkSessionToken(session, claims, type, this.now());
    if (problem || !session) throw problem ?? unauthenticated('AuthenticationError: this session has ended; sign in again');
    return { session, claims };
  }

  private requireOwnAccessToken(session: Session, accessToken: unknown): void {
    const claims = typeof accessToken === 'string' ? asSessionClaims(this.key.verify(accessToken)) : undefined;
    if (!claims || claims.sid !== session.id || checkSessionToken(session, claims, 'access', this.now(), true)) {
      throw badInput('input.access_token', "must be this session's access token");
    }
  }

  private requireMember(state: State, session: Session): void {
    if (!state.user(session.userId) || !state.membershipOf(session.userId, session.tenantId)) {
      session.endedAt = this.now();
      throw unauthenticated("AuthenticationError: this session's user is no longer a member of its tenant");
    }
  }

  private async issue(session: Session): Promise<SessionTokens> {
    const now = this.now();
    const accessId = randomUUID();
    const refreshId = randomUUID();
    const common = { sid: session.id, user_id: session.userId, tenant_id: session.tenantId, iat: seconds(now) };
    const accessExpires = now + SESSION_LIFETIME.accessMs;
    const access = await this.key.sign({ ...common, typ: 'access', jti: accessId, exp: seconds(accessExpires) });
    session.refreshExpiresAt = now + SESSION_LIFETIME.refreshMs;
    const refresh = await this.key.sign({ ...common, typ: 'refresh', jti: refreshId, access_token_id: accessId, exp: seconds(session.refreshExpiresAt) });
    session.refreshId = refreshId;
    return { access_token: access, expires_at: new Date(seconds(accessExpires) * 1000).toISOString(), refresh_token: refresh };
  }

  /** Forgets sessions that ended or whose refresh token expired, so the map stays the size of the live ones. */
  private prune(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.endedAt !== null || s.refreshExpiresAt <= now) this.sessions.delete(id);
  }
}
