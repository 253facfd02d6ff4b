// Builds the web app into web/dist (served at / by src/http/static-web.ts). `vite` in web/ serves it in
// development with /graphql and /artifacts proxied to the API on :4000.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      '/artifacts': 'http://127.0.0.1:4000',
    },
  },
});
