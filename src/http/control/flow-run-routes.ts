import { Router, type Request } from 'express';
import { badInput } from '../../domain/errors.js';
import { listRunViews } from '../../service/flow-run-view.js';
import type { EmulatorInstance } from '../../service/instance.js';

type Resolve = (req: Request) => EmulatorInstance;

const optionalQuery = (req: Request, name: string): string | undefined => {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw badInput(name, 'must be a single non-empty value');
  return value;
};

/** `GET /flow-runs`: every run with its states, task runs and who submitted it; `?tenant=<slug|id>&state=Running`. */
export const flowRunRoutes = (resolve: Resolve): Router => {
  const router = Router({ mergeParams: true });
  router.get('/flow-runs', (req, res) => {
    const instance = resolve(req);
    res.json({ flow_runs: listRunViews(instance.store.state, { tenant: optionalQuery(req, 'tenant'), state: optionalQuery(req, 'state') }) });
  });
  return router;
};
