import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The dashboard server serves dist/ with an SPA fallback; in `vite dev` the same paths are proxied to a
// running server (LOUYU_DASHBOARD_URL, default http://localhost:3000), so /api and socket.io work alike.
const server = process.env.LOUYU_DASHBOARD_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
