import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { assertEnumValueName, assertName } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSERT_NAME_FILE, fastNameCheck, withFastNameCheck } from '../../../scripts/graphql-names.mjs';

const ASSERT_NAME = join(dirname(createRequire(import.meta.url).resolve('graphql')), 'type', 'assertName.mjs');

type Checks = { assertName: (name: unknown) => string; assertEnumValueName: (name: unknown) => string };

/** What a check does with `name`: the name it returns, or the message it throws. */
const outcome = (check: (name: unknown) => string, name: unknown): string => {
  try {
    return `returns ${check(name)}`;
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
};

const NAMES: unknown[] = ['User', '_x', 'a1', 'api_key', '__typename', 'A'.repeat(300), '', '1User', 'us-er', 'üser', 'a b', 'a\nb', 'true', 'false', 'null', 'True', null, undefined, 42];

/** The name check in the bundle (scripts/bundle-cli.mjs): graphql-js's assertName.mjs with the fast path, bundled as the build bundles it. */
describe('the fast name check in the bundle', () => {
  let dir: string;
  let bundled: Checks;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pce-names-'));
    const out = join(dir, 'assert-name.mjs');
    const result = await build({
      stdin: { contents: "export { assertName, assertEnumValueName } from 'graphql/type/assertName.mjs';", resolveDir: dirname(ASSERT_NAME), loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      mainFields: ['module', 'main'],
      plugins: [fastNameCheck],
    });
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('^[_a-zA-Z][_a-zA-Z0-9]*$');
    writeFileSync(out, code);
    bundled = (await import(pathToFileURL(out).href)) as Checks;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken for graphql-js\'s assertName.mjs', () => {
    expect(ASSERT_NAME_FILE.test(ASSERT_NAME)).toBe(true);
  });

  it('passes and fails every name as graphql-js does, with its messages', () => {
    for (const name of NAMES) {
      expect(outcome(bundled.assertName, name), String(name)).toBe(outcome(assertName as Checks['assertName'], name));
      expect(outcome(bundled.assertEnumValueName, name), String(name)).toBe(outcome(assertEnumValueName as Checks['assertEnumValueName'], name));
    }
  });

  it('fails the build when assertName.mjs no longer has the line the fast path goes before', () => {
    const source = readFileSync(ASSERT_NAME, 'utf8');
    expect(() => withFastNameCheck(source.replace('if (name.length === 0) {', 'if (!name.length) {'))).toThrow(/no longer has/);
    expect(withFastNameCheck(source)).toContain('if (VALID_NAME.test(name)) return name;');
  });
});
