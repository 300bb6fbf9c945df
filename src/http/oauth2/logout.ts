import { BROWSER_COOKIE, cookieOf, escapeHtml, isLoopbackOrigin, type IssuerHandler } from './context.js';

/** `/v1/logout`: forgets the browser's sign-in, then goes back to `post_logout_redirect_uri` when it is on this machine. */
export const logout: IssuerHandler = (req, res, { instance, issuer }) => {
  instance.issuer.endBrowserSession(cookieOf(req, BROWSER_COOKIE));
  res.append('set-cookie', `${BROWSER_COOKIE}=; Path=${new URL(issuer).pathname}; HttpOnly; SameSite=Lax; Max-Age=0`);
  const target = typeof req.query.post_logout_redirect_uri === 'string' ? req.query.post_logout_redirect_uri : '';
  let url: URL | undefined;
  try {
    url = target ? new URL(target) : undefined;
  } catch {
    url = undefined;
  }
  if (url && isLoopbackOrigin(url.origin)) {
    if (typeof req.query.state === 'string') url.searchParams.set('state', req.query.state);
    return res.redirect(302, url.href);
  }
  res.status(200).type('html').send(`<!doctype html><meta charset="utf-8"><title>Signed out</title><p>Signed out of the Prefect Cloud emulator's issuer (${escapeHtml(issuer)}).</p>`);
};
