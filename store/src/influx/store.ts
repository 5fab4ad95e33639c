// TelemetryStore on InfluxDB through the v1-compatible API (see http.ts and setup.ts).
import type { TelemetryPoint } from '@louyu/core';
import { alignedRange, bucketStart } from '../buckets.ts';
import { StoreError } from '../errors.ts';
import {
  DEFAULT_RETENTION,
  type Aggregate,
  type BuildingSeries,
  type DeviceSeries,
  type RetentionSettings,
  type SeriesFilter,
  type SeriesOptions,
  type TimeRange,
  type SeriesPoint,
  type TelemetryStore,
} from '../types.ts';
import {
  validateFilter,
  validatePoints,
  validatePointsQuery,
  validateRange,
  validateSeriesQuery,
} from '../validate.ts';
import { querySpans, startsIn } from '../spans.ts';
import { InfluxHttp, type InfluxConnection, type QueryResult } from './http.ts';
import {
  latestQuery,
  pointsQuery,
  rollupSelect,
  seriesQuery,
  tagConditions,
  type GroupTag,
  type SeriesSource,
} from './influxql.ts';
import { toLines } from './line-protocol.ts';
import { RAW_RP, ROLLUP_RP, setupV1 } from './setup.ts';

const HOUR = 3_600_000;
/** How long after an hour ends its rollup may still be missing (the continuous query runs on the hour). */
const CQ_LAG_MS = 5 * 60_000;

type RawSeries = NonNullable<QueryResult['series']>[number];

/** Joins the rollup part and the raw part of one query, series by series (same name and tags). */
function concatSeries(older: RawSeries[], recent: RawSeries[]): RawSeries[] {
  const key = (series: RawSeries) => `${series.name}|${JSON.stringify(series.tags ?? {})}`;
  const joined = new Map(older.map((series) => [key(series), { ...series, values: [...series.values] }]));
  for (const series of recent) {
    const found = joined.get(key(series));
    if (found) found.values.push(...series.values);
    else joined.set(key(series), series);
  }
  return [...joined.values()];
}
/** Lines per HTTP write: influxd takes 1,000-5,000-line batches best (STACK.md). */
export const WRITE_CHUNK = 5_000;

/** Which InfluxDB the store talks to; decides set-up, retention and rollups (see setup.ts). */
export type InfluxFlavor = '1.x' | '2.x' | '3.x';

/** Options of the InfluxDB store. */
export interface InfluxStoreOptions extends InfluxConnection {
  /** Database (1.x, 3.x) or the database name mapped to a bucket (2.x). */
  database: string;
  /** Default `2.x` when a token is given, else `1.x`. */
  flavor?: InfluxFlavor;
  /** Overrides of {@link DEFAULT_RETENTION}; used by the 1.x set-up (on 2.x/3.x the bucket decides). */
  retention?: Partial<RetentionSettings>;
  /** Database for hour rollups on 1.x (default `<database>_rollup`). */
  rollupDatabase?: string;
  /** Create databases, retention policies and the continuous query on open (1.x only; default true). */
  setup?: boolean;
  /** The time, for choosing between raw data and rollups (default Date.now; tests move it forward). */
  clock?: () => number;
}

/** {@link TelemetryStore} on InfluxDB 1.x, 2.x or 3.x. Open it with {@link InfluxStore.open}. */
export class InfluxStore implements TelemetryStore {
  readonly kind = 'influx' as const;
  readonly retention: RetentionSettings;
  private readonly http: InfluxHttp;
  private readonly database: string;
  private readonly rollupDatabase: string;
  private readonly flavor: InfluxFlavor;
  private readonly clock: () => number;
  private closed = false;

  private constructor(options: InfluxStoreOptions) {
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    this.http = new InfluxHttp(options);
    this.database = options.database;
    this.rollupDatabase = options.rollupDatabase ?? `${options.database}_rollup`;
    // A token means InfluxDB 2.x or 3.x (1.x has users, not tokens); 2.x is the one docker-compose runs.
    this.flavor = options.flavor ?? (options.token ? '2.x' : '1.x');
    this.clock = options.clock ?? Date.now;
  }

