// Writes dist/schema-document.json: schema.graphql parsed once at build time, with the SHA-256
// of the SDL it was parsed from. Start-up reads it with JSON.parse, several times faster than
// graphql-js parses the SDL cold, and uses it only when that digest is schema.graphql's
// (src/graphql/schema.ts, sdlDigest), so an edited schema is never served from a stale parse.
//
//   node scripts/schema-document.mjs   (scripts/build.mjs runs it)
import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'dist', 'schema-document.json');

const sdl = readFileSync(join(root, 'schema.graphql'), 'utf8');
// The same options as the run-time parse (src/graphql/schema.ts): no source locations.
const document = parse(sdl, { noLocation: true });
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ sdlSha256: hash('sha256', sdl, 'hex'), document }));
