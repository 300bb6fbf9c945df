import { oauthError, type IssuerHandler } from './context.js';

/** `/v1/userinfo`: who the issuer's access token is for. */
export const userinfo: IssuerHandler = (req, res, { instance }) => {
  const bearer = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const claims = bearer ? instance.issuer.accessClaims(bearer) : undefined;
  const user = typeof claims?.uid === 'string' ? instance.store.state.user(claims.uid) : undefined;
  if (!user) {
    res.set('www-authenticate', 'Bearer error="invalid_token"');
    return oauthError(res, 401, 'invalid_token', 'The access token is invalid, expired or revoked.');
  }
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
  res.set('cache-control', 'no-store').json({ sub: user.id, name, email: user.email ?? user.username, preferred_username: user.username });
};
