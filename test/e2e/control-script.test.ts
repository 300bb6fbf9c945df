import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, killAll, ROOT, startCli, type CliProcess } from './cli-process.js';

/**
 * The second bundled script, dist/lib/control.js (scripts/bundle-cli.mjs): express and the
 * control API, the issuer and the UI's files, left out of the start script; it decodes request
 * bodies with Node's decoders (scripts/iconv-lite.mjs, test/unit/build/iconv-lite.test.ts) in
 * place of iconv-lite's tables.
 */
let cli: CliProcess;
beforeAll(async () => {
  assertBuilt();
  cli = await startCli(['--port', '0', '--in-memory']);
});
afterAll(async () => {
  await cli.stop();
  killAll();
});

const utf32 = (text: string, order: 'le' | 'be'): Buffer => {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((point, i) => (order === 'be' ? out.writeUInt32BE(point, i * 4) : out.writeUInt32LE(point, i * 4)));
  return out;
};

describe('the control script', () => {
  it('holds express, which the start script does not', () => {
    const lib = join(ROOT, 'dist', 'lib');
    expect(readFileSync(join(lib, 'control.js'), 'latin1')).toContain('x-powered-by');
    expect(readFileSync(join(lib, 'emulator.js'), 'latin1')).not.toContain('x-powered-by');
  });

  it.each([
    ['utf-8', (text: string) => Buffer.from(text)],
    ['utf-16le', (text: string) => Buffer.from(text, 'utf16le')],
    ['utf-16be', (text: string) => Buffer.from(text, 'utf16le').swap16()],
    ['utf-32', (text: string) => utf32(text, 'le')],
    ['utf-32be', (text: string) => utf32(text, 'be')],
  ])('reads a JSON body in %s', async (charset, encode) => {
    const id = `charset-${charset.replace(/\W/g, '')}`;
    const res = await fetch(`${cli.url}/__emulator/sandboxes`, {
      method: 'POST',
      headers: { 'content-type': `application/json; charset=${charset}` },
      body: new Uint8Array(encode(JSON.stringify({ id }))),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id });
  });
});
