import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Only the user's own tools may drive the emulator. Two checks, both cheap and per request:
 *
 * - `Host` (DNS rebinding): a page whose name is made to resolve to 127.0.0.1 reaches the
 *   emulator as "its own origin", but its requests still carry its name in `Host`. Only loopback
 *   names and addresses, the host the emulator was told to bind, and `--allow-host` names pass.
 * - `Origin` (cross-site requests): a browser names the page that sends a request. A state
 *   change from a page of another origin is refused, unless that origin is in `--allow-origin`.
 *   Requests without `Origin` are not from a page (the Prefect client, curl, test code) and pass.
 */
export interface RequestPolicy {
  /** The interface the emulator binds (a name or address); wildcards (0.0.0.0, ::) allow no name by themselves. */
  bindHost?: string;
  /** Host names (without port) accepted besides loopback and the bind host; `*` accepts any. */
  allowHosts?: readonly string[];
  /** Origins (`http://localhost:3000`) whose pages may change the state; `*` allows any. */
  allowOrigins?: readonly string[];
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** `localhost`, `*.localhost`, 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export const isLoopbackHost = (name: string): boolean => {
  const host = name.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host) || host === '0:0:0:0:0:0:0:1';
  return false;
};

/** The host name of a `Host` header value, lower-cased, without port or brackets; null when malformed. */
export const hostNameOf = (header: string): string | null => {
  try {
    const url = new URL(`http://${header}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || `${url.host}` === '') return null;
    return url.hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
};

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * What each `Host` value was found to be, per policy: a client sends the same one on every
 * request, and parsing it as a URL is a good part of a small request's cost. Bounded, since
 * the header is the client's to choose.
 */
const hostDecisions = new WeakMap<RequestPolicy, Map<string, boolean>>();
const HOST_DECISIONS = 64;

/** Whether the request's `Host` names this emulator. */
export const hostAllowed = (policy: RequestPolicy, req: IncomingMessage): boolean => {
  const host = header(req, 'host');
  // HTTP/1.0 clients may send none; every browser sends one, so rebinding cannot hide behind it.
  if (host === undefined) return true;
  let decisions = hostDecisions.get(policy);
  const known = decisions?.get(host);
  if (known !== undefined) return known;
  const allowed = decideHost(policy, host);
  if (!decisions) hostDecisions.set(policy, (decisions = new Map()));
  if (decisions.size >= HOST_DECISIONS) decisions.clear();
  decisions.set(host, allowed);
  return allowed;
};

const decideHost = (policy: RequestPolicy, host: string): boolean => {
  const name = hostNameOf(host);
  if (name === null) return false;
  if (isLoopbackHost(name)) return true;
  const allowed = policy.allowHosts ?? [];
  if (allowed.includes('*')) return true;
  const bind = (policy.bindHost ?? '').toLowerCase().replace(/^\[|\]$/g, '');
  if (!WILDCARDS.has(bind) && name === bind) return true;
  return allowed.some((h) => h.toLowerCase() === name);
};

/** Whether the request comes from no page at all, from the emulator's own pages, or from an allowed origin. */
export const originAllowed = (policy: RequestPolicy, req: IncomingMessage): boolean => {
  const origin = header(req, 'origin');
  if (origin === undefined) return true;
  const allowed = policy.allowOrigins ?? [];
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  const host = header(req, 'host');
  if (host === undefined) return false;
  try {
    // `Origin: null` (sandboxed frames, file: pages) does not parse, and is refused.
    const from = new URL(origin);
    const own = new URL(`${from.protocol}//${host}`);
    return (from.protocol === 'http:' || from.protocol === 'https:') && from.host === own.host;
  } catch {
    return false;
  }
};

export const HOST_REFUSED = 'This Host is not one of the emulator\'s names. Use 127.0.0.1 or localhost, or start the emulator with --allow-host <name> (PREFECT_EMULATOR_ALLOW_HOST).';
export const ORIGIN_REFUSED = 'Cross-site request refused: a page of another origin may not change the emulator\'s state. Start the emulator with --allow-origin <origin> (PREFECT_EMULATOR_ALLOW_ORIGIN) to allow it.';
