import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The browser UI's end-to-end tests (test/ui): headless Debian chromium (scripts/install-chromium.sh)
// against the real emulator process from dist/ (npm run build first). Run: npx vitest run -c vitest.ui.config.ts
// eslint-disable-next-line no-restricted-syntax -- vitest reads the config's default export
export default defineConfig({
  // One copy of graphql, the one Node loads (see vitest.config.ts): test/ui/okta-sign-in.test.ts starts an emulator in-process.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/ui/**/*.test.ts'],
    globalSetup: ['test/ui/global-setup.ts'],
    // One browser at a time: the machines have two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
