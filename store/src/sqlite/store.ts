// The embedded store (the default when no InfluxDB is configured): SQLite through better-sqlite3, WAL, one
// transaction per batch, prepared statements only. See schema.ts for the table layout and why.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { TelemetryPoint } from '@louyu/core';
import { settle, StoreError } from '../errors.ts';
import { alignedRange, bucketStart } from '../buckets.ts';
import { querySpans, startsIn } from '../spans.ts';
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
import { SeriesCatalog, type SeriesInfo } from './catalog.ts';
import { prepareDatabase, ROLLUP_TABLES } from './schema.ts';
import { prepareRollupStatements, RollupBatch, type RollupStatements } from './rollups.ts';
import { SeriesStatements, tierFor, type BucketRow } from './queries.ts';

/** Options of the embedded store. */
export interface SqliteStoreOptions {
  /** Database file (its folder is created), or `:memory:`. */
  path: string;
  /** Overrides of {@link DEFAULT_RETENTION}. */
  retention?: Partial<RetentionSettings>;
  /** How often retention runs by itself, in ms (default 1 hour; 0 leaves it to `applyRetention` calls). */
  retentionIntervalMs?: number;
  /** Told when a timed retention run fails (default: a process warning); the next run tries again. */
  onRetentionError?: (error: unknown) => void;
}

interface Statements {
  insertPoint: Database.Statement;
  points: Database.Statement;
  mergePoint: Database.Statement;
  latest: Database.Statement;
  latestIn: Database.Statement;
  dropRaw: Database.Statement;
  dropMinutes: Database.Statement;
  dropHours: Database.Statement;
  rollups: RollupStatements;
}

/** {@link TelemetryStore} in one SQLite file, with per-minute and per-hour rollups kept on write. */
/** Series grouped per building (district-wide views): the building tag. */
const byBuilding = (tags: Readonly<Record<string, string>>): string => tags.building ?? '';
/** Series grouped per device: building and device as a JSON pair (it sorts as building, then device). */
const byDevice = (tags: Readonly<Record<string, string>>): string =>
  JSON.stringify([tags.building ?? '', tags.device ?? '']);

/** Rows ordered by group, as runs: one group's buckets each, in the order they came. */
function runsOf(rows: readonly BucketRow[]): { grp: string; points: SeriesPoint[] }[] {
  const runs: { grp: string; points: SeriesPoint[] }[] = [];
  for (const row of rows) {
    const point = { ts: row.bucket_start, value: row.value };
    const last = runs.at(-1);
    if (last?.grp === row.grp) last.points.push(point);
    else runs.push({ grp: row.grp, points: [point] });
  }
  return runs;
}

