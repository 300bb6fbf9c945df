import type { Request, Response } from 'express';
import type { EmulatorInstance } from '../../service/instance.js';

/** What every issuer endpoint handler is given: the emulator the request is addressed to, and the issuer's URL as the browser sees it. */
export interface IssuerRequest {
  instance: EmulatorInstance;
  /** e.g. `http://127.0.0.1:4200/oauth2/default` (or under `/sandboxes/<id>/`), from the request's Host. */
  issuer: string;
}

export type IssuerHandler = (req: Request, res: Response, at: IssuerRequest) => void | Promise<void>;

/** The query string or the form body of a request, as URLSearchParams. */
export const paramsOf = (req: Request): URLSearchParams => {
  const out = new URLSearchParams();
  const source = req.method === 'POST' && req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : (req.query as Record<string, unknown>);
  for (const [name, value] of Object.entries(source)) if (typeof value === 'string') out.set(name, value);
  return out;
};

/** An OAuth error as RFC 6749 words it: `{ error, error_description }`. */
export const oauthError = (res: Response, status: number, error: string, description: string): void => {
  res.status(status).set('cache-control', 'no-store').json({ error, error_description: description });
};

/** The issuer's own cookie (the browser's sign-in), read without a cookie parser. */
export const BROWSER_COOKIE = 'pce_issuer_session';

export const cookieOf = (req: Request, name: string): string | undefined => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
};

const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** Whether an origin is on this machine: CORS is answered, and redirects are made, for those only. */
export const isLoopbackOrigin = (origin: string): boolean => LOOPBACK_ORIGIN.test(origin);

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
