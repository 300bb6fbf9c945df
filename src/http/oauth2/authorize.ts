import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { isDomainError } from '../../domain/errors.js';
import type { User } from '../../domain/types.js';
import { parseAuthorizeRequest, type AuthorizeRequest } from '../../service/issuer.js';
import { BROWSER_COOKIE, cookieOf, escapeHtml, paramsOf, type IssuerHandler, type IssuerRequest } from './context.js';
import { postMessagePage, signInPage } from './sign-in-page.js';

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Sends the authorization response (a code, or an OAuth error) the way the request asked for. */
const respond = (res: Response, request: AuthorizeRequest, result: Record<string, string>): void => {
  const message = { ...result, state: request.state };
  if (request.responseMode === 'okta_post_message') {
    const nonce = randomBytes(12).toString('base64');
    res.status(200).set({ ...PAGE_HEADERS, 'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'` })
      .type('html').send(postMessagePage(message, new URL(request.redirectUri).origin, nonce));
    return;
  }
  const url = new URL(request.redirectUri);
  const params = new URLSearchParams(message);
  if (request.responseMode === 'fragment') url.hash = params.toString();
  else for (const [k, v] of params) url.searchParams.set(k, v);
  res.redirect(302, url.href);
};

const signIn = (res: Response, request: AuthorizeRequest, user: User, at: IssuerRequest, remember: boolean): void => {
  if (remember) {
    const session = at.instance.issuer.startBrowserSession(user.id);
    res.append('set-cookie', `${BROWSER_COOKIE}=${session}; Path=${new URL(at.issuer).pathname}; HttpOnly; SameSite=Lax`);
  }
  respond(res, request, { code: at.instance.issuer.grant(request, user.id) });
};

const badRequestPage = (res: Response, message: string): void => {
  res.status(400).set(PAGE_HEADERS).type('html').send(`<!doctype html><meta charset="utf-8"><title>Bad authorization request</title><h1>Bad authorization request</h1><p>${escapeHtml(message)}</p>`);
};

/**
 * `/v1/authorize`. GET: with `login_hint` (a username, email or id) or a browser already signed
 * in here, straight back to the client with a code; with `prompt=none` and neither, the
 * `login_required` error; otherwise the page to choose a user. POST: that page's choice.
 */
export const authorize: IssuerHandler = (req, res, at) => {
  const params = paramsOf(req);
  let request: AuthorizeRequest;
  try {
    request = parseAuthorizeRequest(params);
  } catch (error) {
    if (isDomainError(error)) return badRequestPage(res, error.message);
    throw error;
  }
  const { state } = at.instance.store;
  const issuer = at.instance.issuer;
  const chosen = params.get('user');
  const hint = request.loginHint ?? (req.method === 'POST' ? params.get('login_hint') : null);
  if (chosen || hint) {
    const user = chosen ? issuer.findUser(state, chosen) : issuer.findUser(state, hint ?? '');
    if (user) return signIn(res, request, user, at, true);
    if (req.method === 'GET' && request.prompt === 'none') return respond(res, request, { error: 'login_required', error_description: 'No such user.' });
    res.status(200).set(PAGE_HEADERS).type('html').send(signInPage(params, issuer.users(state), at.issuer, `No user "${hint ?? chosen}" in this emulator.`));
    return;
  }
  const signedIn = request.prompt === 'login' ? undefined : issuer.browserUser(state, cookieOf(req, BROWSER_COOKIE));
  if (signedIn) return signIn(res, request, signedIn, at, false);
  if (request.prompt === 'none') return respond(res, request, { error: 'login_required', error_description: 'The user is not signed in.' });
  res.status(200).set(PAGE_HEADERS).type('html').send(signInPage(params, issuer.users(state), at.issuer));
};
