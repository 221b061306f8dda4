import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(fileURLToPath(new URL('../../core/package.json', import.meta.url)));

const alias = [
  { find: '@relata/core', replacement: fileURLToPath(new URL('../../core/src/index.ts', import.meta.url)) },
  { find: '@relata/runtime', replacement: fileURLToPath(new URL('../../runtime/src/index.ts', import.meta.url)) },
  // Node loads graphql's `module-sync` build for externalised packages (Pothos, yoga); Vite would
  // pick its `development` build for our sources, and two copies break its `instanceof` checks.
  { find: /^graphql$/, replacement: require.resolve('graphql') },
];

/**
 * End-to-end suite: the real server and the built studio in headless Chromium.
 * Run: `pnpm test:e2e`.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // Files share one worker's loaded modules (server, studio harness, Playwright): a fresh worker
    // per file re-imported them, 11% of the suite. Each file still starts its own server; they share one Chromium (studio-harness.ts).
    isolate: false,
    // A poll waits for the studio to catch up (a reload, a live update); on a loaded CI machine
    // that takes seconds, not the 1 s default. Failures still come, only later.
    expect: { poll: { timeout: 10_000 } },
  },
});