  /** Connects and, on 1.x, sets up databases, retention policies and the rollup continuous query. */
  static async open(options: InfluxStoreOptions): Promise<InfluxStore> {
    const store = new InfluxStore(options);
    if (store.flavor === '1.x' && options.setup !== false) {
      await setupV1(store.http, store.database, store.rollupDatabase, store.retention);
    }
    return store;
  }

  private get hasRollups(): boolean {
    return this.flavor === '1.x';
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('CLOSED', 'the InfluxDB store is closed');
  }

  /**
   * Writes in chunks of {@link WRITE_CHUNK} lines. A failure may leave earlier chunks written; writing the
   * batch again is safe because points overwrite themselves.
   */
  async write(points: readonly TelemetryPoint[]): Promise<void> {
    this.assertOpen();
    validatePoints(points);
    const rp = this.flavor === '1.x' ? RAW_RP : undefined;
    for (let i = 0; i < points.length; i += WRITE_CHUNK) {
      await this.http.write(this.database, rp, toLines(points.slice(i, i + WRITE_CHUNK)));
    }
  }

  async latest(filter: SeriesFilter, range?: TimeRange): Promise<TelemetryPoint[]> {
    this.assertOpen();
    validateFilter(filter);
    if (range) validateRange(range);
    const conditions = tagConditions(filter);
    if (!conditions) return [];
    const [result] = await this.http.query(this.database, latestQuery(filter, conditions, range));
    return (result?.series ?? []).flatMap((series) => {
      const row = series.values[0];
      return row ? [rowToPoint(series, row)] : [];
    });
  }

  /**
   * InfluxQL's LIMIT under `GROUP BY *` applies per series, so each series gives its newest `limit` points
   * and the newest `limit` of all of them are picked here (the series count is bounded by the registry).
   */
  async points(filter: SeriesFilter, from: number, to: number, limit: number): Promise<TelemetryPoint[]> {
    this.assertOpen();
    validatePointsQuery(filter, from, to, limit);
    const conditions = tagConditions(filter);
    if (!conditions) return [];
    const [result] = await this.http.query(this.database, pointsQuery(filter, conditions, from, to, limit));
    return (result?.series ?? [])
      .flatMap((series) => series.values.map((row) => rowToPoint(series, row)))
      .sort((a, b) => b.ts - a.ts)
      .slice(0, limit);
  }

  /**
   * One series query, each span of `within` (or the whole range) as one or two statements (hour rollups for
   * the older part, raw data for the rest), all of them in one HTTP request.
   */
  private async run(
    groupBy: readonly GroupTag[],
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    options: SeriesOptions = {},
  ): Promise<RawSeries[]> {
    this.assertOpen();
    const query = validateSeriesQuery(filter, from, to, stepMs, agg, field);
    const spans = querySpans(bucketStart(from, stepMs), to, options.within);
    const conditions = tagConditions(filter);
    if (!conditions || spans.length === 0) return [];
    const statements = spans.flatMap((span) => {
      const { start, end } = alignedRange(span.from, span.to, stepMs);
      return this.sources(start, end, stepMs, options.preferRollups === true).map((part) =>
        seriesQuery(query, conditions, part.start, part.end, groupBy, part.source),
      );
    });
    const results = await this.http.query(this.database, statements.join('; '));
    const joined = results.reduce<RawSeries[]>((all, result) => concatSeries(all, result.series ?? []), []);
    if (options.within === undefined) return joined;
    // A bucket of one span that also starts before the next span begins is that span's only.
    return joined.map((series) => ({
      ...series,
      values: series.values.filter((row) => startsIn(Number(row[0]), spans)),
    }));
  }

  /** Where the aligned range [start, end) is read: raw data, hour rollups, or rollups then raw data. */
  private sources(
    start: number,
    end: number,
    stepMs: number,
    preferRollups: boolean,
  ): { start: number; end: number; source: SeriesSource }[] {
    const now = this.clock();
    const raw: SeriesSource = { tier: 'raw' };
    // Raw data answers whatever it still holds (unless rollups are preferred); a whole-hour step over a
    // range reaching past the raw retention is answered from the hour rollups instead (1.x only) ...
    const rawHolds = start >= now - this.retention.rawMs;
    if (!this.hasRollups || stepMs % HOUR !== 0 || (rawHolds && !preferRollups)) {
      return [{ start, end, source: raw }];
    }
    const rollups: SeriesSource = { tier: 'hour', database: this.rollupDatabase, retentionPolicy: ROLLUP_RP };
    // ... except the buckets the continuous query has not folded in yet (it runs just after each hour):
    // those come from raw data, as long as raw data still covers them whole.
    const split = bucketStart(bucketStart(now - CQ_LAG_MS, HOUR), stepMs);
    if (split <= start) return [{ start, end, source: raw }];
    if (split >= end || split < now - this.retention.rawMs) return [{ start, end, source: rollups }];
    return [
      { start, end: split, source: rollups },
      { start: split, end, source: raw },
    ];
  }

