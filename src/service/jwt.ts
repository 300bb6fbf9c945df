import { generateKeyPair, randomBytes, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A JWT's payload: JSON claims. */
export type JwtClaims = Record<string, unknown>;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const decodePart = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
};

const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/** Whether a bearer looks like a JWT (an API key, `pce_…`, never does). */
export const looksLikeJwt = (value: string): boolean => JWT_SHAPE.test(value);

/**
 * The RS256 key an emulator signs its id_tokens and session tokens with. Made on first use (a
 * sandbox that never signs anyone in never pays for one) and never stored: a restart makes a
 * new one, and every token signed before it stops verifying.
 */
export class SigningKey {
  private pair: Promise<{ privateKey: KeyObject; publicKey: KeyObject; kid: string }> | undefined;
  private ready: { privateKey: KeyObject; publicKey: KeyObject; kid: string } | undefined;

  private async keys() {
    this.pair ??= new Promise((resolve, reject) => {
      generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => {
        if (error) reject(error);
        else resolve({ publicKey, privateKey, kid: randomBytes(8).toString('hex') });
      });
    }).then((keys) => (this.ready = keys as { privateKey: KeyObject; publicKey: KeyObject; kid: string }));
    return this.pair;
  }

  /** Signs claims as a compact RS256 JWT. */
  async sign(claims: JwtClaims): Promise<string> {
    const { privateKey, kid } = await this.keys();
    const input = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  }

  /**
   * The claims of a JWT this key signed, or undefined: a bad signature, another algorithm, another
   * key id, or anything unreadable. Synchronous, for the request path; before the key exists
   * nothing can have been signed with it.
   */
  verify(token: string): JwtClaims | undefined {
    if (!this.ready || !looksLikeJwt(token)) return undefined;
    const [head = '', body = '', signature = ''] = token.split('.');
    const header = decodePart(head) as { alg?: unknown; kid?: unknown } | undefined;
    if (header?.alg !== 'RS256' || header.kid !== this.ready.kid) return undefined;
    if (!verify('sha256', Buffer.from(`${head}.${body}`), this.ready.publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    const claims = decodePart(body);
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
  }

  /** The public key as a JSON Web Key Set, for the issuer's `jwks_uri`. */
  async jwks(): Promise<{ keys: JsonWebKey[] }> {
    const { publicKey, kid } = await this.keys();
    const jwk = publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
  }
}
