import type { IssuerHandler } from './context.js';

/** `/.well-known/openid-configuration`: where okta-auth-js finds every other endpoint, and the issuer its tokens must name. */
export const discovery: IssuerHandler = (_req, res, { issuer }) => {
  res.set('cache-control', 'no-store').json({
    issuer,
    authorization_endpoint: `${issuer}/v1/authorize`,
    token_endpoint: `${issuer}/v1/token`,
    userinfo_endpoint: `${issuer}/v1/userinfo`,
    jwks_uri: `${issuer}/v1/keys`,
    revocation_endpoint: `${issuer}/v1/revoke`,
    end_session_endpoint: `${issuer}/v1/logout`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'okta_post_message'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email'],
    token_endpoint_auth_methods_supported: ['none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'nonce', 'name', 'email', 'preferred_username', 'at_hash', 'auth_time'],
  });
};
