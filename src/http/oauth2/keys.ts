import type { IssuerHandler } from './context.js';

/** `/v1/keys`: the JWKS with the public half of the emulator's RS256 signing key. */
export const keys: IssuerHandler = async (_req, res, { instance }) => {
  res.set('cache-control', 'no-store').json(await instance.issuer.jwks());
};
