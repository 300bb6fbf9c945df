/**
 * prefect-cloud-emulator's programmatic API: start an emulator of the Prefect Cloud 1.0
 * API-key system from test code, control its clock, reset and snapshot it, and get keys.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();           // in memory, port 0, default fixture
 * process.env.PREFECT__CLOUD__API = emulator.url;
 * const key = emulator.key('acme-tenant-admin');    // a fixture key, by ref
 * emulator.clock.advance('P30D');                    // expire keys without waiting
 * await emulator.close();
 * ```
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ClockState } from './clock/clock.js';
import { parseAdvance, parseInstant } from './clock/time-input.js';
import type { FixtureKey } from './fixtures/build.js';
import type { Fixture as FixtureFile } from './fixtures/format.js';
import { fixtureOrigin, loadFixture, type FixtureSpec, type LoadedFixture } from './fixtures/load.js';
import type { GraphQLLimits } from './graphql/executor.js';
import { isLoopbackHost } from './http/request-policy.js';
import { createHttpServer, DEFAULT_BODY_LIMIT } from './http/server.js';
import { Emulator } from './service/emulator.js';
import type { EmulatorInstance } from './service/instance.js';
import type { MintedKey, MintKeyInput } from './service/minting.js';
import { createLogger, type Logger as OperatorLogger, type LogLevel } from './service/logger.js';
import type { RequestLogEntry } from './service/request-log.js';
import type { SnapshotDocument } from './store/snapshot-scope.js';
import { VERSION } from './service/version.js';

export type { FixtureKey, MintedKey, MintKeyInput, RequestLogEntry, LogLevel, GraphQLLimits };

/** A fixture's contents (format version 1): tenants, users, service accounts, keys. See docs/fixtures.md. */
export type Fixture = FixtureFile;

/**
 * The whole state as {@link RunningEmulator.snapshot} exports it: keys as hashes only, with the
 * clock, and no secrets (neither values nor names; restoring leaves the tenants with none).
 */
export type StateDocument = SnapshotDocument;

/** Receives the emulator's operator log lines (stderr by default); no line ever holds a key or token. */
export type Logger = OperatorLogger;
export type { GenerateOptions, GenerateSpec } from './fixtures/generate-spec.js';
export { VERSION };

/** A fixture: a file path, the name of a ready fixture (`default`, `many-tenants`, `expiring-keys`, `scheduled-runs`), or a fixture object. */
export type FixtureSource = string | Fixture;

/** An instant: a Date, epoch milliseconds, or ISO-8601 with a timezone. */
export type Instant = Date | number | string;

/** A duration: ISO-8601 (`P30D`, `PT1H`), compact (`1h30m`), or milliseconds. */
export type Duration = string | number;

/** Options of {@link startEmulator}. Every one is optional. */
export interface StartOptions {
  /** TCP port; default 0 (a free port, see {@link RunningEmulator.url}). */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** The fixture to load; default the ready fixture `default`. Ignored when `generate` is set. */
  fixture?: FixtureSource;
  /** Generate a fixture instead: `"tenants=3,users=20,service-accounts=5,keys-per-user=2"`. */
  generate?: string;
  /** Seed for `generate`; default 1. Same seed and options: byte-identical state. */
  seed?: number;
  /** Persist to this JSON data file (created from the fixture if missing); default: in memory. */
  dataFile?: string;
  /** Protect the control API with `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** Start with the clock frozen at this instant. */
  frozenAt?: Instant;
  /** Operator log level; default `warn`. Ignored when `logger` is given. */
  logLevel?: LogLevel;
  /** Where operator log lines go instead of stderr (e.g. a silent logger, or your test logger). */
  logger?: Logger;
  /** How many requests the request log keeps; default 500. */
  requestLogSize?: number;
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /** GraphQL limits (tokens, depth, aliases, directives, cost, batch size). */
  limits?: GraphQLLimits;
  /**
   * A directory with a build of the Cloud 1.0 web UI (its index.html) to serve at `/`, with
   * history-mode fallback, so the UI, the emulator's OIDC issuer and GraphQL share one origin.
   * See docs/cloud-ui.md.
   */
  serveUi?: string;
  /**
   * Host names accepted in the `Host` header besides loopback names and addresses and `host`
   * (protection against DNS rebinding): e.g. a docker service name. `*` accepts any.
   */
  allowHosts?: string[];
  /** Origins whose web pages may change the state (control API, GraphQL mutations); `*` allows any. */
  allowOrigins?: string[];
}