  async series(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
  ): Promise<SeriesPoint[]> {
    const [series] = await this.run([], filter, from, to, stepMs, agg, field);
    return toPoints(series?.values ?? []);
  }

  async seriesByBuilding(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    options?: SeriesOptions,
  ): Promise<BuildingSeries[]> {
    const all = await this.run(['building'], filter, from, to, stepMs, agg, field, options);
    return all
      .map((series) => ({ building: series.tags?.building ?? '', points: toPoints(series.values) }))
      .filter((entry) => entry.building !== '' && entry.points.length > 0)
      .sort((a, b) => (a.building < b.building ? -1 : a.building > b.building ? 1 : 0));
  }

  async seriesByDevice(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    options?: SeriesOptions,
  ): Promise<DeviceSeries[]> {
    const all = await this.run(['building', 'device'], filter, from, to, stepMs, agg, field, options);
    return all
      .map((series) => ({
        building: series.tags?.building ?? '',
        device: series.tags?.device ?? '',
        points: toPoints(series.values),
      }))
      .filter((entry) => entry.building !== '' && entry.device !== '' && entry.points.length > 0)
      .sort(byBuildingThenDevice);
  }

  /**
   * Folds the raw data of [from, to) into hour rollups now (1.x): what the continuous query does each hour
   * for the last few hours. For back-filling after an outage longer than that, or a first import.
   */
  async backfillRollups(from: number, to: number): Promise<void> {
    this.assertOpen();
    if (!this.hasRollups) return;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from >= to) {
      throw new StoreError(
        'INVALID_QUERY',
        `backfill range [${from}, ${to}) must be integer ms with from < to`,
      );
    }
    const { start, end } = alignedRange(from, to, HOUR);
    const select = rollupSelect(this.database, RAW_RP, this.rollupDatabase, ROLLUP_RP);
    await this.http.query(
      this.database,
      `${select} WHERE time >= ${start}ms AND time < ${end}ms GROUP BY time(1h), *`,
    );
  }

  /**
   * On 1.x, cuts raw data and rollups exactly at their limits (the retention policies drop whole shard
   * groups only, hours to days later). On 2.x and 3.x the bucket's own retention applies.
   */
  async applyRetention(now: number): Promise<void> {
    this.assertOpen();
    if (!this.hasRollups) return;
    await this.http.query(this.database, `DELETE WHERE time < ${Math.floor(now - this.retention.rawMs)}ms`);
    await this.http.query(
      this.rollupDatabase,
      `DELETE WHERE time < ${Math.floor(now - this.retention.rollupMs)}ms`,
    );
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.http.ping();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** One row of a `SELECT * ... GROUP BY *` answer as a point (tags from the series, fields from the row). */
function rowToPoint(series: RawSeries, row: unknown[]): TelemetryPoint {
  const tags: Record<string, string> = {};
  // GROUP BY * reports every tag key of the measurement; a series without one gets ''.
  for (const [key, value] of Object.entries(series.tags ?? {})) if (value !== '') tags[key] = value;
  const fields: Record<string, number | string | boolean> = {};
  series.columns.forEach((column, i) => {
    const value = row[i];
    // A row has null for the fields other points of the measurement carry and it does not.
    if (i > 0 && (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')) {
      fields[column] = value;
    }
  });
  return { measurement: series.name, tags, fields, ts: Number(row[0]) };
}

function byBuildingThenDevice(a: DeviceSeries, b: DeviceSeries): number {
  if (a.building !== b.building) return a.building < b.building ? -1 : 1;
  return a.device < b.device ? -1 : a.device > b.device ? 1 : 0;
}

function toPoints(values: unknown[][]): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const [ts, value] of values) {
    if (typeof value === 'number') points.push({ ts: Number(ts), value });
  }
  return points;
}
