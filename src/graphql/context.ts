import type { Authentication } from '../domain/auth.js';
import { isUuid } from '../domain/validation.js';
import type { UseCaseContext } from '../service/context.js';
import type { EmulatorInstance } from '../service/instance.js';

/** Per request: the emulator it is addressed to and who is calling. */
export interface GraphQLContext {
  instance: EmulatorInstance;
  auth: Authentication;
  useCase: UseCaseContext;
}

export const createContext = (
  instance: EmulatorInstance,
  authorization: string | undefined,
  tenantHeader: string | undefined,
  agentHeader?: string,
): GraphQLContext => {
  const auth = instance.authenticate(authorization, tenantHeader);
  const useCase = instance.context(auth);
  // Which agent submits a run: its id, as the 1.x agent sends it on every request after registering.
  if (agentHeader && isUuid(agentHeader)) useCase.agentId = agentHeader.toLowerCase();
  return { instance, auth, useCase };
};
