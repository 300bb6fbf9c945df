import type { NextFunction, Request, Response } from 'express';
import { badInput } from '../../domain/errors.js';
import { jsonDepthProblem } from '../../domain/json-input.js';
import { ORIGIN_REFUSED, originAllowed, type RequestPolicy } from '../request-policy.js';
import { ControlError } from './errors.js';

/**
 * Refuses a body nested deeper than the limit before any route walks it: validation, the
 * state's export and JSON.stringify all recurse, and 20,000 levels overflow the stack.
 */
export const boundedDepth = (req: Request, _res: Response, next: NextFunction): void => {
  const deep = req.body === undefined ? null : jsonDepthProblem(req.body);
  if (deep) throw badInput('body', deep);
  next();
};

/** Control requests from a page of another origin are refused (see request-policy.ts). */
export const sameOriginOnly = (policy: RequestPolicy) => (req: Request, _res: Response, next: NextFunction): void => {
  if (!originAllowed(policy, req)) throw new ControlError(403, 'FORBIDDEN', ORIGIN_REFUSED);
  next();
};

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * A control request's body is JSON, said so: a page can send `text/plain`, form and multipart
 * bodies cross-site without asking first, and those would otherwise read as an empty object.
 * A request with no body and no content type (`curl -X POST …/reset`) is an empty object.
 */
export const jsonBodyOnly = (req: Request, _res: Response, next: NextFunction): void => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const type = req.headers['content-type'];
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if ((type !== undefined || hasBody) && !JSON_TYPE.test(type ?? '')) {
    throw new ControlError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The control API takes JSON bodies: send Content-Type: application/json.');
  }
  next();
};
