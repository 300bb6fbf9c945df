import { ApiError, control } from './api';
import type { AuthInfo, Me, TenantRef } from './queries';

/** Who the API key says you are, in the tenant you picked. */
export interface Identity {
  authInfo: AuthInfo;
  me: Me;
  /** The tenant the requests go to (sent as X-Prefect-Tenant-ID). */
  tenantId: string;
  /** The tenants this key may use: a key is bound to exactly one. */
  usableTenants: TenantRef[];
  /** The user's other tenants, which need a key of their own. */
  otherTenants: TenantRef[];
}

/** What a signed-in screen gets from the app. */
export interface Session {
  base: string;
  identity: Identity;
  adminToken: string | null;
  /** GraphQL as the signed-in key, in the selected tenant. */
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  tenantName(id: string | null): string;
}

export interface EmulatorClock {
  now: string;
  frozen: boolean;
}

export interface ClockReading {
  now: Date;
  frozen: boolean | null;
  /** `browser` when the emulator's clock could not be read (then `error` says why). */
  source: 'emulator' | 'browser';
  error: unknown;
}

/** The emulator's now (what key expiry is judged against), or this computer's as a fallback. */
export async function readClock(base: string, adminToken: string | null): Promise<ClockReading> {
  try {
    const c = await control<EmulatorClock>(base, adminToken, 'GET', 'clock');
    const now = new Date(c.now);
    if (Number.isNaN(now.getTime())) throw new ApiError('http', 'the clock answered without a valid time');
    return { now, frozen: c.frozen, source: 'emulator', error: null };
  } catch (e) {
    return { now: new Date(), frozen: null, source: 'browser', error: e };
  }
}

export function roleNameIn(me: Me, tenantId: string): string | null {
  return me.memberships.find((m) => m.tenant?.id === tenantId)?.role_detail?.name ?? null;
}
