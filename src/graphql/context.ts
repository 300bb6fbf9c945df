import type { Authentication } from '../domain/auth.js';
import type { UseCaseContext } from '../service/context.js';
import type { EmulatorInstance } from '../service/instance.js';

/** Per request: the emulator it is addressed to and who is calling. */
export interface GraphQLContext {
  instance: EmulatorInstance;
  auth: Authentication;
  useCase: UseCaseContext;
  /** The X-Prefect-Core-Version header: the Prefect client's version, recorded on agents. */
  coreVersion?: string | null;
}

export const createContext = (
  instance: EmulatorInstance, authorization: string | undefined, tenantHeader: string | undefined, coreVersion?: string,
): GraphQLContext => {
  const auth = instance.authenticate(authorization, tenantHeader);
  return { instance, auth, useCase: instance.context(auth), coreVersion: coreVersion ?? null };
};
