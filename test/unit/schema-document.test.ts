import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, buildSchema, introspectionFromSchema, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { addResolversToSchema } from '@graphql-tools/schema';
import { resolvers } from '../../src/graphql/resolvers.js';
import { loadSchema, parseSdl, SCHEMA_DOCUMENT_PATH, SCHEMA_PATH, schemaDocument, sdlDigest } from '../../src/graphql/schema.js';

const sdl = readFileSync(SCHEMA_PATH, 'utf8');
const INTROSPECT_ALL = { specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true };
const artifactOf = (text: string, document = parseSdl(text)): string => JSON.stringify({ sdlSha256: sdlDigest(text), document });

describe('the schema document the build parses ahead of start-up', () => {
  it('dist/schema-document.json is schema.graphql parsed as start-up would parse it (npm run build writes it)', () => {
    expect(existsSync(SCHEMA_DOCUMENT_PATH), `${fileURLToPath(SCHEMA_DOCUMENT_PATH)} is missing: run npm run build`).toBe(true);
    const built = JSON.parse(readFileSync(SCHEMA_DOCUMENT_PATH, 'utf8')) as { sdlSha256: string; document: unknown };
    expect(built.sdlSha256).toBe(sdlDigest(sdl));
    expect(built.document).toEqual(JSON.parse(JSON.stringify(parseSdl(sdl))));
  });

  it('builds a schema that prints and introspects exactly as buildSchema(schema.graphql)', () => {
    const reference = buildSchema(sdl);
    const built = buildASTSchema(schemaDocument(sdl, readFileSync(SCHEMA_DOCUMENT_PATH, 'utf8')), { assumeValidSDL: true });
    expect(printSchema(built)).toBe(printSchema(reference));
    expect(introspectionFromSchema(built, INTROSPECT_ALL)).toEqual(introspectionFromSchema(reference, INTROSPECT_ALL));
  });

  it('the executable schema is buildSchema(schema.graphql) with the resolvers attached', () => {
    const reference = addResolversToSchema({ schema: buildSchema(sdl), resolvers });
    expect(printSchema(loadSchema())).toBe(printSchema(reference));
    expect(introspectionFromSchema(loadSchema(), INTROSPECT_ALL)).toEqual(introspectionFromSchema(reference, INTROSPECT_ALL));
  });

  it('is used when it was made from exactly this SDL', () => {
    const other = parseSdl('type Query { other: Int }');
    expect(schemaDocument('type Query { a: Int }', artifactOf('type Query { a: Int }', other))).toEqual(other);
  });

  it('is refused when stale, unreadable or missing: the SDL is parsed instead', () => {
    const stale = artifactOf(`${sdl}\ntype added_later { a: Int }\n`);
    for (const artifact of [stale, '{"sdlSha256":', JSON.stringify({ sdlSha256: sdlDigest(sdl) }), JSON.stringify({ sdlSha256: sdlDigest(sdl), document: { kind: 'Name' } }), null]) {
      const document = schemaDocument(sdl, artifact);
      expect(document).toEqual(parseSdl(sdl));
      expect(buildASTSchema(document, { assumeValidSDL: true }).getType('added_later')).toBeUndefined();
    }
  });
});
