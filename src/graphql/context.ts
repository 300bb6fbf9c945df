import { parseAuthorization, type Authentication, type Credentials } from '../domain/auth.js';
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

/** A class rather than a literal with closures: one object a request, the header parsed once. */
class RequestContext implements GraphQLContext {
  auth: Authentication;
  useCase: UseCaseContext;
  readonly bearer: string | undefined;
  readonly coreVersion: string | null;

  constructor(
    readonly instance: EmulatorInstance,
    private readonly credentials: Credentials,
    private readonly tenantHeader: string | undefined,
    coreVersion: string | undefined,
    /** Which agent submits a run: its id, as the 1.x agent sends it on every request after registering. */
    private readonly agentId: string | undefined,
  ) {
    this.bearer = credentials.kind === 'bearer' ? credentials.secret : undefined;
    this.coreVersion = coreVersion ?? null;
    this.auth = instance.authenticateWith(credentials, tenantHeader);
    this.useCase = this.useCaseFor(this.auth);
  }

  reauthenticate(): void {
    this.auth = this.instance.authenticateWith(this.credentials, this.tenantHeader);
    this.useCase = this.useCaseFor(this.auth);
  }

  private useCaseFor(auth: Authentication): UseCaseContext {
    const useCase = this.instance.context(auth);
    if (this.agentId) useCase.agentId = this.agentId;
    return useCase;
  }
}

export const createContext = (
  instance: EmulatorInstance, authorization: string | undefined, tenantHeader: string | undefined, coreVersion?: string, agentHeader?: string,
): GraphQLContext => {
  const agentId = agentHeader && isUuid(agentHeader) ? agentHeader.toLowerCase() : undefined;
  return new RequestContext(instance, parseAuthorization(authorization), tenantHeader, coreVersion, agentId);
};
