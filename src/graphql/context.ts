import { parseAuthorization, type Authentication } from '../domain/auth.js';
import { isUuid } from '../domain/validation.js';
import type { UseCaseContext } from '../service/context.js';
import type { EmulatorInstance } from '../service/instance.js';

/** Per request: the emulator it is addressed to and who is calling. */
export interface GraphQLContext {
  instance: EmulatorInstance;
  auth: Authentication;
  useCase: UseCaseContext;
  /** The bearer as sent: `refresh_token` and `log_out` take a session's refresh token there. */
  bearer: string | undefined;
  /** The X-Prefect-Core-Version header: the Prefect client's version, recorded on agents. */
  coreVersion?: string | null;
  /**
   * Resolves the caller again from the request's credentials, as the state is now. Each root
   * field of a mutation runs after the previous one's write is durable, and other requests may
   * have revoked the key or changed the role meanwhile: every field acts with the caller as
   * they are when it starts (see `recheckCallerPerField`).
   */
  reauthenticate(): void;
}

export const createContext = (
  instance: EmulatorInstance, authorization: string | undefined, tenantHeader: string | undefined, coreVersion?: string, agentHeader?: string,
): GraphQLContext => {
  // Which agent submits a run: its id, as the 1.x agent sends it on every request after registering.
  const agentId = agentHeader && isUuid(agentHeader) ? agentHeader.toLowerCase() : undefined;
  const useCaseFor = (auth: Authentication): UseCaseContext => {
    const useCase = instance.context(auth);
    if (agentId) useCase.agentId = agentId;
    return useCase;
  };
  const auth = instance.authenticate(authorization, tenantHeader);
  const credentials = parseAuthorization(authorization);
  const ctx: GraphQLContext = {
    instance,
    auth,
    useCase: useCaseFor(auth),
    coreVersion: coreVersion ?? null,
    bearer: credentials.kind === 'bearer' ? credentials.secret : undefined,
    reauthenticate: () => {
      ctx.auth = instance.authenticate(authorization, tenantHeader);
      ctx.useCase = useCaseFor(ctx.auth);
    },
  };
  return ctx;
};
