/**
 * Louyu's command line (`louyu`), and `startLouyu()`: the whole of Louyu started from a test suite, as
 * `louyu start` starts it, on free ports with a temporary data folder.
 */
export { main } from './main.ts';
export { startLouyu } from './start-louyu.ts';
export type { Login, StartedLouyu, StartLouyuOptions } from './start-louyu.ts';
export type { StartSettings } from './commands/start-options.ts';
export type { IngestSummary } from './run/ingest-summary.ts';
