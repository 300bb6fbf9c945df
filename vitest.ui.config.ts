import { defineConfig } from 'vitest/config';

// The browser UI's end-to-end tests (test/ui): headless Debian chromium (scripts/install-chromium.sh)
// against the real emulator process from dist/ (npm run build first). Run: npx vitest run -c vitest.ui.config.ts
// eslint-disable-next-line no-restricted-syntax -- vitest reads the config's default export
export default defineConfig({
  test: {
    include: ['test/ui/**/*.test.ts'],
    globalSetup: ['test/ui/global-setup.ts'],
    // One browser at a time: the machines have two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
