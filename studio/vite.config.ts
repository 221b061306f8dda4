import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const backend = process.env.RELATA_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/graphql': backend,
      '/metadata': backend,
      '/auth': backend,
    },
  },
  build: {
    chunkSizeWarningLimit: 1500,
  },
});
