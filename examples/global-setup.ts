// vitest globalSetup: start one emulator for the whole test run and hand its URL and a key to
// every test file (`inject`), and to code that reads the environment (`PREFECT__CLOUD__API`).
import { startEmulator, type RunningEmulator } from 'prefect-cloud-emulator';
import type { TestProject } from 'vitest/node';

let emulator: RunningEmulator | undefined;

export async function setup(project: TestProject): Promise<void> {
  emulator = await startEmulator({ frozenAt: '2030-01-01T00:00:00Z' });
  project.provide('prefectApi', emulator.url);
  project.provide('prefectAdminKey', emulator.key('acme-tenant-admin'));
  // Test workers start after globalSetup and inherit the environment.
  process.env.PREFECT__CLOUD__API = emulator.url;
}

export async function teardown(): Promise<void> {
  await emulator?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    prefectApi: string;
    prefectAdminKey: string;
  }
}