/** Code-unit order, as the per-building and per-device views sort ids (not the locale's). */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class SqliteStore implements TelemetryStore {
  readonly kind = 'sqlite' as const;
  readonly retention: RetentionSettings;
  private readonly db: Database.Database;
  private catalog: SeriesCatalog;
  private readonly statements: Statements;
  private readonly series_: SeriesStatements;
  private readonly writeBatch: (points: readonly TelemetryPoint[]) => void;
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    this.retention = { ...DEFAULT_RETENTION, ...options.retention };
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    prepareDatabase(this.db);
    this.catalog = new SeriesCatalog(this.db);
    const db = this.db;
    this.statements = {
      insertPoint: db.prepare(
        'INSERT INTO points (series_id, ts, fields) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      // A replay overwrites the fields it carries and keeps the others, as InfluxDB does for a rewritten point.
      mergePoint: db.prepare(
        'UPDATE points SET fields = json_patch(fields, ?) WHERE series_id = ? AND ts = ?',
      ),
      latest: db.prepare('SELECT ts, fields FROM points WHERE series_id = ? ORDER BY ts DESC LIMIT 1'),
      latestIn: db.prepare(
        'SELECT ts, fields FROM points WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT 1',
      ),
      // The matched series ids go in as one JSON array (as in queries.ts); every value is a bound parameter.
      points: db.prepare(
        `SELECT p.series_id AS series_id, p.ts AS ts, p.fields AS fields
         FROM json_each(@series) AS s CROSS JOIN points AS p
         WHERE p.series_id = s.value AND p.ts >= @from AND p.ts < @to
         ORDER BY p.ts DESC LIMIT @limit`,
      ),
      dropRaw: db.prepare('DELETE FROM points WHERE series_id = ? AND ts < ?'),
      dropMinutes: db.prepare(`DELETE FROM ${ROLLUP_TABLES.minute} WHERE series_id = ? AND bucket < ?`),
      dropHours: db.prepare(`DELETE FROM ${ROLLUP_TABLES.hour} WHERE series_id = ? AND bucket < ?`),
      rollups: prepareRollupStatements(db),
    };
    this.series_ = new SeriesStatements(db);
    // BEGIN IMMEDIATE: the write lock is taken first, waiting up to busy_timeout for another connection
    // (the dashboard's alarm journal in `louyu start`). A deferred transaction reads the series catalogue
    // first, and SQLite refuses its later write at once, without waiting, when the other connection
    // committed in between ("database is locked").
    const transaction = db.transaction((points: readonly TelemetryPoint[]) =>
      this.writeInTransaction(points),
    );
    this.writeBatch = (points) => transaction.immediate(points);
    const interval = options.retentionIntervalMs ?? 3_600_000;
    if (interval > 0) {
      const report =
        options.onRetentionError ??
        ((error: unknown) => process.emitWarning(`Louyu SQLite retention failed: ${String(error)}`));
      this.timer = setInterval(() => {
        try {
          this.retain(Date.now());
        } catch (error) {
          report(error);
        }
      }, interval);
      this.timer.unref();
    }
  }

  private writeInTransaction(points: readonly TelemetryPoint[]): void {
    const { insertPoint, mergePoint, rollups } = this.statements;
    const batch = new RollupBatch();
    for (const point of points) {
      const seriesId = this.catalog.idFor(point);
      const fields = JSON.stringify(point.fields);
      if (insertPoint.run(seriesId, point.ts, fields).changes === 1) {
        batch.addFresh(seriesId, point.ts, point.fields);
      } else {
        mergePoint.run(fields, seriesId, point.ts);
        batch.addReplaced(seriesId, point.ts);
      }
    }
    batch.flush(rollups);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('CLOSED', 'the SQLite store is closed');
  }

  write(points: readonly TelemetryPoint[]): Promise<void> {
    return settle(() => {
      this.assertOpen();
      validatePoints(points);
      if (points.length === 0) return;
      try {
        this.writeBatch(points);
      } catch (error) {
        // Series rows created in the rolled-back transaction are gone: forget them in memory too.
        this.catalog = new SeriesCatalog(this.db);
        throw new StoreError(
          'UNAVAILABLE',
          `SQLite write of ${points.length} points failed: ${String(error)}`,
          {
            cause: error,
          },
        );
      }
    });
  }

  latest(filter: SeriesFilter, range?: TimeRange): Promise<TelemetryPoint[]> {
    return settle(() => this.latestNow(filter, range));
  }

  private latestNow(filter: SeriesFilter, range?: TimeRange): TelemetryPoint[] {
    this.assertOpen();
    validateFilter(filter);
    if (range) validateRange(range);
    const result: TelemetryPoint[] = [];
    for (const info of this.catalog.match(filter)) {
      const row = (
        range
          ? this.statements.latestIn.get(info.id, range.from, range.to)
          : this.statements.latest.get(info.id)
      ) as { ts: number; fields: string } | undefined;
      if (!row) continue;
      const fields = JSON.parse(row.fields) as Record<string, number | string | boolean>;
      result.push({ measurement: info.measurement, tags: { ...info.tags }, fields, ts: row.ts });
    }
    return result;
  }

  points(filter: SeriesFilter, from: number, to: number, limit: number): Promise<TelemetryPoint[]> {
    return settle(() => {
      this.assertOpen();
      validatePointsQuery(filter, from, to, limit);
      const matched = new Map(this.catalog.match(filter).map((info) => [info.id, info]));
      if (matched.size === 0) return [];
      const rows = this.statements.points.all({
        series: JSON.stringify([...matched.keys()]),
        from,
        to,
        limit,
      }) as { series_id: number; ts: number; fields: string }[];
      return rows.map((row) => {
        const info = matched.get(row.series_id)!;
        const fields = JSON.parse(row.fields) as Record<string, number | string | boolean>;
        return { measurement: info.measurement, tags: { ...info.tags }, fields, ts: row.ts };
      });
    });
  }

  private query(
    group: (tags: Readonly<Record<string, string>>) => string,
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    within?: readonly TimeRange[],
  ): BucketRow[] {
    this.assertOpen();
    validateSeriesQuery(filter, from, to, stepMs, agg, field);
    const spans = querySpans(bucketStart(from, stepMs), to, within);
    const matched: SeriesInfo[] = this.catalog.match(filter);
    if (matched.length === 0) return [];
    const groups = new Map(matched.map((info) => [info.id, group(info.tags)]));
    // Whole hours come from the hour rollups, kept on write: `preferRollups` changes nothing here.
    const run = (span: TimeRange): BucketRow[] => {
      const { start, end } = alignedRange(span.from, span.to, stepMs);
      return this.series_.run(tierFor(stepMs), agg, groups, field, start, end, stepMs);
    };
    if (within === undefined) return run(spans[0]!);
    return spans
      .flatMap((span) => run(span).filter((row) => startsIn(row.bucket_start, spans)))
      .sort((a, b) => (a.grp < b.grp ? -1 : a.grp > b.grp ? 1 : a.bucket_start - b.bucket_start));
  }

  series(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
  ): Promise<SeriesPoint[]> {
    return settle(() =>
      this.query(() => '', filter, from, to, stepMs, agg, field).map((row) => ({
        ts: row.bucket_start,
        value: row.value,
      })),
    );
  }

  seriesByBuilding(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    options: SeriesOptions = {},
  ): Promise<BuildingSeries[]> {
    return settle(() =>
      runsOf(this.query(byBuilding, filter, from, to, stepMs, agg, field, options.within))
        // Series without a building tag have no place in a per-building view.
        .filter((run) => run.grp !== '')
        .map((run) => ({ building: run.grp, points: run.points })),
    );
  }

  seriesByDevice(
    filter: SeriesFilter,
    from: number,
    to: number,
    stepMs: number,
    agg: Aggregate,
    field: string,
    options: SeriesOptions = {},
  ): Promise<DeviceSeries[]> {
    return settle(() =>
      runsOf(this.query(byDevice, filter, from, to, stepMs, agg, field, options.within))
        .map((run) => {
          const [building, device] = JSON.parse(run.grp) as [string, string];
          return { building, device, points: run.points };
        })
        // Series without a building or a device tag have no place in a per-device view.
        .filter((entry) => entry.building !== '' && entry.device !== '')
        .sort((a, b) => compareText(a.building, b.building) || compareText(a.device, b.device)),
    );
  }

  private retain(now: number): void {
    if (this.closed) return;
    const { dropRaw, dropMinutes, dropHours } = this.statements;
    const ids = this.db.prepare('SELECT id FROM series').pluck().all() as number[];
    // Series by series, so each delete is a primary-key range and the writer is never blocked for long.
    for (const id of ids) {
      dropRaw.run(id, now - this.retention.rawMs);
      dropMinutes.run(id, now - this.retention.minuteRollupMs);
      dropHours.run(id, now - this.retention.rollupMs);
    }
  }

  applyRetention(now: number): Promise<void> {
    return settle(() => {
      this.assertOpen();
      this.retain(now);
    });
  }

  ping(): Promise<void> {
    return settle(() => {
      this.assertOpen();
      this.db.prepare('SELECT 1').get();
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.db.close();
    return Promise.resolve();
  }
}
