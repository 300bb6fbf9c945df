import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README's vitest examples (examples/: a globalSetup shared by test files, and an emulator
 * per test file) run here as their own vitest project, against the built package, so they
 * cannot rot. They import 'prefect-cloud-emulator' like a user's project does.
 */
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pce-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without this vitest run's own variables, which would confuse the nested one. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS' && name !== 'TEST'));

interface JsonReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  testResults: { name: string; status: string; assertionResults: { fullName: string; status: string }[] }[];
}

describe.concurrent('examples/', () => {
  it('run and pass under vitest: globalSetup + inject + sandboxes, and beforeAll/afterAll per file', async () => {
    const report = join(dir, 'report.json');
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    await run(process.execPath, [vitest, 'run', '--config', 'examples/vitest.config.ts', '--reporter=json', `--outputFile=${report}`], { cwd: ROOT, env, timeout: 60_000 })
      .catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`the examples failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
    const result = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
    expect(result.success).toBe(true);
    const files = Object.fromEntries(result.testResults.map((f) => [f.name.replace(/^.*\//, ''), f.assertionResults.map((a) => a.status)]));
    expect(Object.keys(files).sort()).toEqual(['per-file.test.ts', 'shared-emulator.test.ts']);
    for (const statuses of Object.values(files)) {
      expect(statuses.length).toBeGreaterThanOrEqual(3);
      expect(new Set(statuses)).toEqual(new Set(['passed']));
    }
    expect(result.numPassedTests).toBe(result.numTotalTests);
  }, 90_000);

  it('type-check against the package\'s published declarations', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const { stdout } = await run(process.execPath, [tsc, '-p', 'examples/tsconfig.json'], { cwd: ROOT, env, timeout: 60_000 })
      .catch((error: { stdout?: string }) => {
        throw new Error(`tsc found errors in examples/:\n${error.stdout ?? ''}`);
      });
    expect(stdout).toBe('');
  }, 90_000);
});
