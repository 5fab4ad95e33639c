import type { TelemetryPoint } from '@louyu/core';

export type { TelemetryPoint };

/** How the values of one bucket are combined. `last` is the value with the latest timestamp in the bucket. */
export type Aggregate = 'mean' | 'max' | 'min' | 'last' | 'sum' | 'count';

/** Every {@link Aggregate}, in a stable order (for validation and tests). */
export const AGGREGATES: readonly Aggregate[] = ['mean', 'max', 'min', 'last', 'sum', 'count'];

/**
 * Which series a query reads. Building and device are topic segments (`^[a-z0-9][a-z0-9_-]{0,63}$`) and are
 * refused otherwise; other tag values may hold any printable text and are escaped.
 */
export interface SeriesFilter {
  /** One measurement (a kind such as `occupancy`, or `gateway_status`). */
  measurement: string;
  /** One building, or any of several (an empty list matches nothing). */
  building?: string | readonly string[];
  /** One device, or any of several (an empty list matches nothing). */
  device?: string | readonly string[];
  /** Further tags that must match exactly, e.g. `{ circuit: 'hvac' }` or `{ cluster: 'taiyuan' }`. */
  tags?: Readonly<Record<string, string>>;
}

/** One bucket of a time series: `ts` is the bucket's start (a multiple of the step since the epoch). */
export interface SeriesPoint {
  ts: number;
  value: number;
}

/** One building's buckets, for district-wide queries grouped by building. */
export interface BuildingSeries {
  building: string;
  points: SeriesPoint[];
}

/** One device's buckets, for district-wide queries grouped by building and device. */
export interface DeviceSeries {
  building: string;
  device: string;
  points: SeriesPoint[];
}

/** A span of time, [from, to) in UTC ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** How a district-wide series query may be answered. */
export interface SeriesOptions {
  /**
   * Only the buckets whose start lies in one of these spans ([from, to) in UTC ms; e.g. the morning peaks of
   * a week), and the store reads only those spans. Each bucket is still aggregated over its whole width.
   */
  within?: readonly TimeRange[];
  /**
   * Whole-hour steps from the hour rollups for every hour the store has folded, raw data only for the
   * newest hours, even where raw data still holds the range (by default raw data answers what it holds):
   * a few rows per series and hour instead of every reading, for looks back over days of frequent readings.
   * InfluxDB 1.x folds an hour (its continuous query) minutes after it ends and again for 6 hours after:
   * points that reach it later than that (a spool replayed after a longer outage) count once
   * `backfillRollups` has run over them. SQLite keeps its rollups on every write and answers alike either way.
   */
  preferRollups?: boolean;
}

/** The arguments of a series query, bundled (what the implementations pass around inside). */
export interface SeriesQuery {
  filter: SeriesFilter;
  /** Inclusive start, UTC ms. */
  from: number;
  /** Exclusive end, UTC ms. */
  to: number;
  /** Bucket width in ms; buckets start at multiples of it since the epoch. Whole minutes or hours use rollups. */
  stepMs: number;
  agg: Aggregate;
  field: string;
}

/** The most raw points one {@link TelemetryStore.points} call returns. */
export const MAX_POINTS_LIMIT = 10_000;

/** How long each tier of data is kept, in ms. */
export interface RetentionSettings {
  /** Raw points (default 30 days). */
  rawMs: number;
  /** Per-hour rollups (default 2 years). */
  rollupMs: number;
  /**
   * Per-minute rollups where the store keeps them (SQLite; default 90 days): at minute resolution two years
   * would be several times the size of the raw data, and charts of months use hours anyway.
   */
  minuteRollupMs: number;
}

const DAY_MS = 24 * 3_600_000;

/** 30 days of raw points, 90 days of minute rollups, 2 years (730 days) of hour rollups. */
export const DEFAULT_RETENTION: RetentionSettings = {
  rawMs: 30 * DAY_MS,
  rollupMs: 730 * DAY_MS,
  minuteRollupMs: 90 * DAY_MS,
};

/**
 * Where Louyu keeps telemetry. Both implementations (InfluxDB, embedded SQLite) pass one contract suite
 * (store/test/contract.ts). A point is identified by measurement + tags + ts: writing it again overwrites
 * its fields, so at-least-once delivery never duplicates data.
 */
export interface TelemetryStore {
  /** Which implementation this is, for logs and /readyz. */
  readonly kind: 'sqlite' | 'influx';
  /** Retention in force. */
  readonly retention: RetentionSettings;
  /**
   * Stores points, all or none, idempotently. Rejects a batch holding an invalid point before writing any
   * (a {@link StoreError} with `canRetry() === false`); I/O failures that may pass are `canRetry() === true`.
   * Points older than the raw retention may be discarded, as retention would discard them.
   */
  write(points: readonly TelemetryPoint[]): Promise<void>;
  /**
   * The latest point of every series matching the filter, in no particular order. With `range`, the latest
   * point in [from, to) (UTC ms) of each series that has one there: a bounded read (InfluxDB reads only that
   * time, not every point the series ever had).
   */
  latest(filter: SeriesFilter, range?: TimeRange): Promise<TelemetryPoint[]>;
  /**
   * Buckets of one numeric `field` across all series matching `filter`, over [from, to) in UTC ms, `stepMs`
   * wide and starting at multiples of `stepMs` since the epoch; a bucket that overlaps the range is
   * aggregated over its whole width. Empty buckets are left out, so the result has at most
   * `bucketCount(from, to, stepMs)` points, in time order. Whole-minute and whole-hour steps are
   * answered from rollups where the store keeps them.
   */
  series(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
  ): Promise<SeriesPoint[]>;
  /**
   * The raw points of every series matching `filter` in [from, to) (UTC ms), newest first, at most `limit`
   * of them (1 to {@link MAX_POINTS_LIMIT}): the events of a log such as alarm transitions, or the last
   * readings of a device. Points of one timestamp come in no particular order among themselves.
   */
  points(filter: SeriesFilter, from: number, to: number, limit: number): Promise<TelemetryPoint[]>;
  /** As {@link TelemetryStore.series}, one result per building (district-wide views), sorted by building. */
  seriesByBuilding(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    options?: SeriesOptions,
  ): Promise<BuildingSeries[]>;
  /**
   * As {@link TelemetryStore.series}, one result per device (building and device tags), sorted by building
   * then device: one query for a kind of series across the district (every car's hours, every meter's
   * counter) rather than one per device.
   */
  seriesByDevice(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    options?: SeriesOptions,
  ): Promise<DeviceSeries[]>;
  /** Drops raw points older than `now - retention.rawMs` and rollups older than their own retention. */
  applyRetention(now: number): Promise<void>;
  /** Resolves when the store can serve reads and writes (for /readyz); rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** Releases files, timers and connections. The store is unusable afterwards. */
  close(): Promise<void>;
}