/** Time travel for one emulator; every time-based rule (expiry, created, updated) reads this clock. */
export interface ClockControls {
  /** The emulator's current time. */
  now(): Date;
  /** Whether the clock is frozen (see {@link ClockControls.freeze}). */
  isFrozen(): boolean;
  /** Stop time, at `at` or now. A frozen clock stays frozen until {@link ClockControls.unfreeze}. */
  freeze(at?: Instant): void;
  /** Let time run again from the frozen instant. */
  unfreeze(): void;
  /** Jump to an instant (frozen or running, as the clock was). */
  set(at: Instant): void;
  /** Move forward by a duration (`P30D`, `1h30m`, ms). */
  advance(by: Duration): void;
}

/** A running emulator, returned by {@link startEmulator}. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:43125`: set `PREFECT__CLOUD__API` to it. */
  readonly url: string;
  /** `${url}/graphql`. */
  readonly graphqlUrl: string;
  /** `${url}/__emulator`: the HTTP control API. */
  readonly controlUrl: string;
  /** The TCP port it listens on (the free one picked when started with port 0). */
  readonly port: number;
  /** Time travel: freeze, set and advance the clock every expiry reads. */
  readonly clock: ClockControls;
  /** The fixture's keys (plaintext included): hand them to code under test, never to a log. */
  fixtureKeys(): readonly FixtureKey[];
  /** A fixture key's plaintext by its `ref` (e.g. `acme-tenant-admin`); throws for an unknown ref. */
  key(ref: string): string;
  /** Create a key for any user or service account without authenticating. */
  mintKey(input: MintKeyInput): Promise<MintedKey>;
  /** Back to the starting fixture (or `fixture`), clock included. */
  reset(fixture?: FixtureSource): Promise<void>;
  /** The whole state (keys as hashes only, secrets left out) with the clock. */
  snapshot(): StateDocument;
  /** Restore a snapshot taken with {@link RunningEmulator.snapshot}. */
  restore(snapshot: StateDocument): Promise<void>;
  /** The most recent requests, newest first. */
  requests(limit?: number): RequestLogEntry[];
  /** Stop listening, flush the data file and release it. */
  close(): Promise<void>;
}

const toInstant = (value: Instant): number => {
  const parsed = parseInstant(value);
  if ('problem' in parsed) throw new Error(`invalid instant ${JSON.stringify(value)}: use ISO-8601 with a timezone, epoch ms, or a valid Date`);
  return parsed.ms;
};

const fixtureSpec = (source: FixtureSource | undefined, generate?: string, seed?: number): FixtureSpec => {
  if (generate !== undefined) return { generate, seed: seed ?? 1 };
  if (source === undefined) return { name: 'default' };
  if (typeof source !== 'string') return { inline: source, source: 'fixture' };
  const looksLikePath = source.includes('/') || source.includes('\\') || source.endsWith('.json');
  return looksLikePath ? { file: source } : { name: source };
};

/** Loads and validates a fixture source: an object, a file path, a ready fixture's name, or a generator spec. */
export const resolveFixture = (source: FixtureSource | undefined, generate?: string, seed?: number): Promise<LoadedFixture> =>
  loadFixture(fixtureSpec(source, generate, seed));

