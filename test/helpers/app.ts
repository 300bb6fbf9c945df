import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { resolveFixture, type FixtureSource } from '../../src/index.js';
import { createRequestHandler, DEFAULT_BODY_LIMIT } from '../../src/http/server.js';
import { Emulator } from '../../src/service/emulator.js';
import type { EmulatorInstance } from '../../src/service/instance.js';
import { silentLogger } from '../../src/service/logger.js';
import type { GqlResult } from './graphql.js';

export type { GqlBody, GqlResult } from './graphql.js';

export interface GqlOptions {
  variables?: Record<string, unknown> | null;
  /** The API key for `Authorization: Bearer`; or a raw header value with `authorization`. */
  key?: string;
  authorization?: string;
  tenant?: string;
  /** Send variables as a JSON string, as the Prefect 1.x client does (default true). */
  stringVariables?: boolean;
  path?: string;
}


export interface TestApp {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  emulator: Emulator;
  main: EmulatorInstance;
  /** A fixture key's plaintext by ref. */
  key(ref: string): string;
  gql(query: string, options?: GqlOptions): Promise<GqlResult>;
  control(method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown, headers?: Record<string, string>): Promise<request.Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  fixture?: FixtureSource;
  generate?: string;
  seed?: number;
  frozenAt?: number;
  dataFile?: string;
  adminToken?: string;
}

/**
 * The real emulator behind the real HTTP handler, driven with supertest: no port, no mocks.
 * In memory unless `dataFile` is given.
 */
export const createTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const loaded = await resolveFixture(options.fixture, options.generate, options.seed);
  const emulator = await Emulator.create({
    origin: { load: async () => loaded.fixture, source: loaded.source, clock: { frozenAt: options.frozenAt ?? null, offsetMs: 0 } },
    ...(options.dataFile ? { dataFile: options.dataFile } : {}),
  });
  const handler = createRequestHandler(emulator, {
    bodyLimit: DEFAULT_BODY_LIMIT, logger: { ...silentLogger, error: (m: string) => process.stderr.write(`${m}\n`) }, version: 'test', ...(options.adminToken ? { adminToken: options.adminToken } : {}),
  });
  const main = emulator.main;
  return {
    handler,
    emulator,
    main,
    key: (ref) => {
      const found = main.fixtureKeys.find((k) => k.ref === ref);
      if (!found) throw new Error(`no fixture key ${ref}`);
      return found.key;
    },
    gql: async (query, o = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-prefect-core-version': '1.4.1' };
      if (o.authorization !== undefined) headers.authorization = o.authorization;
      else if (o.key !== undefined) headers.authorization = `Bearer ${o.key}`;
      if (o.tenant !== undefined) headers['x-prefect-tenant-id'] = o.tenant;
      const variables = o.stringVariables === false ? (o.variables ?? null) : JSON.stringify(o.variables ?? null);
      const res = await request(handler).post(o.path ?? '/graphql').set(headers).send(JSON.stringify({ query, variables }));
      return { status: res.status, body: res.body as GqlResult['body'], text: res.text };
    },
    control: async (method, path, body, headers = {}) => {
      let req = request(handler)[method](`/__emulator${path}`).set(headers);
      if (body !== undefined) req = req.set('content-type', 'application/json').send(JSON.stringify(body));
      return req;
    },
    close: () => emulator.close(),
  };
};

export { ids, refs } from './world.js';
