import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostAllowed, hostNameOf, isLoopbackHost, originAllowed } from '../../src/http/request-policy.js';

const req = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('the Host check', () => {
  it('knows loopback names and addresses', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['localhost.evil.example', '128.0.0.1', '10.0.0.1', '::2', 'example.com', '0.0.0.0']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('reads a Host header without its port; refuses malformed ones', () => {
    expect(hostNameOf('Example.COM:4200')).toBe('example.com');
    expect(hostNameOf('[::1]:4200')).toBe('::1');
    expect(hostNameOf('user@evil.example')).toBeNull();
    expect(hostNameOf('evil.example/path')).toBeNull();
  });

  it('accepts loopback, the bind host (unless a wildcard), allowed names and *', () => {
    expect(hostAllowed({}, req({ host: '127.0.0.1:4200' }))).toBe(true);
    expect(hostAllowed({}, req({}))).toBe(true);
    expect(hostAllowed({ bindHost: '0.0.0.0' }, req({ host: '0.0.0.0:4200' }))).toBe(false);
    expect(hostAllowed({ bindHost: '192.168.1.5' }, req({ host: '192.168.1.5:4200' }))).toBe(true);
    expect(hostAllowed({ allowHosts: ['Emulator'] }, req({ host: 'emulator:4200' }))).toBe(true);
    expect(hostAllowed({ allowHosts: ['emulator'] }, req({ host: 'emulator.evil.example' }))).toBe(false);
    expect(hostAllowed({ allowHosts: ['*'] }, req({ host: 'anything.example' }))).toBe(true);
    expect(hostAllowed({}, req({ host: 'user@127.0.0.1' }))).toBe(false);
  });

  it('answers a repeated Host the same way, per policy, however many distinct ones were seen', () => {
    const strict = {};
    const open = { allowHosts: ['*'] };
    for (let round = 0; round < 3; round++) {
      expect(hostAllowed(strict, req({ host: 'evil.example' }))).toBe(false);
      expect(hostAllowed(open, req({ host: 'evil.example' }))).toBe(true);
      expect(hostAllowed(strict, req({ host: '127.0.0.1:4200' }))).toBe(true);
      for (let i = 0; i < 100; i++) expect(hostAllowed(strict, req({ host: `h${i}.example` }))).toBe(false);
    }
  });
});

describe('the Origin check', () => {
  it('passes requests without Origin and same-origin pages; refuses others, null and non-http schemes', () => {
    expect(originAllowed({}, req({ host: '127.0.0.1:4200' }))).toBe(true);
    expect(originAllowed({}, req({ host: '127.0.0.1:4200', origin: 'http://127.0.0.1:4200' }))).toBe(true);
    expect(originAllowed({}, req({ host: '127.0.0.1:80', origin: 'http://127.0.0.1' }))).toBe(true);
    expect(originAllowed({}, req({ host: '127.0.0.1:4200', origin: 'http://localhost:4200' }))).toBe(false);
    expect(originAllowed({}, req({ host: '127.0.0.1:4200', origin: 'null' }))).toBe(false);
    expect(originAllowed({}, req({ host: '127.0.0.1:4200', origin: 'file://127.0.0.1:4200' }))).toBe(false);
    expect(originAllowed({ allowOrigins: ['http://localhost:3000'] }, req({ host: '127.0.0.1:4200', origin: 'http://localhost:3000' }))).toBe(true);
    expect(originAllowed({ allowOrigins: ['*'] }, req({ host: '127.0.0.1:4200', origin: 'https://anything.example' }))).toBe(true);
  });
});
