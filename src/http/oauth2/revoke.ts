import { oauthError, paramsOf, type IssuerHandler } from './context.js';

/** `/v1/revoke` (RFC 7009): always 200 for a token, known or not, so a client cannot probe tokens. */
export const revoke: IssuerHandler = (req, res, { instance }) => {
  const token = paramsOf(req).get('token');
  if (!token) return oauthError(res, 400, 'invalid_request', 'token is required');
  instance.issuer.revoke(token);
  res.status(200).set('cache-control', 'no-store').end();
};
