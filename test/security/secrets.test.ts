/**
 * Secrets: a scenario mints and creates many keys (fixture keys, control-API mints, GraphQL
 * create_api_key, a sandbox), uses them until they fail (revoked, expired, wrong tenant, deleted
 * service account), then scans everything the emulator exposes or writes for any plaintext key
 * or the deprecated token: the request logs, snapshot exports, the data file and its journal,
 * every HTTP response after a key's creation, and the operator log. A tenant secret's value is
 * scanned for too: it may be in the data file and its journal (the user's own state, so that it
 * outlives a restart), and nowhere else but the answer to `secret_value`.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/domain/keys.js';
import { createRequestHandler, DEFAULT_BODY_LIMIT } from '../../src/http/server.js';
import { resolveFixture } from '../../src/index.js';
import { Emulator } from '../../src/service/emulator.js';
import { createLogger } from '../../src/service/logger.js';
import { ids, refs } from '../helpers/app.js';
import { bearer, errorCodes, listen, redacting, Secrets, type HttpResult, type LiveServer } from './helpers.js';

const TOKEN = 'legacy-acme-tenant-token-0000';
const SECRET_VALUE = 'tenant-secret-value-7f3a9c';
const SET_SECRET = 'mutation($input: set_secret_input!) { set_secret(input: $input) { success } }';
const CREATE_KEY = 'mutation($input: create_api_key_input!) { create_api_key(input: $input) { id key token } }';

interface Seen { label: string; text: string; own: string | null }

describe('secrets never leave the emulator', () => {
  let dir: string;
  let dataFile: string;
  let emulator: Emulator;
  let server: LiveServer;
  const logLines: string[] = [];
  const secrets = new Secrets();
  /** Every response after the first key was created; `own` is the key a creation response may carry. */
  const responses: Seen[] = [];
  const hashes = new Map<string, string>();

  const record = (label: string, res: HttpResult, own: string | null = null): HttpResult => {
    responses.push({ label, text: `${JSON.stringify(res.headers)}\n${res.text}`, own });
    return res;
  };
  const gql = async (label: string, query: string, variables: Record<string, unknown> | null, authorization?: string, tenant?: string) =>
    record(label, await server.gql({ query, variables, ...(authorization ? { authorization } : {}), ...(tenant ? { tenant } : {}) }));
  const control = async (label: string, method: string, path: string, body?: unknown) =>
    record(label, await server.raw(method, `/__emulator${path}`, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' }));
  const known = (label: string, key: string): string => {
    secrets.add(label, key);
    hashes.set(hashSecret(key), label);
    return key;
  };

  const fixtureKey = (ref: string): string => {
    const k = emulator.main.fixtureKeys.find((f) => f.ref === ref);
    if (!k) throw new Error(`no fixture key ${ref}`);
    return k.key;
  };
  /** Creates a key through GraphQL; the creation response may carry that key and no other. */
  const create = async (label: string, asKey: string, input: Record<string, unknown>): Promise<{ id: string; key: string }> => {
    const res = await server.gql({ query: CREATE_KEY, variables: { input }, authorization: bearer(asKey) });
    const out = res.body.data?.create_api_key as { id: string; key: string } | undefined;
    if (!out?.key) throw new Error(`could not create ${label}: ${secrets.redact(res.text)}`);
    known(label, out.key);
    record(`create ${label}`, res, out.key);
    return out;
  };
  const mint = async (label: string, body: Record<string, unknown>, path = '/__emulator/keys'): Promise<{ id: string; key: string }> => {
    const res = await server.raw('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });
    const out = res.json as { id: string; key: string };
    if (res.status !== 201 || !out.key) throw new Error(`could not mint ${label}: ${secrets.redact(res.text)}`);
    known(label, out.key);
    record(`mint ${label}`, res, out.key);
    return out;
  };
  const expectUnauthenticated = async (label: string, key: string, message: RegExp, tenant?: string): Promise<void> => {
    const res = await gql(label, '{ auth_info { user_id tenant_id } auth_api_key { id name } }', null, bearer(key), tenant);
    expect(errorCodes(res.json as never), label).toContain('UNAUTHENTICATED');
    expect(((res.json as { errors: { message: string }[] }).errors[0]!.message), label).toMatch(message);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pce-secrets-'));
    dataFile = join(dir, 'state.json');
    const loaded = await resolveFixture(undefined);
    emulator = await Emulator.create({ origin: { load: async () => loaded.fixture, source: loaded.source, clock: { frozenAt: null, offsetMs: 0 } }, dataFile });
    // The operator log at its most talkative, captured.
    const logger = createLogger('debug', (line) => logLines.push(line));
    server = await listen(createRequestHandler(emulator, { bodyLimit: DEFAULT_BODY_LIMIT, logger, version: 'test' }));
    for (const k of emulator.main.fixtureKeys) known(`fixture key ${k.ref}`, k.key);
    known('deprecated token', TOKEN);

    await redacting(secrets, async () => {
      const alice = fixtureKey(refs.aliceAdmin);
      const bob = fixtureKey(refs.bob);
      const gina = fixtureKey(refs.ginaAdmin);
      await control('freeze clock', 'POST', '/clock/freeze', {});
      const soon = new Date(emulator.main.clock.now() + 3_600_000).toISOString();

      // Keys made every way there is.
      const aliceOwn = await create('alice own key', alice, { user_id: ids.alice, name: 'alice own' });
      const aliceSoon = await create('alice expiring key', alice, { user_id: ids.alice, name: 'alice expiring', expires_at: soon });
      await create('acme-agent key by alice', alice, { user_id: ids.acmeAgent, name: 'agent key' });
      const bobOwn = await create('bob own key', bob, { user_id: ids.bob, name: 'bob own' });
      await create('rita own key', fixtureKey(refs.rita), { user_id: ids.rita, name: 'rita own' });
      await create('globex-agent key by gina', gina, { user_id: ids.globexAgent, name: 'globex agent key' });
      const minted = await mint('minted bob key', { user_id: ids.bob, name: 'minted' });
      const mintedSoon = await mint('minted gus key, expiring', { user_id: ids.gus, expires_at: '+1h' });
      const aliceGlobex = await mint('minted alice globex key', { user_id: ids.alice, tenant_id: ids.globex });
      await mint('minted acme-agent key', { user_id: ids.acmeAgent });
      const sa = await gql('create service account', 'mutation($input: create_service_account_input!) { create_service_account(input: $input) { id } }',
        { input: { tenant_id: ids.acme, name: 'doomed' } }, bearer(alice));
      const saId = ((sa.json as { data: { create_service_account: { id: string } } }).data.create_service_account.id);
      const saKey = await create('doomed service account key', alice, { user_id: saId, name: 'doomed key' });
      const sandbox = await control('create sandbox', 'POST', '/sandboxes', { id: 'secrets' });
      expect(sandbox.status).toBe(201);
      const sandboxKey = await mint('sandbox key', { user_id: ids.bob }, '/sandboxes/secrets/__emulator/keys');

      // Use them, right and wrong.
      for (const [label, key] of [['alice', aliceOwn.key], ['bob', bobOwn.key], ['minted', minted.key], ['fixture bob', bob]] as const) {
        const ok = await gql(`use ${label}`, '{ auth_info { user_id tenant_id } auth_api_key { id name } }', null, bearer(key));
        expect(errorCodes(ok.json as never), label).toEqual([]);
      }
      const inSandbox = await record('use sandbox key', await server.gql({ query: '{ auth_info { user_id } }', authorization: bearer(sandboxKey.key), path: '/sandboxes/secrets/graphql' }));
      expect(errorCodes(inSandbox.json as never)).toEqual([]);
      await gql('revoke bob own key', 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', { input: { key_id: bobOwn.id } }, bearer(bob));
      await expectUnauthenticated('revoked key', bobOwn.key, /revoked/);
      await gql('delete service account', 'mutation($input: delete_service_account_input!) { delete_service_account(input: $input) { success } }', { input: { user_id: saId } }, bearer(alice));
      await expectUnauthenticated('key of a deleted service account', saKey.key, /deleted/);
      await expectUnauthenticated('key used with another tenant', aliceGlobex.key, /tenant/, ids.acme);
      await expectUnauthenticated('fixture key used with another tenant', alice, /tenant/, ids.globex);
      const malformed = record('malformed header with a key in it', await server.gql({ query: '{ auth_info { user_id } }', authorization: `Token ${alice}` }));
      expect((malformed.json as { errors: { message: string }[] }).errors[0]!.message).toMatch(/Malformed Authorization header/);
      record('deprecated token beyond auth_info', await server.gql({ query: '{ auth_api_key { id } }', authorization: bearer(TOKEN) }));
      record('deprecated token on auth_info', await server.gql({ query: '{ auth_info { user_id tenant_id api_token_scope } }', authorization: bearer(TOKEN) }));
      record('forbidden with a key', await server.gql({ query: CREATE_KEY, variables: { input: { user_id: ids.alice, name: 'not yours' } }, authorization: bearer(minted.key) }));
      record('not found with a key', await server.gql({ query: 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success error } }', variables: { input: { key_id: aliceOwn.id } }, authorization: bearer(bob) }));
      // An internal error (if the filter bug is still there) while a key is in the header: the operator log gets a line.
      record('filter with a null operand', await server.gql({ query: 'query($w: user_bool_exp) { user_view_same_tenant(where: $w) { id } }', variables: { w: { id: { _in: null } } }, authorization: bearer(alice) }));
      await control('advance clock', 'POST', '/clock/advance', { by: '2h' });
      await expectUnauthenticated('expired key', aliceSoon.key, /expired/);
      await expectUnauthenticated('expired minted key', mintedSoon.key, /expired/);

      // A tenant secret, set, read by a flow, overwritten (the old value must vanish too) and set again.
      await gql('set secret', SET_SECRET, { input: { name: 'API_TOKEN', value: { token: SECRET_VALUE } } }, bearer(alice));
      const readBack = await server.gql({ query: 'query($n: String!) { secret_value(name: $n) }', variables: { n: 'API_TOKEN' }, authorization: bearer(fixtureKey(refs.acmeAgent)) });
      expect(readBack.body.data?.secret_value).toEqual({ token: SECRET_VALUE });
      await gql('oversized secret', SET_SECRET, { input: { name: 'BIG', value: `${SECRET_VALUE}${'x'.repeat(300 * 1024)}` } }, bearer(alice));
      await gql('secret set by a reader', SET_SECRET, { input: { name: 'RO', value: SECRET_VALUE } }, bearer(fixtureKey(refs.rita)));

      // Everything there is to read back.
      await control('request log', 'GET', '/requests?limit=500');
      await control('sandbox request log', 'GET', '/sandboxes/secrets/__emulator/requests?limit=500');
      await control('snapshot', 'GET', '/snapshot');
      await control('sandbox snapshot', 'GET', '/sandboxes/secrets/__emulator/snapshot');
      await control('fixture keys', 'GET', '/fixture-keys');
      await control('info', 'GET', '/info');
      await control('sandboxes', 'GET', '/sandboxes');
      await control('clock', 'GET', '/clock');
    });
  });

  afterAll(async () => {
    await server?.close();
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('made the keys it scans for (fixture, minted, created, sandbox) and used each kind until it failed', () => {
    expect(secrets.size).toBeGreaterThanOrEqual(8 + 1 + 7 + 5);
    const log = JSON.parse(responses.find((r) => r.label === 'request log')!.text.split('\n').slice(1).join('\n')) as { requests: { errorCode: string | null }[] };
    const codes = new Set(log.requests.map((r) => r.errorCode));
    expect([...codes]).toEqual(expect.arrayContaining([null, 'UNAUTHENTICATED', 'FORBIDDEN']));
  });

  it('no HTTP response after a key was made carries any key or the token (a creation response only its own key)', () => {
    const leaks = responses.flatMap((r) => secrets.scan(r.own ? r.text.split(r.own).join('') : r.text).map((label) => `${r.label}: ${label}`));
    expect(leaks).toEqual([]);
  });

  it('the request logs and snapshot exports hold no key, and the snapshot holds every live key as its hash', () => {
    for (const label of ['request log', 'sandbox request log', 'snapshot', 'sandbox snapshot', 'fixture keys']) {
      const text = responses.find((r) => r.label === label)?.text;
      expect(text, label).toBeDefined();
      expect(secrets.scan(text!), label).toEqual([]);
    }
    const doc = emulator.main.exportSnapshot();
    expect(secrets.scan(JSON.stringify(doc))).toEqual([]);
    const stored = new Set([...doc.tables.apiKeys.map((k) => k.keyHash), ...doc.tables.revokedKeys.map((k) => k.keyHash), ...doc.tables.apiTokens.map((t) => t.tokenHash)]);
    const sandboxLabels = new Set(['sandbox key']);
    const missing = [...hashes.entries()].filter(([hash, label]) => !sandboxLabels.has(label) && !stored.has(hash)).map(([, label]) => label);
    expect(missing).toEqual([]);
    for (const k of doc.tables.apiKeys) expect(k.keyHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the operator log holds no key', () => {
    expect(secrets.scan(logLines.join('\n'))).toEqual([]);
  });

  it('a secret value is in no response but secret_value, no request log, snapshot or operator log line; the data file may keep it (until a snapshot restore, below, leaves none)', async () => {
    const leaks = responses.filter((r) => r.text.includes(SECRET_VALUE)).map((r) => r.label);
    expect(leaks).toEqual([]);
    expect(JSON.stringify(emulator.main.exportSnapshot())).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(emulator.main.log.recent(1000))).not.toContain(SECRET_VALUE);
    expect(logLines.join('\n')).not.toContain(SECRET_VALUE);
    // The data file and its journal are the user's own local state (as Cloud's database was): the value is there, so it lasts.
    const files = await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'utf8')));
    expect(files.join('\n')).toContain(SECRET_VALUE);
  });

  it('the data file, its journal and every other file beside it hold no key, only hashes', async () => {
    const snapshot = await server.raw('PUT', '/__emulator/snapshot', JSON.stringify(emulator.main.exportSnapshot()), { 'content-type': 'application/json' });
    expect(snapshot.status).toBe(200);
    await server.gql({ query: CREATE_KEY, variables: { input: { user_id: ids.alice, name: 'after the rewrite' } }, authorization: bearer(fixtureKey(refs.aliceAdmin)) })
      .then((res) => known('key made after the rewrite', (res.body.data?.create_api_key as { key: string }).key));
    const files = await readdir(dir);
    expect(files).toEqual(expect.arrayContaining(['state.json', 'state.json.journal']));
    const contents = await Promise.all(files.map(async (f) => ({ f, text: await readFile(join(dir, f), 'utf8') })));
    for (const { f, text } of contents) expect(secrets.scan(text), f).toEqual([]);
    const all = contents.map((c) => c.text).join('\n');
    const aliceHash = hashSecret(fixtureKey(refs.aliceAdmin));
    expect(all).toContain(aliceHash);
  });

  it('a key pasted where an id belongs is not echoed back in the error', async () => {
    const alice = fixtureKey(refs.aliceAdmin);
    const bob = fixtureKey(refs.bob);
    const asVariable = await server.gql({ query: 'mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', variables: { input: { key_id: bob } }, authorization: bearer(alice) });
    const asLiteral = await server.gql({ query: `{ auth_api_key_by_pk(id: "${bob}") { id } }`, authorization: bearer(alice) });
    const asName = await server.gql({ query: 'query($w: auth_api_key_bool_exp) { auth_api_key(where: $w) { id } }', variables: { w: { created: { _gt: bob } } }, authorization: bearer(alice) });
    const cases = { variable: asVariable, literal: asLiteral, filter: asName };
    for (const [label, res] of Object.entries(cases)) expect(errorCodes(res.body), label).toHaveLength(1);
    expect(Object.fromEntries(Object.entries(cases).map(([label, res]) => [label, secrets.scan(res.text)]))).toEqual({ variable: [], literal: [], filter: [] });
  });
});
