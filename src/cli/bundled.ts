import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/**
 * The package's code (the command line and the programmatic API) is one script,
 * dist/lib/emulator.js (with a second, {@link CONTROL_SCRIPT}, for the express app), beside the V8 code cache the build made for it (dist/lib/emulator.cache,
 * scripts/code-cache.mjs): compiling it with the cache skips parsing and compiling everything
 * that start-up runs, which is most of what V8 did before the first line of ours ran. Node 20
 * caches neither ES modules nor their functions, hence a script. A cache made by another Node
 * version or under other V8 flags is rejected by V8 and the script is compiled from its source,
 * only slower. V8 checks the cache's version, flags and source length but, in a release build,
 * not its content, and a damaged cache crashes the process: the file starts with the SHA-256 of
 * the rest, and one that does not match is not given to V8 (a third of a millisecond, spent on
 * node:crypto, which the script loads anyway).
 *
 * The script is one function expression (scripts/bundle-cli.mjs wraps it):
 * `(function (module, exports, require, importMetaUrl) { … })`, as CommonJS gives a module, plus
 * the URL every `import.meta.url` of the sources stands for (all of them sat two levels below
 * the package root, like dist/lib/).
 */
export const SCRIPT = new URL('../lib/emulator.js', import.meta.url);
/** The code cache of {@link SCRIPT}: the SHA-256 (64 hex digits) of what follows, then V8's data; see scripts/code-cache.mjs. */
export const CODE_CACHE = new URL('../lib/emulator.cache', import.meta.url);
/**
 * The second script, dist/lib/control.js: the express app (src/http/app.ts) with the control API,
 * the issuer and the UI's files, which GraphQL never needs. The first script compiles and runs it
 * on the first request for one of those (scripts/bundle-cli.mjs puts that loader in place of
 * server.ts's `import('./app.js')`), so start-up neither compiles nor deserializes express. The
 * modules it shares with the first script (domain errors, the issuer's paths, …) are not in it
 * but handed to it by the first, so there is one copy of each (one DomainError class for
 * `instanceof`).
 */
export const CONTROL_SCRIPT = new URL('../lib/control.js', import.meta.url);
/**
 * The code cache of {@link CONTROL_SCRIPT}'s top level, made under the heap flags the bin sets
 * (src/cli/heap.ts) before anything asks for the control API: the bin's first control request
 * skips compiling the script. Elsewhere (the library in a process without those flags) V8
 * refuses it and the script is compiled from its source.
 */
export const CONTROL_CACHE = new URL('../lib/control.cache', import.meta.url);

/** The bundled script, compiled: the function expression scripts/bundle-cli.mjs wraps it in. */
export type Wrapper = (module: { exports: object }, exports: object, require: NodeJS.Require, importMetaUrl: string) => void;

/** The script compiled, not yet run. */
export interface CompiledBundle {
  /** True when there was no cache, or V8 refused it: the script was compiled from its source. */
  readonly cacheRejected: boolean;
  /**
   * Runs the script once and returns what its entry exports. `modules`, by id, are what the
   * script's `require` returns for those ids before asking node (the modules a second script
   * takes from the first).
   */
  run<T extends object>(modules?: Readonly<Record<string, object>>): T;
  /** The code of every function compiled so far, as a cache file (the build writes one after a warm-up run). */
  createCacheFile(): Buffer;
}

const DIGEST = 64;
const digest = (data: Uint8Array): string => hash('sha256', data, 'hex');

/** The V8 data of a cache file, or undefined when there is none or it is damaged. */
const readCache = (cache: URL): Buffer | undefined => {
  let file: Buffer;
  try {
    file = readFileSync(cache);
  } catch {
    return undefined;
  }
  const data = file.subarray(DIGEST);
  return file.length > DIGEST && file.toString('latin1', 0, DIGEST) === digest(data) ? data : undefined;
};

/** Node's require for `filename`, answering the ids of `modules` from there. */
const requireFor = (filename: string, modules?: Readonly<Record<string, object>>): NodeJS.Require => {
  const nodeRequire = createRequire(filename);
  if (!modules) return nodeRequire;
  const given = (id: string): unknown => (Object.hasOwn(modules, id) ? modules[id] : nodeRequire(id));
  return Object.assign(given, nodeRequire) as NodeJS.Require;
};

/** Compiles {@link SCRIPT} (or `script`) with its code cache (`cache`, none when null) when there is one V8 accepts. */
export const compileBundle = (script: URL = SCRIPT, cache: URL | null = CODE_CACHE): CompiledBundle => {
  const filename = fileURLToPath(script);
  const cachedData = cache ? readCache(cache) : undefined;
  // The build checks that the script is ASCII (esbuild escapes the rest): latin1 is the cheapest read.
  const compiled = new Script(readFileSync(filename, 'latin1'), {
    filename,
    ...(cachedData ? { cachedData } : {}),
  });
  let exported: object | undefined;
  return {
    cacheRejected: cachedData === undefined || compiled.cachedDataRejected === true,
    run: <T extends object>(modules?: Readonly<Record<string, object>>): T => {
      if (!exported) {
        const module = { exports: {} };
        (compiled.runInThisContext() as Wrapper)(module, module.exports, requireFor(filename, modules), script.href);
        exported = module.exports;
      }
      return exported as T;
    },
    createCacheFile: () => {
      const data = compiled.createCachedData();
      return Buffer.concat([Buffer.from(digest(data), 'latin1'), data]);
    },
  };
};
