import type { NextFunction, Request, Response } from 'express';
import { isDomainError, type ErrorCode } from '../../domain/errors.js';
import { redactKeys } from '../../domain/keys.js';
import type { Logger } from '../../service/logger.js';
import { PersistenceError } from '../../store/persistence-error.js';

const STATUS: Record<ErrorCode, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VERSION_LOCKING_ERROR: 409 };

export class ControlError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Control API errors: `{ "error": { "code", "message", "field"? } }` with a matching status. */
export const controlErrorHandler = (logger: Logger) => (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
  // Messages may quote the request (an unknown sandbox, fixture, duration or spec): a key pasted
  // into the wrong place must not come back.
  const send = (status: number, code: string, message: string, field?: string): void => {
    res.status(status).json({ error: { code, message: redactKeys(message), ...(field ? { field } : {}) } });
  };
  // A malformed %-escape in a path parameter (express decodes them) names nothing that exists.
  if (error instanceof URIError) return send(404, 'NOT_FOUND', 'Not found: the path has a malformed %-escape.');
  if (isDomainError(error)) return send(STATUS[error.code], error.code, error.message, error.field);
  if (error instanceof ControlError) return send(error.status, error.code, error.message);
  if (error instanceof PersistenceError) {
    logger.error(`control API: ${error.message} (${String((error.cause as Error | undefined)?.message ?? error.reason ?? '')})`);
    // 507 Insufficient Storage says "retry once there is room"; other write failures are 503.
    return send(error.outOfSpace ? 507 : 503, 'PERSISTENCE_FAILED', error.message);
  }
  const status = (error as { status?: number; type?: string }).status;
  if (status === 413) return send(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the limit.');
  if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') return send(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  // body-parser: a charset it cannot decode, or a Content-Encoding it does not know.
  if (status === 415) return send(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body\'s charset or encoding is not supported (send UTF-8 JSON).');
  logger.error(redactKeys(`unexpected control API error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  send(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
};
