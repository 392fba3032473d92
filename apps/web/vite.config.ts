import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The server this dev server forwards API and live-feed calls to (`npm start` listens on 3000). */
const apiTarget = process.env.ECHELON_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    // The size report reads the manifest to follow what the live page loads first.
    manifest: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api/v1/live': { target: apiTarget.replace(/^http/, 'ws'), ws: true },
      '/api': { target: apiTarget },
    },
  },
});
