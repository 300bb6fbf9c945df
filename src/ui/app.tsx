import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, apiBase, describeError, graphql, isUnauthenticated } from './api';
import type { Credentials } from './api';
import { roleLabel } from './format';
import { AUTH_INFO, TENANTS, USER } from './queries';
import type { AuthInfo, Me, TenantRef } from './queries';
import { ApiKeys } from './screens/ApiKeys';
import { Emulator } from './screens/Emulator';
import { FlowRuns } from './screens/FlowRuns';
import { Members } from './screens/Members';
import { Roles } from './screens/Roles';
import { ServiceAccounts } from './screens/ServiceAccounts';
import { SignIn } from './screens/SignIn';
import { roleNameIn } from './session';
import type { Identity, Session } from './session';
import { load, save } from './storage';

type Route = 'keys' | 'service-accounts' | 'members' | 'roles' | 'flow-runs' | 'emulator';

const TITLES: Record<Route, string> = {
  keys: 'API Keys',
  'service-accounts': 'Service Accounts',
  members: 'Members',
  roles: 'Roles',
  'flow-runs': 'Flow Runs',
  emulator: 'Emulator panel',
};

function routeOf(hash: string): Route {
  const r = hash.replace(/^#\/?/, '');
  return r === 'service-accounts' || r === 'members' || r === 'roles' || r === 'flow-runs' || r === 'emulator' ? r : 'keys';
}

/** Ask who the key is, which tenant it is bound to, and what the user's tenants are. */
async function loadIdentity(base: string, apiKey: string, preferredTenant: string | null): Promise<Identity> {
  // Without a tenant header, auth_info answers for the tenant the key is bound to.
  const first = (await graphql<{ auth_info: AuthInfo }>(base, { apiKey, tenantId: null }, AUTH_INFO)).auth_info;
  const keyTenant = first.tenant_id;
  if (!keyTenant) {
    throw new ApiError('graphql', 'This looks like an API token, not an API key: it is bound to no tenant.', 'UNAUTHENTICATED');
  }
  const creds: Credentials = { apiKey, tenantId: keyTenant };
  const [tenants, me] = await Promise.all([
    graphql<{ tenant: TenantRef[] }>(base, creds, TENANTS),
    graphql<{ user: Me | Me[] | null }>(base, creds, USER),
  ]);
  const user = Array.isArray(me.user) ? me.user[0] : me.user;
  if (!user) throw new ApiError('graphql', 'The emulator returned no user for this key.');
  const memberTenants = user.memberships.map((m) => m.tenant).filter((t): t is TenantRef => !!t);
  const known = [...tenants.tenant, ...memberTenants];
  const bound = known.find((t) => t.id === keyTenant) ?? { id: keyTenant, name: keyTenant, slug: keyTenant };
  const usableTenants = [bound];
  const otherTenants = memberTenants.filter((t) => t.id !== keyTenant);
  let tenantId = keyTenant;
  let authInfo = first;
  if (preferredTenant && preferredTenant !== keyTenant && usableTenants.some((t) => t.id === preferredTenant)) {
    authInfo = (await graphql<{ auth_info: AuthInfo }>(base, { apiKey, tenantId: preferredTenant }, AUTH_INFO)).auth_info;
    tenantId = preferredTenant;
  }
  return { authInfo, me: user, tenantId, usableTenants, otherTenants };
}

export function App() {
  const base = useMemo(() => apiBase(window.location.pathname), []);
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.hash));
  const [apiKey, setApiKey] = useState<string | null>(() => load('api-key'));
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [signInError, setSignInError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [lostAuth, setLostAuth] = useState<unknown>(null);
  const [adminToken, setAdminTokenState] = useState<string | null>(() => load('admin-token'));

  useEffect(() => {
    const onHash = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const signIn = useCallback(
    async (key: string) => {
      setBusy(true);
      setSignInError(null);
      try {
        const id = await loadIdentity(base, key, load('tenant-id'));
        save('api-key', key);
        save('tenant-id', id.tenantId);
        setApiKey(key);
        setIdentity(id);
        setLostAuth(null);
      } catch (e) {
        save('api-key', null);
        save('tenant-id', null);
        setApiKey(null);
        setIdentity(null);
        setSignInError(e);
      } finally {
        setBusy(false);
      }
    },
    [base],
  );

  // A key saved earlier in this tab: sign in with it again after a reload.
  useEffect(() => {
    if (apiKey && !identity) void signIn(apiKey);
  }, []);

  const signOut = () => {
    save('api-key', null);
    save('tenant-id', null);
    setApiKey(null);
    setIdentity(null);
    setLostAuth(null);
    setSignInError(null);
  };

  const switchTenant = async (tenantId: string) => {
    if (!apiKey || !identity || tenantId === identity.tenantId) return;
    try {
      const info = (await graphql<{ auth_info: AuthInfo }>(base, { apiKey, tenantId }, AUTH_INFO)).auth_info;
      save('tenant-id', tenantId);
      setIdentity({ ...identity, authInfo: info, tenantId });
    } catch (e) {
      setLostAuth(e);
    }
  };

  const setAdminToken = (token: string | null) => {
    save('admin-token', token);
    setAdminTokenState(token);
  };

  const session = useMemo<Session | null>(() => {
    if (!apiKey || !identity) return null;
    const creds: Credentials = { apiKey, tenantId: identity.tenantId };
    const names = new Map<string, string>();
    for (const m of identity.me.memberships) if (m.tenant) names.set(m.tenant.id, m.tenant.name);
    for (const t of identity.usableTenants) names.set(t.id, t.name);
    return {
      base,
      identity,
      adminToken,
      async gql<T>(query: string, variables?: Record<string, unknown>) {
        try {
          return await graphql<T>(base, creds, query, variables);
        } catch (e) {
          if (isUnauthenticated(e)) setLostAuth(e);
          throw e;
        }
      },
      tenantName: (id) => (id ? (names.get(id) ?? id) : 'No tenant'),
    };
  }, [base, apiKey, identity, adminToken]);

  useEffect(() => {
    const screen = route === 'emulator' || session ? TITLES[route] : 'Sign in';
    document.title = `${screen} · Prefect Cloud emulator`;
  }, [route, session]);

  let screen;
  if (route === 'emulator') {
    screen = <Emulator base={base} adminToken={adminToken} onAdminToken={setAdminToken} />;
  } else if (!session) {
    screen = apiKey && busy && !signInError
      ? <p class="loading">Signing in…</p>
      : <SignIn onSignIn={signIn} error={signInError} busy={busy} />;
  } else if (route === 'members') {
    screen = <Members key={`${session.identity.tenantId}`} session={session} />;
  } else if (route === 'roles') {
    screen = <Roles key={`${session.identity.tenantId}`} session={session} />;
  } else if (route === 'service-accounts') {
    screen = <ServiceAccounts key={`${session.identity.tenantId}`} session={session} />;
  } else if (route === 'flow-runs') {
    screen = <FlowRuns key={`${session.identity.tenantId}`} session={session} />;
  } else {
    screen = <ApiKeys key={`${session.identity.tenantId}`} session={session} />;
  }

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>Skip to content</a>
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">◆</span> Prefect Cloud <span class="brand-sub">emulator</span>
        </div>
        <nav aria-label="Main">
          <ul class="nav">
            <NavLink route="keys" current={route} section={session ? 'User' : null} label={session ? 'API Keys' : 'Sign in'} />
            {session ? <NavLink route="service-accounts" current={route} section="Team" label="Service Accounts" /> : null}
            {session ? <NavLink route="members" current={route} section="Team" label="Members" /> : null}
            {session ? <NavLink route="roles" current={route} section="Team" label="Roles" /> : null}
            {session ? <NavLink route="flow-runs" current={route} section={null} label="Flow Runs" /> : null}
            <NavLink route="emulator" current={route} section={null} label="Emulator" />
          </ul>
        </nav>
        {session ? <WhoAmI identity={session.identity} onSwitch={switchTenant} onSignOut={signOut} /> : null}
      </header>
      <main id="main" tabIndex={-1}>
        {lostAuth && session && route !== 'emulator' ? (
          <div class="notice notice-error" role="alert">
            <p>
              {describeError(lostAuth)} {isUnauthenticated(lostAuth) ? 'Sign out and sign in again with a valid key.' : ''}
            </p>
            <button type="button" class="button button-small" onClick={signOut}>Sign out</button>
          </div>
        ) : null}
        {/* What the screen showed before its key stopped working is no longer true: don't show it. */}
        {lostAuth && session && route !== 'emulator' && isUnauthenticated(lostAuth) ? null : screen}
      </main>
    </>
  );
}

function NavLink(props: { route: Route; current: Route; section: string | null; label: string }) {
  const current = props.route === props.current;
  return (
    <li>
      <a href={`#/${props.route}`} class={current ? 'active' : undefined} aria-current={current ? 'page' : undefined}>
        {props.section ? <span class="nav-section">{props.section} › </span> : null}
        {props.label}
      </a>
    </li>
  );
}

function WhoAmI(props: { identity: Identity; onSwitch: (tenantId: string) => void; onSignOut: () => void }) {
  const { identity } = props;
  const role = roleNameIn(identity.me, identity.tenantId);
  const tenant = identity.usableTenants.find((t) => t.id === identity.tenantId);
  return (
    <div class="whoami" aria-label="Signed in">
      <div class="whoami-text">
        <span class="whoami-user" data-testid="whoami-username">{identity.me.username}</span>
        <span class="whoami-role" data-testid="whoami-role">{roleLabel(role)}</span>
      </div>
      <label class="tenant-switcher">
        <span class="tenant-label">Tenant</span>
        <select value={identity.tenantId} onChange={(e) => props.onSwitch(e.currentTarget.value)}
          title={identity.otherTenants.length
            ? `Your other tenants (${identity.otherTenants.map((t) => t.name).join(', ')}) need a key of their own.`
            : undefined}>
          {identity.usableTenants.map((t) => (
            <option key={t.id} value={t.id}>{t.name}</option>
          ))}
        </select>
      </label>
      <span class="visually-hidden" data-testid="whoami-tenant">{tenant?.name ?? identity.tenantId}</span>
      <button type="button" class="button button-small" onClick={props.onSignOut}>Sign out</button>
    </div>
  );
}
