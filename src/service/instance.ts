import { Clock, type ClockState } from '../clock/clock.js';
import { authenticate, parseAuthorization, type Authentication, type Credentials } from '../domain/auth.js';
import { hashSecret } from '../domain/keys.js';
import type { FixtureKey } from '../fixtures/build.js';
import type { FixtureOrigin } from '../fixtures/load.js';
import { FixtureTemplate, type Instantiated } from '../fixtures/template.js';
import { mintKey } from '../store/secrets.js';
import { validateStateDocument } from '../store/snapshot.js';
import { fromSnapshot, toSnapshot, type SnapshotDocument } from '../store/snapshot-scope.js';
import { Store } from '../store/store.js';
import type { UseCaseContext } from './context.js';
import { mintKeyFor, type MintedKey, type MintKeyInput } from './minting.js';
import { OidcIssuer } from './issuer.js';
import { looksLikeJwt, SigningKey } from './jwt.js';
import { RequestLog } from './request-log.js';
import { Sessions } from './sessions.js';

export type { MintedKey, MintKeyInput };

/**
 * Where an emulator's state came from, so `reset` can go back to it: the fixture (loaded again
 * when needed, see FixtureOrigin) and the clock as it was at start.
 */
export interface Origin extends FixtureOrigin {
  clock: ClockState;
}

export interface InstanceOptions {
  id: string;
  origin: Origin;
  /** A JSON data file to persist to; absent: in memory. */
  dataFile?: string;
  requestLogSize?: number;
  /** The machine clock the emulator's clock runs on, and UI sessions' real time (tests inject one). */
  timeSource?: () => number;
}

/** The origin's kept template, or (an origin without one) a template built for this use only. */
const templateOf = async (origin: FixtureOrigin, now: number): Promise<FixtureTemplate> =>
  origin.template ? origin.template(now, mintKey) : FixtureTemplate.build(await origin.load(), now, mintKey);

/**
 * One emulated Prefect Cloud: its state, its clock, its request log and where it came from.
 * The main emulator is one; every sandbox is another.
 */
export class EmulatorInstance {
  readonly log: RequestLog;
  /** The UI's sign-in: this emulator's OIDC issuer and the sessions `log_in` starts (real time, in memory). */
  readonly issuer: OidcIssuer;
  readonly sessions: Sessions;
  private fixtureKeyList: FixtureKey[];
  /** Every key the current origin fixture defines; the list above is those present in the state. */
  private originKeys: FixtureKey[];
  private byRef: Map<string, FixtureKey> | undefined;

  private constructor(
    readonly id: string,
    readonly store: Store,
    readonly clock: Clock,
    private currentOrigin: Origin,
    originKeys: FixtureKey[],
    logSize: number,
    realTime: () => number,
    /** When this emulator loaded its fixture (its clock): what a `created` the fixture leaves out says. */
    private loadedAt: number,
  ) {
    this.log = new RequestLog(logSize);
    const signingKey = new SigningKey();
    this.issuer = new OidcIssuer(signingKey, realTime);
    this.sessions = new Sessions(signingKey, realTime);
    this.originKeys = originKeys;
    // A state built from the fixture holds all its keys; only an existing data file needs checking.
    this.fixtureKeyList = store.createdFromInitial ? originKeys : this.presentKeys();
  }

  static async create(options: InstanceOptions): Promise<EmulatorInstance> {
    const clock = new Clock(options.timeSource, options.origin.clock);
    const loadedAt = clock.now();
    const template = await templateOf(options.origin, loadedAt);
    const made = template.instantiate(loadedAt, loadedAt, mintKey);
    const store = options.dataFile
      ? await Store.openFile(options.dataFile, () => made.state.export())
      : Store.inMemoryFrom(made.state);
    return new EmulatorInstance(options.id, store, clock, options.origin, made.keys, options.requestLogSize ?? 500, options.timeSource ?? Date.now, loadedAt);
  }

  /** The fixture's keys, by ref. Plaintext: hand them to test code, never to a log. */
  get fixtureKeys(): readonly FixtureKey[] {
    return this.fixtureKeyList;
  }

  /** One fixture key by ref, without scanning a 100,000-key list. */
  fixtureKey(ref: string): FixtureKey | undefined {
    this.byRef ??= new Map(this.fixtureKeyList.map((k) => [k.ref, k]));
    return this.byRef.get(ref);
  }

  get source(): string {
    return this.currentOrigin.source;
  }

  /** The fixture and clock that `reset` returns to. */
  get origin(): Origin {
    return this.currentOrigin;
  }

