import { isDomainError } from '../domain/errors.js';

/**
 * `{ success, error }` mutations report "not found" in the payload, as Cloud 1.0 did (the 1.x
 * CLI prints "Unable to revoke key" on `success: false`); every other error is a GraphQL error.
 */
export const successPayload = async (work: () => Promise<void>): Promise<{ success: boolean; error: string | null }> => {
  try {
    await work();
    return { success: true, error: null };
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return { success: false, error: error.message };
    throw error;
  }
};