const clockControls = (instance: EmulatorInstance): ClockControls => ({
  now: () => new Date(instance.clock.now()),
  isFrozen: () => instance.clock.isFrozen(),
  freeze: (at) => instance.clock.freeze(at === undefined ? undefined : toInstant(at)),
  unfreeze: () => instance.clock.unfreeze(),
  set: (at) => instance.clock.set(toInstant(at)),
  advance: (by) => {
    const parsed = parseAdvance(by, instance.clock.now());
    if ('ms' in parsed) return instance.clock.advance(parsed.ms);
    if (parsed.problem === 'negative') throw new Error('advance takes a forward duration; use set() to move the clock back');
    throw new Error('advance would move the clock outside the range of dates');
  },
});

/**
 * Starts an emulator: in memory on a free port with the default fixture unless told otherwise.
 * Works in a vitest `globalSetup` (share one across files) and per test file.
 */
export const startEmulator = async (options: StartOptions = {}): Promise<RunningEmulator> => {
  if (options.serveUi !== undefined && !existsSync(join(options.serveUi, 'index.html'))) {
    throw new Error(`serveUi: ${options.serveUi} has no index.html (build the UI first; see docs/cloud-ui.md)`);
  }
  const logger = options.logger ?? createLogger(options.logLevel ?? 'warn');
  const clock: ClockState = { frozenAt: options.frozenAt === undefined ? null : toInstant(options.frozenAt), offsetMs: 0 };
  const emulator = await Emulator.create({
    origin: { ...fixtureOrigin(fixtureSpec(options.fixture, options.generate, options.seed)), clock },
    ...(options.dataFile ? { dataFile: options.dataFile } : {}),
    requestLogSize: options.requestLogSize ?? 500,
  });
  const bindHost = options.host ?? '127.0.0.1';
  let publicUrl = '';
  const server = createHttpServer(emulator, {
    bindHost,
    allowHosts: options.allowHosts ?? [],
    allowOrigins: options.allowOrigins ?? [],
    publicUrl: () => publicUrl,
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    ...(options.limits ? { limits: options.limits } : {}),
    logger,
    version: VERSION,
    ...(options.serveUi !== undefined ? { serveUi: options.serveUi } : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  publicUrl = url;
  if (!isLoopbackHost(bindHost) && !options.adminToken) {
    logger.warn(
      `listening on ${bindHost}, beyond this machine, without an admin token: anyone who can reach it can reset the state, ` +
      'move the clock, mint a key for any user and read the snapshot. Set --admin-token (PREFECT_EMULATOR_ADMIN_TOKEN), or bind 127.0.0.1.',
    );
  }
  const main = emulator.main;
  let closing: Promise<void> | undefined;

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    controlUrl: `${url}/__emulator`,
    port: address.port,
    clock: clockControls(main),
    fixtureKeys: () => main.fixtureKeys,
    key: (ref) => {
      const found = main.fixtureKey(ref);
      if (!found) {
        const refs = main.fixtureKeys.map((k) => k.ref);
        throw new Error(`no fixture key with ref "${ref}"; known refs: ${refs.slice(0, 20).join(', ')}${refs.length > 20 ? `, … (${refs.length} in all)` : ''}`);
      }
      return found.key;
    },
    mintKey: (input) => main.mintKey(input),
    reset: (fixture) => main.reset(fixture === undefined ? undefined : fixtureOrigin(fixtureSpec(fixture))),
    snapshot: () => main.exportSnapshot(),
    restore: (snapshot) => main.importSnapshot(snapshot),
    requests: (limit) => main.log.recent(limit),
    close: () => {
      closing ??= (async () => {
        // Stop accepting, let requests in flight finish, and end kept-alive connections as
        // they fall idle: server.close() alone keeps serving them until keepAliveTimeout.
        server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
          if (!res.headersSent) res.setHeader('connection', 'close');
        });
        await new Promise<void>((resolve) => {
          const idle = setInterval(() => server.closeIdleConnections(), 20);
          server.close(() => {
            clearInterval(idle);
            resolve();
          });
          server.closeIdleConnections();
        });
        await emulator.close();
      })();
      return closing;
    },
  };
};
