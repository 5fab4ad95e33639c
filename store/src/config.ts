// createStore: one entry point for the CLI and tests. Configuration is checked before anything opens,
// and every refusal names the option so `louyu` can stop start-up with a message that says what to fix.
import { ConfigError } from '@louyu/core';
import type { RetentionSettings, TelemetryStore } from './types.ts';
import { SqliteStore } from './sqlite/store.ts';
import { InfluxStore, type InfluxFlavor } from './influx/store.ts';

/** The embedded store: one SQLite file. */
export interface SqliteStoreConfig {
  kind: 'sqlite';
  /** Database file, e.g. `./data/louyu.db` (its folder is created), or `:memory:`. */
  path: string;
  retention?: Partial<RetentionSettings>;
  /** How often retention runs by itself, in ms (default 1 hour; 0: only on applyRetention calls). */
  retentionIntervalMs?: number;
}

/** InfluxDB over its v1-compatible HTTP API. */
export interface InfluxStoreConfig {
  kind: 'influx';
  /** Base URL, e.g. `http://localhost:8086`. */
  url: string;
  /** Database (1.x, 3.x), or the database name a 2.x DBRP mapping points at the bucket. */
  database: string;
  /** API token (2.x, 3.x). */
  token?: string;
  /** User and password when 1.x runs with auth enabled. */
  username?: string;
  password?: string;
  /** `1.x` (default), `2.x` or `3.x`: decides set-up, retention and rollups. */
  flavor?: InfluxFlavor;
  retention?: Partial<RetentionSettings>;
  /** Hour rollups database on 1.x (default `<database>_rollup`). */
  rollupDatabase?: string;
  /** Create databases, retention policies and the continuous query on 1.x (default true). */
  setup?: boolean;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
}

/** What {@link createStore} accepts. */
export type StoreConfig = SqliteStoreConfig | InfluxStoreConfig;

const DATABASE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const FLAVORS: readonly InfluxFlavor[] = ['1.x', '2.x', '3.x'];
const HOUR = 3_600_000;

function bad(option: string, problem: string): never {
  throw new ConfigError(`store.${option}`, problem);
}

function checkRetention(retention: Partial<RetentionSettings> | undefined, influx: boolean): void {
  if (retention === undefined) return;
  if (typeof retention !== 'object' || retention === null) bad('retention', 'must be an object');
  for (const key of ['rawMs', 'rollupMs', 'minuteRollupMs'] as const) {
    const value = retention[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0)
      bad(`retention.${key}`, `must be a positive integer of ms, got ${String(value)}`);
    // InfluxDB refuses retention policies shorter than an hour.
    if (influx && value < HOUR) bad(`retention.${key}`, `must be at least 1 hour (${HOUR} ms) for InfluxDB`);
  }
}

function checkOptionalString(config: object, key: string): void {
  const value = (config as Record<string, unknown>)[key];
  if (value !== undefined && (typeof value !== 'string' || value === ''))
    bad(key, 'must be a non-empty string');
}

/** Checks a store configuration; throws core's ConfigError naming the first bad option (`store.path`). */
export function validateStoreConfig(config: StoreConfig): void {
  if (typeof config !== 'object' || config === null) bad('(config)', 'must be an object');
  const kind = (config as { kind?: unknown }).kind;
  if (kind === 'sqlite') {
    const sqlite = config as SqliteStoreConfig;
    if (typeof sqlite.path !== 'string' || sqlite.path.trim() === '')
      bad('path', 'must name the SQLite file');
    const interval = sqlite.retentionIntervalMs;
    if (interval !== undefined && (!Number.isSafeInteger(interval) || interval < 0)) {
      bad('retentionIntervalMs', `must be 0 or a positive integer of ms, got ${String(interval)}`);
    }
    checkRetention(sqlite.retention, false);
    return;
  }
  if (kind === 'influx') {
    const influx = config as InfluxStoreConfig;
    let url: URL | undefined;
    try {
      url = new URL(influx.url);
    } catch {
      bad('url', `must be an http(s) URL such as http://localhost:8086, got ${JSON.stringify(influx.url)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      bad('url', `must use http or https, got ${url.protocol}`);
    if (typeof influx.database !== 'string' || !DATABASE_PATTERN.test(influx.database)) {
      bad('database', `must match ${DATABASE_PATTERN}, got ${JSON.stringify(influx.database)}`);
    }
    if (influx.rollupDatabase !== undefined && !DATABASE_PATTERN.test(influx.rollupDatabase)) {
      bad('rollupDatabase', `must match ${DATABASE_PATTERN}, got ${JSON.stringify(influx.rollupDatabase)}`);
    }
    if (influx.rollupDatabase !== undefined && influx.rollupDatabase === influx.database) {
      bad('rollupDatabase', 'must differ from database (retention deletes raw data database-wide)');
    }
    if (influx.flavor !== undefined && !FLAVORS.includes(influx.flavor)) {
      bad('flavor', `must be one of ${FLAVORS.join(', ')}, got ${JSON.stringify(influx.flavor)}`);
    }
    for (const key of ['token', 'username', 'password']) checkOptionalString(influx, key);
    if (influx.password !== undefined && influx.username === undefined) bad('password', 'needs username too');
    if (
      influx.timeoutMs !== undefined &&
      (!Number.isSafeInteger(influx.timeoutMs) || influx.timeoutMs <= 0)
    ) {
      bad('timeoutMs', `must be a positive integer of ms, got ${String(influx.timeoutMs)}`);
    }
    checkRetention(influx.retention, true);
    return;
  }
  bad('kind', `must be "sqlite" or "influx", got ${JSON.stringify(kind)}`);
}

/** Validates the configuration and opens the store it names (InfluxDB 1.x: sets up its databases). */
export async function createStore(config: StoreConfig): Promise<TelemetryStore> {
  validateStoreConfig(config);
  if (config.kind === 'sqlite') return new SqliteStore(config);
  return InfluxStore.open(config);
}
