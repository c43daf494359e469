// The dashboard's build: `npm run build:web` writes web/dist, which `traction serve` serves.
// `npm run dev:web` serves it with hot reload and proxies /api to a running `traction serve`.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://127.0.0.1:4600' } },
});
