import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../src/config/serve-config.js';
import { createRequestHandler, DEFAULT_BODY_LIMIT } from '../../src/http/server.js';
import { startEmulator } from '../../src/index.js';
import { silentLogger } from '../../src/service/logger.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const PAGE = '<!doctype html><title>the real UI</title>';

describe('--serve-ui: a build of the Cloud 1.0 UI on the emulator origin', () => {
  let app: TestApp;
  let dir: string;
  let handler: ReturnType<typeof createRequestHandler>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pce-serve-ui-'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    app = await createTestApp();
    handler = createRequestHandler(app.emulator, { bodyLimit: DEFAULT_BODY_LIMIT, logger: silentLogger, version: 'test', serveUi: dir });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for every page path that is no file (history mode), files as they are', async () => {
    for (const path of ['/', '/?code=abc&state=xyz', '/acme/flow/123', '/team-switched', '/user/keys']) {
      const res = await request(handler).get(path).set('accept', 'text/html,application/xhtml+xml');
      expect(res.status, path).toBe(200);
      expect(res.text, path).toBe(PAGE);
    }
    expect((await request(handler).get('/app.js')).text).toBe('console.log(1)');
    expect((await request(handler).get('/fonts/missing.ttf').set('accept', '*/*')).status).toBe(404);
    expect((await request(handler).get('/img/missing.png').set('accept', 'text/html')).status).toBe(404);
  });

  it("keeps the emulator's own paths: GraphQL, health, control API, the issuer, sandboxes", async () => {
    const gql = await request(handler).post('/').set('content-type', 'application/json').send('{"query":"{ hello }"}');
    expect(gql.body.data.hello).toMatch(/Hello/);
    expect((await request(handler).get('/health')).body.status).toBe('ok');
    expect((await request(handler).get('/__emulator/info')).body.version).toBe('test');
    expect((await request(handler).get('/oauth2/default/.well-known/openid-configuration')).body.issuer).toMatch(/\/oauth2\/default$/);
    expect((await request(handler).get('/graphql').set('accept', 'text/html')).text).toMatch(/graphiql/i);
    const sandbox = await request(handler).get('/sandboxes/none').set('accept', 'text/html');
    expect(sandbox.status).toBe(404);
    expect(sandbox.text).not.toBe(PAGE);
  });

  it('without it, / still leads to the emulator UI', async () => {
    const res = await request(app.handler).get('/').set('accept', 'text/html');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/ui/');
  });

  it('startEmulator refuses a directory without index.html; the CLI takes --serve-ui or PREFECT_EMULATOR_SERVE_UI', async () => {
    await expect(startEmulator({ serveUi: join(dir, 'nope'), logLevel: 'silent' })).rejects.toThrow(/has no index\.html/);
    expect(resolveServeConfig({ serveUi: '/srv/ui' }, {}, { host: '127.0.0.1' }).serveUi).toBe('/srv/ui');
    expect(resolveServeConfig({}, { serveUi: '/env/ui' }, { host: '127.0.0.1' }).serveUi).toBe('/env/ui');
    expect(resolveServeConfig({}, {}, { host: '127.0.0.1' }).serveUi).toBeNull();
  });
});
