import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = [
  { find: '@relata/core', replacement: fileURLToPath(new URL('./core/src/index.ts', import.meta.url)) },
  { find: '@relata/runtime', replacement: fileURLToPath(new URL('./runtime/src/index.ts', import.meta.url)) },
  // graphql 16 has no `exports`: Node loads its CJS entry for externalised packages (Pothos, yoga)
  // while Vite would pick `module` (ESM) for our sources; two copies break `instanceof` checks.
  { find: /^graphql$/, replacement: fileURLToPath(new URL('./core/node_modules/graphql/index.js', import.meta.url)) },
];

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
          exclude: ['**/node_modules/**', 'test/e2e/**', 'test/bench/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own server and database; two at once fit on 2 cores.
          maxWorkers: 2,
        },
      },
    ],
  },
});
