import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { defaultFixtureCast, launchBrowser, publishScreenshots, startEmulator, type Emulator, type TenantCast } from './helpers.js';

/** What each test of a UI suite works with: the real emulator process, a chromium, and who is who in the default fixture. */
export interface UiSuite {
  readonly emu: Emulator;
  readonly browser: Browser;
  readonly cast: TenantCast;
}

/**
 * A suite of end-to-end UI tests: one emulator (started with `extraArgs`) and one browser for the
 * whole suite, both stopped after it, and the screenshots it took published.
 */
export function describeUi(name: string, body: (ui: UiSuite) => void, extraArgs: string[] = []): void {
  describe(name, () => {
    const ui = {} as { emu: Emulator; browser: Browser; cast: TenantCast };
    beforeAll(async () => {
      ui.cast = defaultFixtureCast();
      [ui.emu, ui.browser] = await Promise.all([startEmulator(extraArgs), launchBrowser()]);
    });
    afterAll(async () => {
      await ui.browser?.close();
      await ui.emu?.stop();
      publishScreenshots();
    });
    body(ui);
  });
}
