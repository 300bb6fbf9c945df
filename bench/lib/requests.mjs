// Requests as the Prefect 1.x Python client sends them, and the checks that a sample answer is right
// before a load is measured.
import { BenchError, CORE_VERSION, FAKE, M_CREATE, M_DELETE, PLACEHOLDER_ID, Q_AUTH_INFO, redact } from './config.mjs';

// ---------------------------------------------------------------------------------------------
// Requests, as the Prefect 1.x Python client sends them

function clientHeaders(key) {
  return {
    'Authorization': `Bearer ${key}`,
    'Content-Type': 'application/json',
    'X-PREFECT-CORE-VERSION': CORE_VERSION,
  };
}

/** The body `prefect.Client.graphql()` posts: `variables` is itself a JSON string. */
/** @param {string} query @param {unknown} [variables] */
function gqlBody(query, variables = null) {
  return JSON.stringify({ query, variables: JSON.stringify(variables) });
}

async function postOnce(url, key, body) {
  const res = await fetch(`${url}/`, { method: 'POST', headers: clientHeaders(key), body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* reported below */ }
  return { status: res.status, text, json };
}

function wrongAnswer(label, what, r) {
  return new BenchError(`${label}: ${what} (HTTP ${r.status}) - a fast wrong answer is not a result. Body: ${redact(r.text).slice(0, 800)}`);
}

function checkBasics(label, r) {
  if (r.status < 200 || r.status > 299) throw wrongAnswer(label, 'sample request is not 2xx', r);
  if (!r.json) throw wrongAnswer(label, 'sample response is not JSON', r);
  if (r.text.includes('"errors"')) throw wrongAnswer(label, 'sample response has "errors"', r);
}

/** Sends one request of a read load and verifies the answer before the load runs. */
async function checkRead(h, fx, query) {
  const r = await postOnce(h.url, fx.readKey, gqlBody(query));
  checkBasics(`${h.label} ${queryName(query)}`, r);
  if (h.kind === 'baseline' || FAKE) return;
  const d = r.json.data ?? {};
  if (query === Q_AUTH_INFO) {
    const a = d.auth_info;
    if (!a || a.user_id !== fx.userId || a.tenant_id !== fx.tenantId) {
      throw wrongAnswer(`${h.label} auth_info`, `expected user_id ${fx.userId} and tenant_id ${fx.tenantId}`, r);
    }
  } else {
    // auth_api_key lists the keys the caller may see: for this USER, its own 10 keys.
    const a = d.auth_api_key;
    const ids = Array.isArray(a) ? a.map((k) => k?.id).sort() : [];
    const want = [...fx.benchKeyIds].sort();
    if (ids.length !== want.length || ids.some((id, i) => id !== want[i])) {
      throw wrongAnswer(`${h.label} auth_api_key`, `expected a list of the bench user's ${want.length} keys`, r);
    }
    if (!a.some((k) => k.id === fx.readKeyId && k.name === fx.readKeyName && 'expires_at' in k)) {
      throw wrongAnswer(`${h.label} auth_api_key`, `expected the key used (id ${fx.readKeyId}, name "${fx.readKeyName}") among them`, r);
    }
  }
}

/** One create + delete before a write load, verified. */
async function checkWrite(h, fx) {
  const c = await postOnce(h.url, fx.readKey, createBody(fx));
  checkBasics(`${h.label} create_api_key`, c);
  let id = PLACEHOLDER_ID;
  if (h.kind === 'emulator' && !FAKE) {
    const made = c.json.data?.create_api_key;
    if (!made || typeof made.id !== 'string' || typeof made.key !== 'string' || !/^pce_[A-Za-z0-9_-]{43}$/.test(made.key)) {
      throw wrongAnswer(`${h.label} create_api_key`, 'expected data.create_api_key { id, key: pce_… }', c);
    }
    id = made.id;
  }
  const d = await postOnce(h.url, fx.readKey, deleteBody(id));
  checkBasics(`${h.label} delete_api_key`, d);
  if (h.kind === 'emulator' && !FAKE && d.json.data?.delete_api_key?.success !== true) {
    throw wrongAnswer(`${h.label} delete_api_key`, 'expected data.delete_api_key.success === true', d);
  }
}

function createBody(fx) {
  return gqlBody(M_CREATE, { input: { name: 'bench', user_id: fx.userId } });
}

function deleteBody(id) {
  return gqlBody(M_DELETE, { input: { key_id: id } });
}

function queryName(q) {
  return q === Q_AUTH_INFO ? 'auth_info' : 'auth_api_key';
}

export { checkBasics, checkRead, checkWrite, clientHeaders, createBody, deleteBody, gqlBody, postOnce, queryName };
