import type { Request } from 'express';
import { badInput } from '../../domain/errors.js';

/** A control request's JSON body as an object; no body is an empty one. */
export const bodyOf = (req: Request): Record<string, unknown> => {
  const body: unknown = req.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badInput('body', 'must be a JSON object');
  return body as Record<string, unknown>;
};
