import { Router } from 'express';
import { badInput } from '../../domain/errors.js';
import type { Emulator } from '../../service/emulator.js';
import type { EmulatorInstance } from '../../service/instance.js';
import { fixtureFromBody } from './fixture-input.js';
import { instantFrom } from './time-input.js';

const describe = (instance: EmulatorInstance, origin: string) => ({
  id: instance.id,
  fixture: instance.source,
  url: `${origin}/sandboxes/${instance.id}`,
  graphqlUrl: `${origin}/sandboxes/${instance.id}/graphql`,
  controlUrl: `${origin}/sandboxes/${instance.id}/__emulator`,
});

/**
 * Sandboxes: isolated emulators in the same process, each with its own state, clock and
 * request log, under `/sandboxes/<id>/…`. Created from the main emulator's fixture unless the
 * body names another (`fixture`, or `generate` + `seed`); `frozenAt` freezes its clock.
 */
export const sandboxRoutes = (emulator: Emulator, publicUrl?: () => string): Router => {
  const router = Router();
  // The configured origin, never a name taken from the request; a handler mounted without one
  // (tests) answers with the Host it was reached by, which the Host check has already accepted.
  const originOf = (host: string | undefined, protocol: string): string => publicUrl?.() ?? `${protocol}://${host ?? 'localhost'}`;

  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw badInput('body', 'must be a JSON object');
    const fixture = fixtureFromBody(body);
    const frozenAt = body.frozenAt === undefined || body.frozenAt === null ? null : instantFrom(body.frozenAt, 'frozenAt');
    if (body.id !== undefined && typeof body.id !== 'string') throw badInput('id', 'must be a string');
    const mainOrigin = emulator.mainOrigin();
    const instance = await emulator.createSandbox({
      ...(typeof body.id === 'string' ? { id: body.id } : {}),
      origin: { ...(fixture ?? mainOrigin), clock: { frozenAt, offsetMs: 0 } },
    });
    res.status(201).json(describe(instance, originOf(req.headers.host, req.protocol)));
  });
  router.get('/', (req, res) => {
    res.json({ sandboxes: emulator.listSandboxes().map((s) => describe(s, originOf(req.headers.host, req.protocol))) });
  });
  router.delete('/:id', async (req, res) => {
    await emulator.deleteSandbox(req.params.id);
    res.json({ deleted: true });
  });
  return router;
};
