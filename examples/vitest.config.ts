// Vitest configuration for the examples: one emulator for the whole run (globalSetup), shared by
// every test file. Copy it into your project as it is, minus the two lines marked "repo only".
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// eslint-disable-next-line no-restricted-syntax -- vitest reads the config's default export
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // repo only: here the package is this repository (dist/, reached by its own name), which
    // vite would otherwise transform; installed from npm, it sits in node_modules and is not.
    server: { deps: { external: [/\/dist\//] } },
  },
});
