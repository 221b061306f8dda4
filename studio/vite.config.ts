import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const backend = process.env.RELATA_URL ?? 'http://localhost:4000';

/**
 * Two entries, one build: the studio (`index.html`) and the customer portal (`portal.html`, served
 * by the runtime under `/portal/`). They share the dependencies and the build step, and Rolldown
 * splits their chunks, so the portal loads none of the studio's code.
 */
export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/graphql': backend,
      '/metadata': backend,
      '/auth': backend,
      '/portal/auth': backend,
      '/portal/api': backend,
    },
  },
  build: {
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        studio: fileURLToPath(new URL('./index.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal.html', import.meta.url)),
      },
    },
  },
});
