import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDomainError, type ErrorCode } from '../domain/errors.js';
import { PersistenceError } from '../store/persistence-error.js';

/** Every error is one of these codes on the wire; never API_ERROR, which the 1.x client retries. */
export type WireErrorCode =
  | ErrorCode
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'PERSISTENCE_FAILED'
  | 'INTERNAL_SERVER_ERROR';

export const UNEXPECTED_MESSAGE = 'Unexpected error.';

/**
 * The edge where rule errors become GraphQL errors. Errors we did not anticipate are masked:
 * their text could carry anything, so it goes to the operator's log, not to the client.
 */
export const formatError = (error: GraphQLError, onUnexpected: (error: unknown) => void): GraphQLFormattedError => {
  const original = error.originalError;
  const base: { message: string; locations?: GraphQLFormattedError['locations']; path?: GraphQLFormattedError['path'] } = { message: error.message };
  if (error.locations) base.locations = error.locations;
  if (error.path) base.path = error.path;
  if (isDomainError(original)) {
    return { ...base, message: original.message, extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) } };
  }
  if (original instanceof PersistenceError) {
    // The client learns that nothing changed and why; the operator's log gets the details.
    onUnexpected(original);
    return { ...base, message: original.message, extensions: { code: 'PERSISTENCE_FAILED' } };
  }
  if (original && !(original instanceof GraphQLError)) {
    onUnexpected(original);
    return { ...base, message: UNEXPECTED_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  // Without a path the error came from checking the variables; with one, from executing.
  const code = (error.extensions?.code as string | undefined) ?? (error.path ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT');
  return { ...base, extensions: { ...error.extensions, code } };
};

export const requestError = (message: string, code: WireErrorCode = 'BAD_REQUEST'): GraphQLFormattedError => ({ message, extensions: { code } });
