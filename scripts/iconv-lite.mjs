// Stands in for iconv-lite in dist/lib/control.js (scripts/bundle-cli.mjs): the part of its API
// that body-parser and raw-body call (decoding a request body), on Node's own decoders. iconv-lite's
// tables of encodings were more than half of the express bundle, and the control API and the
// issuer read JSON (the utf-* charsets: TextDecoder's, and UTF-32 here) and forms (utf-8,
// iso-8859-1) only. An encoding neither can decode throws iconv-lite's message, which raw-body
// turns into 415 "specified encoding unsupported".

/** iso-8859-1 is Latin-1 byte for byte here, as in iconv-lite (TextDecoder would read windows-1252). */
const LATIN1 = new Set(['latin1', 'iso-8859-1', 'iso8859-1', 'binary', 'l1']);

const UTF32 = /^utf-?32(le|be)?$/;

/** UTF-32, whole at the end (a code point may straddle chunks); without le/be, by its BOM, else little-endian as iconv-lite. */
const utf32 = (order) => {
  const chunks = [];
  return {
    write: (buffer) => (chunks.push(buffer), ''),
    end: () => {
      const bytes = Buffer.concat(chunks);
      const big = order === 'be' || (!order && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff);
      let out = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const point = big ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
        if (i === 0 && point === 0xfeff) continue;
        out += point <= 0x10ffff ? String.fromCodePoint(point) : '\ufffd';
      }
      return out;
    },
  };
};

const decoderOf = (encoding) => {
  const name = String(encoding).toLowerCase();
  if (LATIN1.has(name)) return { write: (buffer) => buffer.toString('latin1'), end: () => '' };
  const utf32Order = UTF32.exec(name);
  if (utf32Order) return utf32(utf32Order[1]);
  let decoder;
  try {
    decoder = new TextDecoder(name);
  } catch {
    throw new Error(`Encoding not recognized: '${encoding}'`);
  }
  return { write: (buffer) => decoder.decode(buffer, { stream: true }), end: () => decoder.decode() };
};

export const getDecoder = (encoding) => decoderOf(encoding);
export const encodingExists = (encoding) => {
  try {
    decoderOf(encoding);
    return true;
  } catch {
    return false;
  }
};
export const decode = (buffer, encoding) => {
  const decoder = decoderOf(encoding);
  return decoder.write(buffer) + decoder.end();
};
