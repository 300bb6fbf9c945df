import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// eslint-disable-next-line no-restricted-syntax -- vitest reads the config's default export
export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds without an exports map: Node (and so @graphql-tools)
    // loads the CJS one, vite would pick the ESM one, and two copies of graphql refuse each
    // other's schemas. Point vite at the copy Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/ui/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
