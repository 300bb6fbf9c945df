import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { EmulatorInstance } from '../../service/instance.js';
import { authorize } from './authorize.js';
import { isLoopbackOrigin, type IssuerHandler } from './context.js';
import { discovery } from './discovery.js';
import { keys } from './keys.js';
import { logout } from './logout.js';
import { revoke } from './revoke.js';
import { token } from './token.js';
import { userinfo } from './userinfo.js';

/**
 * CORS for pages on this machine served from another origin (a UI dev server): okta-auth-js
 * sends its own headers, so its calls are preflighted. Same-origin use needs none of this.
 */
const cors = (req: Request, res: Response, next: NextFunction): void => {
  const origin = req.headers.origin;
  if (origin && isLoopbackOrigin(origin)) {
    res.set({ 'access-control-allow-origin': origin, vary: 'Origin' });
    if (req.method === 'OPTIONS') {
      res.set({
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'Content-Type, Authorization',
        'access-control-max-age': '600',
      });
    }
  }
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
};

/**
 * The emulator's OpenID Connect issuer (like mock-oauth2-server, in Okta's URL layout), mounted
 * at `/oauth2/default` and `/sandboxes/<id>/oauth2/default`: one handler per endpoint.
 */
export const issuerRoutes = (instanceOf: (req: Request) => EmulatorInstance, bodyLimit: number): Router => {
  const router = express.Router({ mergeParams: true });
  const at = (handler: IssuerHandler) => async (req: Request, res: Response): Promise<void> => {
    const instance = instanceOf(req);
    await handler(req, res, { instance, issuer: `${req.protocol}://${req.get('host') ?? '127.0.0.1'}${req.baseUrl}` });
  };
  router.use(cors, express.urlencoded({ extended: false, limit: bodyLimit }));
  router.get('/.well-known/openid-configuration', at(discovery));
  router.get('/.well-known/oauth-authorization-server', at(discovery));
  router.get('/v1/authorize', at(authorize));
  router.post('/v1/authorize', at(authorize));
  router.post('/v1/token', at(token));
  router.get('/v1/keys', at(keys));
  router.post('/v1/revoke', at(revoke));
  router.get('/v1/logout', at(logout));
  router.get('/v1/userinfo', at(userinfo));
  router.post('/v1/userinfo', at(userinfo));
  return router;
};
