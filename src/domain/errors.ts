/**
 * Errors the rules raise, with stable codes. The GraphQL and HTTP edges map the codes to
 * `extensions.code` and status codes; nothing here knows about either.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  /** A state write named a version that is no longer the current one (the 1.x client re-reads and carries on). */
  | 'VERSION_LOCKING_ERROR';

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** The input path the error is about (`input.expires_at`), for BAD_USER_INPUT. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }
}

export const unauthenticated = (message: string): DomainError => new DomainError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Unauthorized'): DomainError => new DomainError('FORBIDDEN', message);
export const notFound = (message: string): DomainError => new DomainError('NOT_FOUND', message);
export const badInput = (field: string, message: string): DomainError =>
  new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field);

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