  authenticate(authorization: string | undefined, tenantHeader: string | undefined): Authentication {
    return this.authenticateWith(parseAuthorization(authorization), tenantHeader);
  }

  /** `authenticate` for an Authorization header already parsed (a request re-checks its caller with it). */
  authenticateWith(credentials: Credentials, tenantHeader: string | undefined): Authentication {
    if (credentials.kind === 'bearer' && looksLikeJwt(credentials.secret)) {
      // A UI session's access token; a JWT this emulator did not sign goes on to the key lookup.
      const session = this.sessions.authenticate(this.store.state, credentials.secret);
      if (session) return session;
    }
    return authenticate(this.store.state, credentials, tenantHeader, this.clock.now());
  }

  context(auth: Authentication): UseCaseContext {
    return { store: this.store, clock: this.clock, auth };
  }

  /**
   * Back to the fixture the emulator started with (or `fixture`, which then becomes the one
   * to reset to), clock included. The fixture is loaded and validated before anything changes;
   * a fixture file that changed since it was built is read again, as it is now. Otherwise the
   * state is a copy of the pristine one kept since (see FixtureTemplate): no rebuild. A plain
   * reset keeps the instant the fixture was loaded (the `created` it leaves out).
   */
  async reset(fixture?: FixtureOrigin): Promise<void> {
    const origin: Origin = fixture ? { ...fixture, clock: this.currentOrigin.clock } : this.currentOrigin;
    // Loaded (when it must be) before anything changes; from here on nothing awaits until the
    // state is replaced, so no request sees the new clock with the old state.
    const loadedAt = fixture ? this.clock.nowAfter(origin.clock) : this.loadedAt;
    const template = await templateOf(origin, loadedAt);
    const previous = this.clock.state();
    this.clock.restore(origin.clock);
    let made: Instantiated;
    try {
      made = template.instantiate(this.clock.now(), loadedAt, mintKey);
    } catch (error) {
      this.clock.restore(previous);
      throw error;
    }
    const before = { origin: this.currentOrigin, originKeys: this.originKeys, fixtureKeyList: this.fixtureKeyList, loadedAt: this.loadedAt };
    this.loadedAt = loadedAt;
    this.currentOrigin = origin;
    this.originKeys = made.keys;
    this.fixtureKeyList = made.keys;
    this.byRef = undefined;
    try {
      await this.store.replaceWith(made.state);
    } catch (error) {
      // Not durable, so not done: the store put its state back; the clock and keys follow.
      this.clock.restore(previous);
      ({ origin: this.currentOrigin, originKeys: this.originKeys, fixtureKeyList: this.fixtureKeyList, loadedAt: this.loadedAt } = before);
      this.byRef = undefined;
      throw error;
    }
  }

  /**
   * The whole state, keys as hashes only, with the clock. `seq` (the data file's journal
   * position, which only ever grows) is left out as 0: an import ignores it, and without it
   * export → import → export gives back the same document and equal states export equal.
   * Secrets are left out (store/snapshot-scope.ts).
   */
  exportSnapshot(): SnapshotDocument {
    return toSnapshot({ ...this.store.document(this.clock.state()), seq: 0 });
  }

  /**
   * Restores an exported snapshot; a bad one is refused before anything changes. The tenants
   * are left with no secrets, as after a reset: a snapshot carries none.
   */
  async importSnapshot(document: unknown): Promise<void> {
    const doc = validateStateDocument(fromSnapshot(document), 'snapshot');
    const previous = { clock: this.clock.state(), keys: this.fixtureKeyList };
    if (doc.clock) this.clock.restore(doc.clock);
    const done = this.store.replaceAll(doc.tables);
    this.fixtureKeyList = this.presentKeys();
    this.byRef = undefined;
    try {
      await done;
    } catch (error) {
      this.clock.restore(previous.clock);
      this.fixtureKeyList = previous.keys;
      this.byRef = undefined;
      throw error;
    }
  }

  /** A key for any user or service account, without authenticating: how tests get keys for a fresh state. */
  mintKey(input: MintKeyInput): Promise<MintedKey> {
    return mintKeyFor(this, input);
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  /**
   * The origin fixture's keys that the state still holds: a data file that already existed, or
   * an imported snapshot, has its own keys, and only those still in it are offered.
   */
  private presentKeys(): FixtureKey[] {
    return this.originKeys.filter((k) => this.store.state.keyByHash(hashSecret(k.key))?.id === k.id);
  }
}
