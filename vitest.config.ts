import { defineConfig } from 'vitest/config';

// One run for every workspace. Tests that start real servers (influxd, brokers, browsers) take their
// time on a 2-core machine, so the timeouts are generous; no test asserts a wall-clock time.
export default defineConfig({
  test: {
    include: ['*/test/**/*.test.ts', 'dashboard/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
