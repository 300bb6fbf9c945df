/**
 * The UI's only ways to talk to the emulator: the public GraphQL endpoint (with an API key) and the
 * JSON control API under `__emulator/` (with the admin token when the emulator has one).
 * URLs are relative to the directory that holds `ui/`, so the UI works at `/ui/` and under a sandbox
 * prefix such as `/sandboxes/<id>/ui/`. Neither the key nor the admin token is ever logged or put in a URL.
 */

/** The path prefix the API lives under: everything in `pathname` before `ui/` (always ends with `/`). */
export function apiBase(pathname: string): string {
  const i = pathname.lastIndexOf('/ui/');
  if (i >= 0) return pathname.slice(0, i + 1);
  if (pathname.endsWith('/ui')) return pathname.slice(0, -2);
  return '/';
}

export type ErrorKind = 'graphql' | 'http' | 'network' | 'admin-token';

/** A failed call, with what the emulator said; `describeError` turns it into words for the page. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly code: string | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export function isUnauthenticated(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'UNAUTHENTICATED';
}

/** What went wrong, in a sentence a person can act on. */
export function describeError(e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const said = e.message ? ` The emulator said: “${e.message}”.` : '';
  switch (e.kind) {
    case 'network':
      return `The emulator could not be reached (${e.message}). Is it still running?`;
    case 'admin-token':
      return 'The emulator was started with an admin token: enter it to use the emulator controls.';
    case 'http':
      return `The emulator answered with HTTP ${e.status ?? '?'}.${said}`;
    case 'graphql':
      switch (e.code) {
        case 'UNAUTHENTICATED':
          return `Not authenticated (UNAUTHENTICATED): the API key was not accepted. It may be mistyped, revoked, expired, or belong to a deleted service account.${said}`;
        case 'FORBIDDEN':
          return `Not allowed (FORBIDDEN): your role in this tenant does not permit this.${said}`;
        case 'BAD_USER_INPUT':
          return `The request was rejected as invalid (BAD_USER_INPUT).${said}`;
        default:
          return `The request failed${e.code ? ` (${e.code})` : ''}.${said}`;
      }
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new ApiError('network', e instanceof Error ? e.message : String(e));
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('http', 'the response was not JSON', null, res.status);
  }
}

export interface Credentials {
  apiKey: string;
  /** Sent as `X-Prefect-Tenant-ID` when set. */
  tenantId: string | null;
}

/** `POST <base>graphql` with `Authorization: Bearer <key>`; throws `ApiError` on any GraphQL error. */
export async function graphql<T>(
  base: string,
  creds: Credentials,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    Authorization: `Bearer ${creds.apiKey}`,
  };
  if (creds.tenantId) headers['X-Prefect-Tenant-ID'] = creds.tenantId;
  const res = await send(`${base}graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: variables ?? null }),
    cache: 'no-store',
    credentials: 'omit',
  });
  const body = (await readJson(res)) as GraphQLResponse<T> | null;
  const first = body?.errors?.[0];
  if (first) {
    const messages = (body?.errors ?? []).map((err) => err.message ?? '').filter(Boolean);
    throw new ApiError('graphql', messages.join('; '), first.extensions?.code ?? null, res.status);
  }
  if (!res.ok) throw new ApiError('http', res.statusText, null, res.status);
  if (!body?.data) throw new ApiError('graphql', 'the response had no data', null, res.status);
  return body.data;
}

/** The JSON control API under `<base>__emulator/`. A 401 means the admin token is missing or wrong. */
export async function control<T>(
  base: string,
  adminToken: string | null,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method === 'POST') headers['Content-Type'] = 'application/json';
  if (adminToken) headers.Authorization = `Bearer ${adminToken}`;
  const res = await send(`${base}__emulator/${path}`, {
    method,
    headers,
    body: method === 'POST' ? JSON.stringify(body ?? {}) : null,
    cache: 'no-store',
    credentials: 'omit',
  });
  if (res.status === 401) {
    throw new ApiError('admin-token', adminToken ? 'the admin token was not accepted' : 'an admin token is required', null, 401);
  }
  const json = await readJson(res);
  if (!res.ok) {
    const message = errorMessageOf(json) ?? res.statusText;
    throw new ApiError('http', message, null, res.status);
  }
  return json as T;
}

function errorMessageOf(json: unknown): string | null {
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (typeof o.message === 'string') return o.message;
    if (typeof o.error === 'string') return o.error;
    if (o.error && typeof o.error === 'object' && typeof (o.error as Record<string, unknown>).message === 'string') {
      return (o.error as Record<string, string>).message ?? null;
    }
  }
  return null;
}
