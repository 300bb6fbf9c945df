import type { NextFunction, Request, Response } from 'express';
import { badInput } from '../../domain/errors.js';
import { jsonDepthProblem } from '../../domain/json-input.js';

/**
 * Refuses a body nested deeper than the limit before any route walks it: validation, the
 * state's export and JSON.stringify all recurse, and 20,000 levels overflow the stack.
 */
export const boundedDepth = (req: Request, _res: Response, next: NextFunction): void => {
  const deep = req.body === undefined ? null : jsonDepthProblem(req.body);
  if (deep) throw badInput('body', deep);
  next();
};
