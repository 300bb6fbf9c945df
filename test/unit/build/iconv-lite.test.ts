import { describe, expect, it } from 'vitest';
import { decode, encodingExists, getDecoder } from '../../../scripts/iconv-lite.mjs';

/** The stand-in for iconv-lite in the control script: what body-parser and raw-body call. */
describe('the iconv-lite stand-in', () => {
  it('decodes UTF-8 and UTF-16, dropping a byte order mark', () => {
    expect(decode(Buffer.from('\ufeff{"a":"é"}'), 'utf-8')).toBe('{"a":"é"}');
    expect(decode(Buffer.from('{"a":"é"}', 'utf16le'), 'UTF-16LE')).toBe('{"a":"é"}');
    expect(decode(Buffer.from('{"a":"é"}', 'utf16le').swap16(), 'utf-16be')).toBe('{"a":"é"}');
  });

  it('reads iso-8859-1 as Latin-1 byte for byte (not windows-1252)', () => {
    expect(decode(Buffer.from([0x61, 0x80, 0xe9]), 'iso-8859-1')).toBe('a\u0080é');
  });

  it('decodes UTF-32 either way, by its name or its byte order mark, across chunks', () => {
    const le = Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0, 0x00, 0xf6, 0x01, 0]);
    const be = Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x61, 0, 0x01, 0xf6, 0x00]);
    expect(decode(le, 'utf-32le')).toBe('a\u{1f600}');
    expect(decode(be, 'utf-32')).toBe('a\u{1f600}');
    const decoder = getDecoder('utf-32be');
    expect(decoder.write(be.subarray(0, 6)) + decoder.write(be.subarray(6)) + decoder.end()).toBe('a\u{1f600}');
  });

  it('keeps a character split across chunks whole', () => {
    const bytes = Buffer.from('é€');
    const decoder = getDecoder('utf-8');
    expect([...bytes].map((b) => decoder.write(Buffer.from([b]))).join('') + decoder.end()).toBe('é€');
  });

  it('refuses an encoding it cannot decode with iconv-lite\'s message (raw-body answers 415 on it)', () => {
    expect(encodingExists('utf-8')).toBe(true);
    expect(encodingExists('utf-99')).toBe(false);
    expect(() => getDecoder('utf-99')).toThrow(/^Encoding not recognized: /);
  });
});
