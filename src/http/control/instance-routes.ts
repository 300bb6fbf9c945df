import { Router, type Request } from 'express';
import { badInput } from '../../domain/errors.js';
import type { EmulatorInstance } from '../../service/instance.js';
import { fixtureFromBody } from './fixture-input.js';
import { flowRunRoutes } from './flow-run-routes.js';
import { forwardDurationFrom, instantFrom } from './time-input.js';

type Resolve = (req: Request) => EmulatorInstance;

const bodyOf = (req: Request): Record<string, unknown> => {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badInput('body', 'must be a JSON object');
  return body as Record<string, unknown>;
};

export const clockView = (instance: EmulatorInstance) => {
  const { frozenAt, offsetMs } = instance.clock.state();
  return { now: new Date(instance.clock.now()).toISOString(), frozen: frozenAt !== null, offsetMs };
};

/**
 * The controls of one emulator (the main one or a sandbox): clock, reset, snapshots, keys for
 * tests and the request log.
 */
export const instanceRoutes = (resolve: Resolve): Router => {
  const router = Router({ mergeParams: true });

  router.get('/clock', (req, res) => { res.json(clockView(resolve(req))); });
  router.post('/clock/freeze', (req, res) => {
    const instance = resolve(req);
    const { at } = bodyOf(req);
    instance.clock.freeze(at === undefined ? undefined : instantFrom(at, 'at'));
    res.json(clockView(instance));
  });
  router.post('/clock/unfreeze', (req, res) => {
    const instance = resolve(req);
    instance.clock.unfreeze();
    res.json(clockView(instance));
  });
  router.post('/clock/set', (req, res) => {
    const instance = resolve(req);
    instance.clock.set(instantFrom(bodyOf(req).at, 'at'));
    res.json(clockView(instance));
  });
  router.post('/clock/advance', (req, res) => {
    const instance = resolve(req);
    instance.clock.advance(forwardDurationFrom(bodyOf(req).by, 'by', instance.clock.now()));
    res.json(clockView(instance));
  });

  router.post('/reset', async (req, res) => {
    const instance = resolve(req);
    const origin = fixtureFromBody(bodyOf(req));
    await instance.reset(origin ?? undefined);
    res.json({ reset: true, fixture: instance.source, clock: clockView(instance) });
  });

  router.get('/snapshot', (req, res) => { res.json(resolve(req).exportSnapshot()); });
  const restore = async (req: Request, res: import('express').Response): Promise<void> => {
    const instance = resolve(req);
    await instance.importSnapshot(req.body);
    res.json({ restored: true, clock: clockView(instance) });
  };
  router.put('/snapshot', restore);
  router.post('/snapshot', restore);

  router.post('/keys', async (req, res) => {
    res.status(201).json(await resolve(req).mintKey(bodyOf(req)));
  });
  router.get('/fixture-keys', (req, res) => {
    // Metadata only: a caller over HTTP gets plaintext by minting, never by reading it back.
    res.json({ keys: resolve(req).fixtureKeys.map(({ key: _key, ...rest }) => rest) });
  });

  router.get('/requests', (req, res) => {
    const raw = req.query.limit;
    const limit = raw === undefined ? 100 : Number(raw);
    if (!Number.isInteger(limit) || limit < 0) throw badInput('limit', 'must be a whole number ≥ 0');
    res.json({ requests: resolve(req).log.recent(limit) });
  });
  router.delete('/requests', (req, res) => {
    resolve(req).log.clear();
    res.json({ cleared: true });
  });

  router.use(flowRunRoutes(resolve));

  return router;
};
