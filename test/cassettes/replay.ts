import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { TestApp } from '../helpers/app.js';

/**
 * Replays a cassette (what the real Prefect 1.4.1 client sent to the emulator, recorded by
 * record-proxy.mjs) in order against a fresh emulator, and compares every answer with the
 * recorded one. Values the emulator generates differ from run to run: ids and run names are
 * mapped (a recorded id seen again in a later request is replaced by the id this run gave),
 * timestamps only need to be timestamps. Everything else must be equal.
 */
export interface Exchange {
  seq: number;
  at: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: { query?: string; variables?: string | Record<string, unknown> | null } | string;
  status: number;
  response: unknown;
}

export type CassetteLine = Exchange | { mark: string };

export const readCassette = (url: URL): CassetteLine[] =>
  readFileSync(url, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CassetteLine);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
/** Generated run names (`olive-quail`): two lowercase words. */
const RUN_NAME = /^[a-z]+-[a-z]+$/;

export class Replayer {
  private readonly map = new Map<string, string>();
  readonly mismatches: string[] = [];

  constructor(private readonly app: TestApp) {}

  /** The recorded text with every id (and run name) this replay has learnt replaced. */
  private substitute(text: string): string {
    let out = text.replace(UUID_IN_TEXT, (id) => this.map.get(id.toLowerCase()) ?? id);
    for (const [from, to] of this.map) if (RUN_NAME.test(from)) out = out.replace(new RegExp(`(?<![\\w-])${from}(?![\\w-])`, 'g'), to);
    return out;
  }

  private compare(recorded: unknown, actual: unknown, path: string, key: string | null): void {
    if (typeof recorded === 'string' && typeof actual === 'string') {
      if (UUID.test(recorded) && UUID.test(actual)) return this.learn(recorded.toLowerCase(), actual.toLowerCase(), path);
      if (TIME.test(recorded) && TIME.test(actual)) return;
      if (key === 'name' && RUN_NAME.test(recorded) && RUN_NAME.test(actual)) return this.learn(recorded, actual, path);
      if (recorded !== this.substitute(actual) && this.substitute(recorded) !== actual) this.mismatches.push(`${path}: recorded ${JSON.stringify(recorded)}, got ${JSON.stringify(actual)}`);
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(actual)) {
      if (recorded.length !== actual.length) {
        this.mismatches.push(`${path}: recorded ${recorded.length} items, got ${actual.length}`);
        return;
      }
      recorded.forEach((r, i) => this.compare(r, actual[i], `${path}[${i}]`, key));
      return;
    }
    if (recorded && actual && typeof recorded === 'object' && typeof actual === 'object') {
      const r = recorded as Record<string, unknown>;
      const a = actual as Record<string, unknown>;
      for (const k of new Set([...Object.keys(r), ...Object.keys(a)])) {
        if (k === 'locations') continue;
        if (!(k in a)) { this.mismatches.push(`${path}.${k}: missing`); continue; }
        if (!(k in r)) { this.mismatches.push(`${path}.${k}: not recorded`); continue; }
        this.compare(r[k], a[k], `${path}.${k}`, k);
      }
      return;
    }
    if (recorded !== actual) this.mismatches.push(`${path}: recorded ${JSON.stringify(recorded)}, got ${JSON.stringify(actual)}`);
  }

  private learn(recorded: string, actual: string, path: string): void {
    const known = this.map.get(recorded);
    if (known === undefined) {
      this.map.set(recorded, actual);
      if (recorded !== actual) this.map.set(actual, actual);
    } else if (known !== actual) {
      this.mismatches.push(`${path}: ${recorded} was ${known} earlier in this replay, now ${actual}`);
    }
  }

  /** Sends one recorded request (ids substituted) and compares the answer; returns it. */
  async play(exchange: Exchange): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { 'x-prefect-core-version': '1.4.1' };
    for (const [name, value] of Object.entries(exchange.headers)) headers[name] = this.substitute(value);
    const text = typeof exchange.body === 'string' ? exchange.body : JSON.stringify(exchange.body);
    const res = await request(this.app.handler).post(exchange.path).set(headers).send(this.substitute(text));
    const before = this.mismatches.length;
    if (res.status !== exchange.status) this.mismatches.push(`status: recorded ${exchange.status}, got ${res.status}`);
    this.compare(exchange.response, res.body, 'response', null);
    for (let i = before; i < this.mismatches.length; i++) this.mismatches[i] = `#${exchange.seq} ${firstLine(exchange)}: ${this.mismatches[i]}`;
    return { status: res.status, body: res.body };
  }
}

const firstLine = (e: Exchange): string => {
  const q = typeof e.body === 'string' ? e.body : (e.body.query ?? '');
  return q.replace(/\s+/g, ' ').trim().slice(0, 60);
};
