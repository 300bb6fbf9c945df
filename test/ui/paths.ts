import { join } from 'node:path';
import { inject } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');
/** Screenshots of the UI tests (git-ignored). */
export const SHOTS = join(ROOT, 'test-results', 'ui');

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's private copy of the built emulator and UI (see global-setup.ts). */
    uiApp: string;
  }
}

/** The private copy of the built emulator and UI this test run uses (made by global-setup.ts). */
export function appDir(): string {
  return inject('uiApp');
}
