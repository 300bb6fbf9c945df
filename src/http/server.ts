import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Express } from 'express';
import { redactKeys } from '../domain/keys.js';
import { GraphQLExecutor, type GraphQLLimits } from '../graphql/executor.js';
import { loadSchema } from '../graphql/schema.js';
import type { Emulator } from '../service/emulator.js';
import type { EmulatorInstance } from '../service/instance.js';
import type { Logger } from '../service/logger.js';
import { handleGraphQL } from './graphql-endpoint.js';
import { HOST_REFUSED, hostAllowed, type RequestPolicy } from './request-policy.js';
import { sendJson } from './respond.js';

export interface HttpOptions extends RequestPolicy {
  /** The emulator's own base URL (`http://127.0.0.1:4200`), for the URLs it hands out (sandboxes). */
  publicUrl?: () => string;
  /** When set, the control API requires `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  bodyLimit: number;
  limits?: GraphQLLimits;
  logger: Logger;
  version: string;
  /** A directory with a build of the Cloud 1.0 web UI to serve at `/` (history-mode fallback to its index.html). */
  serveUi?: string;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const SANDBOX_PREFIX = /^\/sandboxes\/([^/]+)(\/.*)?$/;
/** Request targets that are their own path: the GraphQL endpoint's, answered without parsing a URL. */
const PLAIN_PATHS = new Set(['/', '/graphql', '/graphql/', '/health']);

/**
 * The request handler. GraphQL and health are answered here directly, on node:http: they are
 * the hot path. The control API and the UI go to an express app loaded on first use, so
 * start-up does not pay for it.
 */
export const createRequestHandler = (emulator: Emulator, options: HttpOptions) => {
  const executor = new GraphQLExecutor(loadSchema(), options.limits, (error) => {
    options.logger.error(redactKeys(`unexpected error while executing GraphQL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  });
  let app: Promise<Express> | undefined;
  let graphiql: Promise<(options: { title: string; endpoint: string }) => string> | undefined;

  const toExpress = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    app ??= import('./app.js').then((m) => m.createApp(emulator, options));
    (await app)(req, res);
  };

  const renderGraphiQL = async (res: ServerResponse, base: string): Promise<void> => {
    const render = await (graphiql ??= import('@graphql-yoga/render-graphiql').then((m) => m.renderGraphiQL));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(render({ title: 'Prefect Cloud emulator', endpoint: `${base}/graphql` }));
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const url = PLAIN_PATHS.has(target) ? null : new URL(target, 'http://emulator');
    let path = url?.pathname ?? target;
    let instance: EmulatorInstance | undefined = emulator.main;
    let base = '';
    const sandbox = SANDBOX_PREFIX.exec(path);
    if (sandbox) {
      // Sandbox ids are letters, digits, '-' and '_': nothing to decode (and a bad %-escape cannot throw).
      instance = emulator.sandbox(sandbox[1] ?? '');
      base = `/sandboxes/${sandbox[1]}`;
      path = sandbox[2] ?? '/';
    }
    const isGraphQLPath = path === '/graphql' || path === '/graphql/' || path === '/';
    if (!hostAllowed(options, req)) {
      // Before anything else: a rebound name must not even read /health or the UI.
      const body = isGraphQLPath
        ? { errors: [{ message: HOST_REFUSED, extensions: { code: 'FORBIDDEN' } }] }
        : { error: { code: 'FORBIDDEN', message: HOST_REFUSED } };
      sendJson(res, 403, body);
      return;
    }
    if (isGraphQLPath || path === '/health') {
      if (!instance) {
        sendJson(res, 404, { errors: [{ message: `Sandbox "${redactKeys(sandbox?.[1] ?? '')}" not found.`, extensions: { code: 'NOT_FOUND' } }] });
        return;
      }
      if (path === '/health') {
        sendJson(res, 200, { status: 'ok', version: options.version });
        return;
      }
      if (req.method === 'POST') return handleGraphQL(req, res, instance, executor, options.bodyLimit, url, options);
      if (req.method === 'GET' && url?.searchParams.has('query')) return handleGraphQL(req, res, instance, executor, options.bodyLimit, url, options);
      if (req.method === 'GET' && path !== '/' && (req.headers.accept ?? '').includes('text/html')) return renderGraphiQL(res, base);
      if (req.method === 'GET' && path === '/') return toExpress(req, res);
      if (req.method === 'OPTIONS' || req.method === 'HEAD') {
        res.writeHead(204, { allow: 'GET, POST' });
        res.end();
        return;
      }
      sendJson(res, 405, { errors: [{ message: 'Use POST with a JSON body (or GET with ?query=).', extensions: { code: 'BAD_REQUEST' } }] }, { allow: 'GET, POST' });
      return;
    }
    return toExpress(req, res);
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      options.logger.error(redactKeys(`unexpected error handling ${req.method} ${req.url?.split('?')[0]}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  };
};

export const createHttpServer = (emulator: Emulator, options: HttpOptions): Server => {
  const server = createServer({ keepAlive: true }, createRequestHandler(emulator, options));
  server.keepAliveTimeout = 65_000;
  return server;
};
