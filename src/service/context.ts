import type { Clock } from '../clock/clock.js';
import type { Authentication } from '../domain/auth.js';
import type { Store } from '../store/store.js';

/** What every use case works with: the state, the emulator's clock, and who is asking. */
export interface UseCaseContext {
  store: Store;
  clock: Clock;
  auth: Authentication;
  /** The `X-Prefect-Agent-ID` an agent sends after registering, when present. */
  agentId?: string | undefined;
}
