// @louyu/store: where Louyu keeps telemetry. One interface, two implementations, one contract suite.
export type {
  Aggregate,
  BuildingSeries,
  DeviceSeries,
  RetentionSettings,
  SeriesFilter,
  SeriesPoint,
  SeriesOptions,
  SeriesQuery,
  TelemetryPoint,
  TelemetryStore,
  TimeRange,
} from './types.ts';
export { AGGREGATES, DEFAULT_RETENTION, MAX_POINTS_LIMIT } from './types.ts';
export { StoreError, canRetry, type StoreErrorCode } from './errors.ts';
export { alignedRange, bucketCount, bucketStart, stepFor } from './buckets.ts';
export { NAME_PATTERN, tagValueProblem, validatePoint, validatePoints } from './validate.ts';
export {
  createStore,
  validateStoreConfig,
  type InfluxStoreConfig,
  type SqliteStoreConfig,
  type StoreConfig,
} from './config.ts';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/store.ts';
export { SCHEMA_VERSION as SQLITE_SCHEMA_VERSION } from './sqlite/schema.ts';
export { sqliteSchemaVersion, upgradeSqliteFile, type UpgradeResult } from './sqlite/upgrade.ts';
export { InfluxStore, type InfluxFlavor, type InfluxStoreOptions } from './influx/store.ts';
export { toLine, toLines } from './influx/line-protocol.ts';
