import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/**
 * Serves a build of the Cloud 1.0 web UI (a directory with its index.html) from the emulator's
 * origin, so the UI, the issuer and GraphQL share one origin. The UI routes in history mode
 * (`/<tenant-slug>/…`, `/team-switched`, the sign-in redirect to `/?code=…`): a page request
 * for a path that is no file gets index.html. The emulator's own paths win over the UI's.
 */
export const serveUiRoutes = (dir: string): Router => {
  const root = resolve(dir);
  const router = express.Router();
  router.use(express.static(root, { index: false, fallthrough: true }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    // Page loads only (a browser's navigation asks for text/html by name); a missing asset stays a 404.
    const page = (req.headers.accept ?? '').includes('text/html') && !/\.[A-Za-z0-9]+$/.test(req.path);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !page) return next();
    res.set('cache-control', 'no-cache');
    res.sendFile(join(root, 'index.html'), (error?: Error) => {
      if (error && !res.headersSent) next();
    });
  });
  return router;
};
