import { randomBytes } from 'node:crypto';
import { formatKey } from '../domain/keys.js';

/** A new API key: 256 bits from the operating system's secure random source. */
export const mintKey = (): string => formatKey(randomBytes(32));
