import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @gatehouse/web` serves the UI with hot reload against a running server
// (GATEHOUSE_API, default http://127.0.0.1:8080). The server serves the production build.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env.GATEHOUSE_API ?? 'http://127.0.0.1:8080' } },
});
