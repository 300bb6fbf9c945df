import { readFileSync } from 'node:fs';

/** The package's version, read once from the package.json two levels up from src/service/, dist/service/ and the bundled dist/cli/. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
