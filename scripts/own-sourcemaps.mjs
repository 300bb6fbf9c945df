// Trims source maps to the project's own code: every source under node_modules/ leaves the map,
// with its content and every mapping into it, so the package ships maps of its own sources and
// none of the dependencies bundled into dist/ (which would weigh more than the code itself).
import { readFileSync, writeFileSync } from 'node:fs';

const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...CHARS].map((c, i) => [c, i]));

/** Base64 VLQ values of one segment. */
const decode = (segment) => {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = VALUE.get(char);
    if (digit === undefined) throw new Error(`own-sourcemaps: bad mapping character ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
};

const encode = (values) => values.map((v) => {
  let rest = v < 0 ? (-v << 1) | 1 : v << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += CHARS[digit];
  } while (rest > 0);
  return out;
}).join('');

/** The map without the sources `drop` selects, as a new object. */
export const withoutSources = (map, drop) => {
  const kept = map.sources.map((source) => !drop(source));
  const newIndex = [];
  let next = 0;
  for (const keep of kept) newIndex.push(keep ? next++ : -1);
  // Absolute positions across the whole mapping (only the generated column restarts each line).
  const abs = { source: 0, line: 0, column: 0, name: 0 };
  const out = { source: 0, line: 0, column: 0, name: 0 };
  const lines = map.mappings.split(';').map((line) => {
    let genColumn = 0;
    let outGenColumn = 0;
    const segments = [];
    for (const segment of line.split(',').filter(Boolean)) {
      const [col, source, srcLine, srcColumn, name] = decode(segment);
      genColumn += col;
      if (source === undefined) continue; // an unmapped stretch: nothing of anyone's to keep
      abs.source += source;
      abs.line += srcLine;
      abs.column += srcColumn;
      if (name !== undefined) abs.name += name;
      const index = newIndex[abs.source];
      if (index < 0) continue;
      const values = [genColumn - outGenColumn, index - out.source, abs.line - out.line, abs.column - out.column];
      if (name !== undefined) values.push(abs.name - out.name);
      outGenColumn = genColumn;
      out.source = index;
      out.line = abs.line;
      out.column = abs.column;
      if (name !== undefined) out.name = abs.name;
      segments.push(encode(values));
    }
    return segments.join(',');
  });
  return {
    ...map,
    sources: map.sources.filter((_, i) => kept[i]),
    ...(map.sourcesContent ? { sourcesContent: map.sourcesContent.filter((_, i) => kept[i]) } : {}),
    mappings: lines.join(';'),
  };
};

/** Rewrites the map files in place, keeping only sources outside node_modules/. */
export const ownSourcesOnly = (files) => {
  for (const file of files) {
    const map = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(withoutSources(map, (source) => /(^|\/)node_modules\//.test(source))));
  }
};
