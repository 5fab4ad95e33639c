// Series queries for the embedded store: one statement per query, whichever tier answers it. The matched
// series ids (and their group, the building, when grouping) go in as one JSON parameter that json_each
// unrolls as the outer loop, so every series is read by a primary-key range scan. All SQL text here is
// fixed; what varies is chosen from fixed tables by validated enums, and every value is a bound parameter.
import type Database from 'better-sqlite3';
import type { Aggregate } from '../types.ts';
import { ROLLUP_TABLES, type RollupTier } from './schema.ts';
import { HOUR_MS, MINUTE_MS } from './rollups.ts';

/** Which table answers a step: the coarsest rollup that nests inside it. */
export type Tier = 'raw' | RollupTier;

/** Raw rows for sub-minute steps, minute rollups for whole minutes, hour rollups for whole hours. */
export function tierFor(stepMs: number): Tier {
  if (stepMs % HOUR_MS === 0) return 'hour';
  if (stepMs % MINUTE_MS === 0) return 'minute';
  return 'raw';
}

const RAW_AGG: Record<Aggregate, string> = {
  mean: 'avg(v) AS value',
  min: 'min(v) AS value',
  max: 'max(v) AS value',
  sum: 'sum(v) AS value',
  count: 'count(v) AS value',
  // SQLite takes a bare column from the row that holds the single max() of a group.
  last: 'max(ts) AS last_ts, v AS value',
};

const ROLLUP_AGG: Record<Aggregate, string> = {
  mean: 'sum(total) / sum(n) AS value',
  min: 'min(lo) AS value',
  max: 'max(hi) AS value',
  sum: 'sum(total) AS value',
  count: 'sum(n) AS value',
  last: 'max(last_ts) AS last_ts, last AS value',
};

function rawSql(agg: Aggregate): string {
  return `SELECT grp, ts - ts % @step AS bucket_start, ${RAW_AGG[agg]} FROM (
      SELECT s.value AS grp, p.ts AS ts, json_extract(p.fields, @path) AS v, json_type(p.fields, @path) AS t
      FROM json_each(@series) AS s CROSS JOIN points AS p
      WHERE p.series_id = CAST(s.key AS INTEGER) AND p.ts >= @start AND p.ts < @end
    )
    WHERE t IN ('integer', 'real')
    GROUP BY grp, bucket_start ORDER BY grp, bucket_start`;
}

function rollupSql(tier: RollupTier, agg: Aggregate): string {
  return `SELECT s.value AS grp, r.bucket - r.bucket % @step AS bucket_start, ${ROLLUP_AGG[agg]}
    FROM json_each(@series) AS s CROSS JOIN ${ROLLUP_TABLES[tier]} AS r
    WHERE r.series_id = CAST(s.key AS INTEGER) AND r.field = @field AND r.bucket >= @start AND r.bucket < @end
    GROUP BY grp, bucket_start ORDER BY grp, bucket_start`;
}

/** One row of a series query: the group (building or ''), the bucket start and its value. */
export interface BucketRow {
  grp: string;
  bucket_start: number;
  value: number;
}

/** Prepared series statements, one per tier and aggregate, prepared on first use. */
export class SeriesStatements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /**
   * Runs a series query over the given series (id -> group) for the aligned range [start, end).
   * `field` must already be validated as a name.
   */
  run(
    tier: Tier,
    agg: Aggregate,
    series: ReadonlyMap<number, string>,
    field: string,
    start: number,
    end: number,
    step: number,
  ): BucketRow[] {
    const key = `${tier}:${agg}`;
    let statement = this.cache.get(key);
    if (!statement) {
      statement = this.db.prepare(tier === 'raw' ? rawSql(agg) : rollupSql(tier, agg));
      this.cache.set(key, statement);
    }
    const params = {
      series: JSON.stringify(Object.fromEntries(series)),
      start,
      end,
      step,
      ...(tier === 'raw' ? { path: `$.${field}` } : { field }),
    };
    return statement.all(params) as BucketRow[];
  }
}
