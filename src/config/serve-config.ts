import { parseInstant } from '../clock/time-input.js';
import { isLogLevel, LOG_LEVELS, type LogLevel } from '../service/logger.js';
import type { EnvName } from './env.js';

/** Everything `serve` needs, validated. */
export interface ServeConfig {
  port: number;
  host: string;
  dataFile: string | null;
  fixture: string;
  generate: string | null;
  seed: number;
  adminToken: string | null;
  logLevel: LogLevel;
  frozenAt: number | null;
  /** A directory holding a build of the Cloud 1.0 web UI, served at `/`; null: none. */
  serveUi: string | null;
  /** Host names accepted besides loopback and `host` (DNS-rebinding protection); `*` accepts any. */
  allowHosts: string[];
  /** Origins whose pages may change the state (`http://localhost:3000`); `*` allows any. */
  allowOrigins: string[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type RawServeOptions = Partial<Record<EnvName, string | boolean | undefined>>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

const wholeNumber = (value: string, name: string, min: number, max: number): number => {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`invalid ${name} ${JSON.stringify(value)}: must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
};

/**
 * Merges flags over environment variables over defaults and checks every value, so a bad one
 * stops the start with a message naming it rather than failing later.
 */
export const resolveServeConfig = (flags: RawServeOptions, env: RawServeOptions, defaults: { host: string }): ServeConfig => {
  const pick = (name: EnvName): string | boolean | undefined => flags[name] ?? env[name];
  const text = (name: EnvName): string | undefined => {
    const v = pick(name);
    return v === undefined || typeof v === 'boolean' ? undefined : v;
  };
  const inMemoryRaw = pick('inMemory');
  let inMemory = false;
  if (typeof inMemoryRaw === 'boolean') inMemory = inMemoryRaw;
  else if (typeof inMemoryRaw === 'string') {
    if (TRUE.has(inMemoryRaw.toLowerCase())) inMemory = true;
    else if (!FALSE.has(inMemoryRaw.toLowerCase())) throw new ConfigError(`invalid in-memory value ${JSON.stringify(inMemoryRaw)}: use true or false`);
  }
  const logLevel = text('logLevel') ?? 'info';
  if (!isLogLevel(logLevel)) throw new ConfigError(`invalid log level ${JSON.stringify(logLevel)}: use one of ${LOG_LEVELS.join(', ')}`);
  const frozenRaw = text('frozenAt');
  let frozenAt: number | null = null;
  if (frozenRaw !== undefined) {
    const parsed = frozenRaw === 'now' ? { ms: Date.now() } : parseInstant(frozenRaw);
    frozenAt = 'ms' in parsed ? parsed.ms : null;
    if (frozenAt === null) throw new ConfigError(`invalid frozen start time ${JSON.stringify(frozenRaw)}: use ISO-8601 with a timezone (2030-01-01T00:00:00Z) or "now"`);
  }
  const adminToken = text('adminToken') ?? null;
  if (adminToken !== null && adminToken.length < 8) throw new ConfigError('the admin token must be at least 8 characters');
  const dataFile = inMemory ? null : (text('data') ?? null);
  const list = (name: EnvName): string[] => (text(name) ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  const allowHosts = list('allowHost');
  for (const h of allowHosts) {
    if (h !== '*' && !/^[A-Za-z0-9._-]+$|^\[?[0-9A-Fa-f:.]+\]?$/.test(h)) throw new ConfigError(`invalid allowed host ${JSON.stringify(h)}: give a host name or address without scheme or port, or *`);
  }
  const allowOrigins = list('allowOrigin');
  for (const o of allowOrigins) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError(`invalid allowed origin ${JSON.stringify(o)}: give scheme, host and port only, like http://localhost:3000, or *`);
  }
  return {
    port: wholeNumber(text('port') ?? '4200', 'port', 0, 65535),
    host: text('host') ?? defaults.host,
    dataFile,
    fixture: text('fixture') ?? 'default',
    generate: text('generate') ?? null,
    seed: wholeNumber(text('seed') ?? '1', 'seed', 0, 2 ** 31 - 1),
    adminToken,
    logLevel,
    frozenAt,
    serveUi: text('serveUi') ?? null,
    allowHosts,
    allowOrigins,
  };
};
