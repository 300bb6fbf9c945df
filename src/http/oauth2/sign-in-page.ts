import type { User } from '../../domain/types.js';
import { escapeHtml } from './context.js';

const PICKER_LIMIT = 200;

/**
 * The issuer's sign-in page: choose the fixture user to sign in as (no password: it is an
 * emulator). The authorization request rides along in hidden fields. The typed-in name has a
 * form of its own, so Enter there submits that name, not the first user's button.
 */
export const signInPage = (params: URLSearchParams, users: readonly User[], issuer: string, notice?: string): string => {
  const hidden = [...params].filter(([name]) => name !== 'user' && name !== 'login_hint')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
  const shown = users.slice(0, PICKER_LIMIT);
  const buttons = shown.map((u) => {
    const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
    return `<li><button type="submit" name="user" value="${escapeHtml(u.id)}"><strong>${escapeHtml(u.username)}</strong>${name ? ` <span>${escapeHtml(name)}</span>` : ''}</button></li>`;
  }).join('');
  const more = users.length > shown.length ? `<p>${users.length - shown.length} more users: type a username or email below.</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Sign in · Prefect Cloud emulator</title>
<style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1c2430}
h1{font-size:1.4rem}ul{list-style:none;padding:0}li{margin:.4rem 0}
button{width:100%;text-align:left;padding:.7rem .9rem;border:1px solid #c9d3e0;border-radius:6px;background:#fff;font:inherit;cursor:pointer}
button:hover,button:focus{border-color:#2b6cd4;outline:none;background:#f3f7fd}span{color:#5a6675;margin-left:.4rem}
.notice{background:#fff4e5;border:1px solid #f0c36d;padding:.6rem .8rem;border-radius:6px}label{display:block;margin-top:1rem}
input[type=text]{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}small{color:#5a6675}
</style></head><body>
<h1>Sign in to the Prefect Cloud emulator</h1>
<p><small>Issuer ${escapeHtml(issuer)}. Choose who to be; there is no password.</small></p>
${notice ? `<p class="notice" role="alert">${escapeHtml(notice)}</p>` : ''}
<form method="post">${hidden}
<ul>${buttons || '<li>This emulator has no users to sign in as.</li>'}</ul>${more}
</form>
<form method="post">${hidden}
<label>Or a username or email <input type="text" name="login_hint" autocomplete="off" required></label>
<p><button type="submit">Sign in</button></p>
</form></body></html>`;
};

/** For `response_mode=okta_post_message` (okta-auth-js's silent renew in a hidden iframe): the response, posted to the parent. */
export const postMessagePage = (message: Record<string, string>, targetOrigin: string, nonce: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Prefect Cloud emulator</title></head><body>
<script nonce="${nonce}">window.parent.postMessage(${JSON.stringify(message).replace(/</g, '\\u003c')}, ${JSON.stringify(targetOrigin).replace(/</g, '\\u003c')});</script>
</body></html>`;
