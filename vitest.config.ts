import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = {
  '@relata/core': fileURLToPath(new URL('./core/src/index.ts', import.meta.url)),
  '@relata/runtime': fileURLToPath(new URL('./runtime/src/index.ts', import.meta.url)),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['core/src/**/*.test.ts', 'runtime/src/**/*.test.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/bench/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own server and database; two at once fit on 2 cores.
          maxWorkers: 2,
        },
      },
    ],
  },
});
