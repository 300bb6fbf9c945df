// A fast path for graphql-js's name check in dist/lib/emulator.js (scripts/bundle-cli.mjs).
// Building the schema checks every type, field, argument and enum value name (assertName in
// graphql/type/assertName.mjs) one character at a time; at start-up that loop runs cold, in V8's
// interpreter, and took about 3 ms of every start. A valid name is recognised by one regular
// expression (compiled to machine code by V8's regexp engine) and returned; anything else falls
// through to graphql-js's own checks, which throw its own errors. The same names pass and fail.
import { readFile } from 'node:fs/promises';

/** graphql/type/assertName.mjs, as the bundle takes it. */
export const ASSERT_NAME_FILE = /[\\/]graphql[\\/]type[\\/]assertName\.mjs$/;

/** The line the fast path goes before: the first check after graphql-js's type assertions. */
const ANCHOR = '  if (name.length === 0) {';

/**
 * graphql-js's assertName.mjs with the fast path in front of its checks. Throws when the file no
 * longer has the line it goes before (another graphql-js), so the build fails instead of
 * dropping it silently.
 * @param {string} source
 * @returns {string}
 */
export const withFastNameCheck = (source) => {
  const at = source.indexOf(ANCHOR);
  if (at < 0 || source.indexOf(ANCHOR, at + 1) >= 0) {
    throw new Error('graphql-names: graphql/type/assertName.mjs no longer has the one check the fast path goes before');
  }
  return `${source.slice(0, at)}  if (VALID_NAME.test(name)) return name;\n${source.slice(at)}\nconst VALID_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;\n`;
};

/** The esbuild plugin that applies {@link withFastNameCheck}. */
export const fastNameCheck = {
  name: 'graphql-fast-name-check',
  /** @param {import('esbuild').PluginBuild} b */
  setup: (b) => {
    b.onLoad({ filter: ASSERT_NAME_FILE }, async (args) => ({ contents: withFastNameCheck(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
};
