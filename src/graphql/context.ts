import { parseAuthorization, type Authentication } from '../domain/auth.js';
import type { UseCaseContext } from '../service/context.js';
import type { EmulatorInstance } from '../service/instance.js';

/** Per request: the emulator it is addressed to and who is calling. */
export interface GraphQLContext {
  instance: EmulatorInstance;
  auth: Authentication;
  useCase: UseCaseContext;
  /** The bearer as sent: `refresh_token` and `log_out` take a session's refresh token there. */
  bearer: string | undefined;
}

export const createContext = (instance: EmulatorInstance, authorization: string | undefined, tenantHeader: string | undefined): GraphQLContext => {
  const auth = instance.authenticate(authorization, tenantHeader);
  const credentials = parseAuthorization(authorization);
  return { instance, auth, useCase: instance.context(auth), bearer: credentials.kind === 'bearer' ? credentials.secret : undefined };
};
