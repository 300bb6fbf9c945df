import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers.js';

/** schema.graphql at the package root is the source of truth; src/ and dist/ sit at the same depth below it. */
export const SCHEMA_PATH = new URL('../../schema.graphql', import.meta.url);
/** schema.graphql parsed by the build (scripts/schema-document.mjs), beside the SHA-256 of the SDL it was parsed from. */
export const SCHEMA_DOCUMENT_PATH = new URL('../../dist/schema-document.json', import.meta.url);

/**
 * Parsed without source locations: nothing reports a position in the SDL, and each would be one
 * more object built at every start.
 */
export const parseSdl = (sdl: string): DocumentNode => parse(sdl, { noLocation: true });

/** What schema-document.json records of the SDL it was parsed from (scripts/schema-document.mjs computes the same). */
export const sdlDigest = (sdl: string): string => hash('sha256', sdl, 'hex');

/**
 * The document of `sdl`: the build's parse of it (`artifact`, the text of schema-document.json)
 * when that was made from exactly this SDL (by its SHA-256), else a parse now. Reading the JSON takes a fraction
 * of the time graphql-js's parser takes cold at start-up; a missing, unreadable or stale artifact
 * only costs that time back.
 */
export const schemaDocument = (sdl: string, artifact: string | null): DocumentNode => {
  if (artifact !== null) {
    try {
      const built = JSON.parse(artifact) as { sdlSha256?: unknown; document?: DocumentNode };
      if (built.sdlSha256 === sdlDigest(sdl) && built.document?.kind === Kind.DOCUMENT) return built.document;
    } catch {
      // Not JSON: parse the SDL instead.
    }
  }
  return parseSdl(sdl);
};

const readArtifact = (): string | null => {
  try {
    return readFileSync(SCHEMA_DOCUMENT_PATH, 'utf8');
  } catch {
    return null;
  }
};

let cached: GraphQLSchema | undefined;

/**
 * Builds the executable schema. The SDL's validity, and the schema's, are checked by the test
 * suite (test/unit/schema.test.ts), not at every start nor at the first request: skipping them
 * (and makeExecutableSchema's type-def merging, which one file does not need) halves the time
 * start-up spends here. The resolvers are set on the schema just built
 * (`updateResolversInPlace`) instead of on a copy of the whole schema, which was most of what
 * remained.
 */
export const loadSchema = (): GraphQLSchema => {
  cached ??= addResolversToSchema({
    schema: buildASTSchema(schemaDocument(readFileSync(SCHEMA_PATH, 'utf8'), readArtifact()), { assumeValidSDL: true, assumeValid: true }),
    resolvers,
    updateResolversInPlace: true,
  });
  return cached;
};
