import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = [
  { find: '@relata/core', replacement: fileURLToPath(new URL('./core/src/index.ts', import.meta.url)) },
  { find: '@relata/runtime', replacement: fileURLToPath(new URL('./runtime/src/index.ts', import.meta.url)) },
  {
    find: '@relata/plugin-sdk/build',
    replacement: fileURLToPath(new URL('./plugins/sdk/src/cli/index.ts', import.meta.url)),
  },
  {
    find: '@relata/plugin-sdk/testing',
    replacement: fileURLToPath(new URL('./plugins/sdk/src/testing/index.ts', import.meta.url)),
  },
  { find: /^@relata\/plugin-sdk$/, replacement: fileURLToPath(new URL('./plugins/sdk/src/index.ts', import.meta.url)) },
  // Node loads graphql's `module-sync` build for externalised packages (Pothos, yoga); Vite would
  // pick its `development` build for our sources, and two copies break its `instanceof` checks.
  { find: /^graphql$/, replacement: createRequire(new URL('./core/package.json', import.meta.url)).resolve('graphql') },
];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'core/src/**/*.test.ts',
            'runtime/src/**/*.test.ts',
            'plugins/*/src/**/*.test.ts',
            'test/architecture/**/*.test.ts',
          ],
          // Unit files share their worker's loaded modules, as the integration files do: module
          // import was 61% of the unit run, and no unit file keeps state in a shared module.
          isolate: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          globalSetup: ['test/support/global-setup.ts'],
          // First-party plugins' tests run on a real Relata through the SDK's harness.
          include: ['test/**/*.test.ts', 'plugins/*/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/e2e/**', 'test/bench/**', 'test/architecture/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own server and database; two at once fit on 2 cores.
          maxWorkers: 2,
          // Files share their worker's loaded modules: re-importing core, runtime and their
          // libraries per file was half of the suite's time. Files share no state through them
          // (each has its own database, server and workspace ids).
          isolate: false,
        },
      },
    ],
  },
});
