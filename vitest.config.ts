import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// One run for every workspace. Tests that start real servers (influxd, brokers, browsers) take their
// time on a 2-core machine, and CI must pass while other work keeps both cores busy (load average 20 was
// seen to stretch a browser suite's start past 120 s, and at load 28 a broker took over 60 s to be ready), so
// the timeouts are generous: a timeout only ends a
// test that is failing anyway, and every wait inside names what it waited for. No test asserts a
// wall-clock time.
export default defineConfig({
  // Tests run the workspace packages from their TypeScript sources (each package's "source" export
  // condition), so an edit needs no rebuild; `node` and the `louyu` command run the compiled dist/.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    include: ['*/test/**/*.test.ts', 'dashboard/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
