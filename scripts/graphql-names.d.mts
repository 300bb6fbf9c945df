import type { Plugin } from 'esbuild';
/** graphql/type/assertName.mjs, as the bundle takes it. */
export declare const ASSERT_NAME_FILE: RegExp;
/** graphql-js's assertName.mjs with the fast path for valid names in front of its checks; throws when the file has changed. */
export declare const withFastNameCheck: (source: string) => string;
/** The esbuild plugin that applies {@link withFastNameCheck}. */
export declare const fastNameCheck: Plugin;
