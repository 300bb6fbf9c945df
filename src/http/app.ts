import { timingSafeEqual, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { parseAuthorization } from '../domain/auth.js';
import { notFound } from '../domain/errors.js';
import { redactKeys } from '../domain/keys.js';
import type { Emulator } from '../service/emulator.js';
import type { EmulatorInstance } from '../service/instance.js';
import { ControlError, controlErrorHandler } from './control/errors.js';
import { boundedDepth, jsonBodyOnly, sameOriginOnly } from './control/guards.js';
import { instanceRoutes } from './control/instance-routes.js';
import { sandboxRoutes } from './control/sandbox-routes.js';
import { ISSUER_PATH } from '../service/issuer.js';
import { issuerRoutes } from './oauth2/routes.js';
import { serveUiRoutes } from './serve-ui.js';
import type { HttpOptions } from './server.js';

export const CONTROL_PREFIX = '/__emulator';
const UI_DIR = new URL('../ui/', import.meta.url);

const sameSecret = (a: string, b: string): boolean => {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
};

/** The control API, the UI and everything else that is not GraphQL or health. */
export const createApp = (emulator: Emulator, options: HttpOptions): Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  const requireAdmin = (req: Request, _res: Response, next: NextFunction): void => {
    if (!options.adminToken) return next();
    const credentials = parseAuthorization(req.headers.authorization);
    if (credentials.kind !== 'bearer' || !sameSecret(credentials.secret, options.adminToken)) {
      throw new ControlError(401, 'UNAUTHENTICATED', 'The control API needs "Authorization: Bearer <admin token>" (the emulator was started with --admin-token).');
    }
    next();
  };
  const instanceOf = (req: Request): EmulatorInstance => {
    const id = (req.params as Record<string, string | undefined>).sandboxId;
    if (id === undefined) return emulator.main;
    const sandbox = emulator.sandbox(id);
    if (!sandbox) throw notFound(`Sandbox "${id}" not found`);
    return sandbox;
  };
  const json = express.json({ limit: options.bodyLimit, strict: false });

  const guards = [sameOriginOnly(options), requireAdmin, jsonBodyOnly, json, boundedDepth];
  app.use(CONTROL_PREFIX, ...guards);
  app.use(`/sandboxes/:sandboxId${CONTROL_PREFIX}`, ...guards);
  app.get(`${CONTROL_PREFIX}/info`, (_req, res) => {
    res.json({ version: options.version, fixture: emulator.main.source, dataFile: emulator.main.store.dataFile, sandboxes: emulator.listSandboxes().length });
  });
  app.use(`${CONTROL_PREFIX}/sandboxes`, sandboxRoutes(emulator, options.publicUrl));
  app.use(CONTROL_PREFIX, instanceRoutes(instanceOf));
  app.use(`/sandboxes/:sandboxId${CONTROL_PREFIX}`, instanceRoutes(instanceOf));
  app.use(ISSUER_PATH, issuerRoutes(instanceOf, options.bodyLimit));
  app.use(`/sandboxes/:sandboxId${ISSUER_PATH}`, issuerRoutes(instanceOf, options.bodyLimit));

  if (existsSync(UI_DIR)) {
    const ui = express.static(UI_DIR.pathname, {
      index: 'index.html',
      fallthrough: true,
      // The UI loads nothing from elsewhere and handles keys: say so to the browser.
      setHeaders: (res) => {
        res.setHeader('content-security-policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        res.setHeader('referrer-policy', 'no-referrer');
        res.setHeader('x-content-type-options', 'nosniff');
      },
    });
    app.use('/ui', ui);
    app.use('/sandboxes/:sandboxId/ui', (req, _res, next) => {
      instanceOf(req);
      next();
    }, ui);
  }
  if (!options.serveUi) app.get('/', (_req, res) => { res.redirect(302, '/ui/'); });
  app.get('/sandboxes/:sandboxId', (req, res) => { res.redirect(302, `/sandboxes/${encodeURIComponent(req.params.sandboxId)}/ui/`); });
  if (options.serveUi) app.use(serveUiRoutes(options.serveUi));

  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${redactKeys(req.path)}. GraphQL is served on POST / and POST /graphql; the control API under ${CONTROL_PREFIX}.` } });
  });
  app.use(controlErrorHandler(options.logger));
  return app;
};
