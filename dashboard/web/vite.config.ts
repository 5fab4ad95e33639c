import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The dashboard server serves dist/ with an SPA fallback; in `vite dev` the same paths are proxied to a
// running server (LOUYU_DASHBOARD_URL, default http://localhost:3000), so /api and socket.io work alike.
const server = process.env.LOUYU_DASHBOARD_URL ?? 'http://localhost:3000';

/**
 * The dashboard's Content-Security-Policy allows no `eval`. TypeBox (in @louyu/core) probes for it with
 * `new Function` when its validators are compiled, whatever its `useAcceleration` setting, and the browser
 * reports each probe as a CSP violation. In the browser build its evaluation module says "no" without
 * probing, so TypeBox checks values without generated code, as it would after a failed probe.
 */
function typeboxWithoutEval(): Plugin {
  return {
    name: 'louyu-typebox-without-eval',
    enforce: 'pre',
    load(id) {
      if (!id.replace(/\\/g, '/').endsWith('/typebox/build/system/environment/evaluate.mjs')) return null;
      return [
        'export function CanEvaluate() { return false; }',
        "export function Evaluate() { throw new Error('no code evaluation in the browser (Content-Security-Policy)'); }",
      ].join('\n');
    },
  };
}

export default defineConfig({
  plugins: [typeboxWithoutEval(), svelte()],
  // @louyu/core from its TypeScript sources (its "source" export condition), not its Node bundle, so
  // TypeBox stays a module of its own that the plugin above can replace.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Pages are chunks of their own (src/lib/pages.ts); the one chunk over Vite's 500 kB is ECharts (the
    // chart types the dashboard draws, tree-shaken, about 625 kB, 210 kB gzipped), loaded only with a page
    // that draws a chart. The limit is that chunk's, so anything else growing past it is still reported.
    chunkSizeWarningLimit: 640,
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
