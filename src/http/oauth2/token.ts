import { isDomainError } from '../../domain/errors.js';
import { oauthError, paramsOf, type IssuerHandler } from './context.js';

/** `/v1/token`: the authorization code and its PKCE verifier for an access token and an RS256 id_token. */
export const token: IssuerHandler = async (req, res, { instance, issuer }) => {
  try {
    const tokens = await instance.issuer.exchange(instance.store.state, paramsOf(req), issuer);
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache' }).json(tokens);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === 'BAD_USER_INPUT') oauthError(res, 400, error.field === 'grant_type' ? 'unsupported_grant_type' : 'invalid_request', error.message);
    else oauthError(res, 400, 'invalid_grant', error.message);
  }
};
