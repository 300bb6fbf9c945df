/**
 * What the security suites share: a real listening HTTP server in front of createTestApp's
 * handler (one keep-alive connection, so thousands of cells stay fast), a registry of every
 * secret a suite has seen, and a scanner that reports leaks by label, never by value.
 */
import { Agent, createServer, request, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GqlBody, GqlResult } from '../helpers/graphql.js';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export type { GqlBody } from '../helpers/graphql.js';

export interface GqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  /** Send variables as a JSON string, as the Prefect 1.x client does (default true). */
  stringVariables?: boolean;
  /** The raw Authorization header value, if any. */
  authorization?: string;
  /** X-Prefect-Tenant-ID, if any. */
  tenant?: string;
  path?: string;
}

/** A GraphQL answer over the live socket: the raw HTTP result too, and what was sent. */
export interface LiveGqlResult extends HttpResult, GqlResult {
  /** The exact request body sent, for "did the request itself contain this string" checks. */
  sent: string;
}

export interface LiveServer {
  url: string;
  raw(method: string, path: string, body?: string | Buffer, headers?: Record<string, string>): Promise<HttpResult>;
  gql(req: GqlRequest): Promise<LiveGqlResult>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with `handler`; requests go over one kept-alive socket. */
export const listen = async (handler: RequestListener): Promise<LiveServer> => {
  const server: Server = createServer({ keepAlive: true }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });

  const raw: LiveServer['raw'] = (method, path, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const req = request({
        host: '127.0.0.1', port, path, method, agent,
        headers: { ...(payload ? { 'content-length': String(payload.length) } : {}), ...headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });

  return {
    url: `http://127.0.0.1:${port}`,
    raw,
    gql: async (r) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-prefect-core-version': '1.4.1' };
      if (r.authorization !== undefined) headers.authorization = r.authorization;
      if (r.tenant !== undefined) headers['x-prefect-tenant-id'] = r.tenant;
      const variables = r.stringVariables === false ? (r.variables ?? null) : JSON.stringify(r.variables ?? null);
      const sent = JSON.stringify({ query: r.query, variables });
      const res = await raw('POST', r.path ?? '/graphql', sent, headers);
      return { ...res, body: (res.json ?? {}) as GqlBody, sent: `${sent}\n${r.authorization ?? ''}\n${r.tenant ?? ''}` };
    },
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export const bearer = (key: string): string => `Bearer ${key}`;

/** The error codes of a GraphQL body, in order. */
export const errorCodes = (body: GqlBody): string[] => (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');

/**
 * Strings a response must not contain, each with a label that says what it is. Findings name
 * the label only, so a failing test never prints a key.
 */
export class Secrets {
  private readonly items = new Map<string, string>();

  add(label: string, value: string | null | undefined): void {
    if (value && value.length >= 4 && !this.items.has(value)) this.items.set(value, label);
  }

  get size(): number {
    return this.items.size;
  }

  values(): string[] {
    return [...this.items.keys()];
  }

  /** [value, label] pairs. */
  entries(): [string, string][] {
    return [...this.items.entries()];
  }

  /** Labels of every item found in `text`; items that also occur in `except` are not counted. */
  scan(text: string, except = ''): string[] {
    const found: string[] = [];
    for (const [value, label] of this.items) {
      if (text.includes(value) && !except.includes(value)) found.push(label);
    }
    return found;
  }

  /** `text` with every item replaced by its label. */
  redact(text: string): string {
    let out = text;
    for (const [value, label] of this.items) out = out.split(value).join(`‹${label}›`);
    return out;
  }
}

/** Runs `body`; an error leaving it has every registered secret replaced by its label. */
export const redacting = async <T>(secrets: Secrets, body: () => Promise<T>): Promise<T> => {
  try {
    return await body();
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- the cause could hold a key: only its redacted text leaves
    if (!(error instanceof Error)) throw new Error(secrets.redact(String(error)));
    error.message = secrets.redact(error.message);
    error.stack = secrets.redact(error.stack ?? '');
    const fields = error as unknown as Record<string, unknown>;
    for (const k of ['actual', 'expected']) {
      if (fields[k] !== undefined) fields[k] = secrets.redact(typeof fields[k] === 'string' ? fields[k] : JSON.stringify(fields[k]) ?? '');
    }
    throw error;
  }
};

/** A well-formed key nobody issued. */
export const unknownKey = (): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let body = '';
  for (let i = 0; i < 43; i++) body += alphabet[(i * 37 + 11) % alphabet.length];
  return `pce_${body}`;
};
