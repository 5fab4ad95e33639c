// Per-minute and per-hour rollups, kept up to date inside the write transaction. A fresh point is folded
// into in-memory partials (one upsert per series, field and bucket per batch, not per point); a replayed
// point cannot be folded in (its old value is already counted), so its buckets are marked dirty and
// recomputed from the raw rows once the batch's raw rows are in.
import type Database from 'better-sqlite3';
import { ROLLUP_TABLES, type RollupTier } from './schema.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** The aggregate state of one numeric field of one series in one bucket. */
export interface Partial {
  seriesId: number;
  field: string;
  bucket: number;
  n: number;
  total: number;
  lo: number;
  hi: number;
  last: number;
  lastTs: number;
}

function fold(target: Partial, value: number, ts: number): void {
  target.n++;
  target.total += value;
  if (value < target.lo) target.lo = value;
  if (value > target.hi) target.hi = value;
  if (ts >= target.lastTs) {
    target.last = value;
    target.lastTs = ts;
  }
}

function add(
  map: Map<string, Partial>,
  seriesId: number,
  field: string,
  bucket: number,
  value: number,
  ts: number,
) {
  const key = `${seriesId}|${field}|${bucket}`;
  const found = map.get(key);
  if (found) fold(found, value, ts);
  else
    map.set(key, {
      seriesId,
      field,
      bucket,
      n: 1,
      total: value,
      lo: value,
      hi: value,
      last: value,
      lastTs: ts,
    });
}

/** Collects one batch's rollup changes; `flush` applies them in the caller's transaction. */
export class RollupBatch {
  private readonly minutes = new Map<string, Partial>();
  private readonly hours = new Map<string, Partial>();
  private readonly dirtyMinutes = new Map<string, { seriesId: number; bucket: number }>();
  private readonly dirtyHours = new Map<string, { seriesId: number; bucket: number }>();

  /** A point that was not stored before: fold its numeric fields in. */
  addFresh(seriesId: number, ts: number, fields: Readonly<Record<string, unknown>>): void {
    const minute = ts - (ts % MINUTE_MS);
    const hour = ts - (ts % HOUR_MS);
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value !== 'number') continue;
      add(this.minutes, seriesId, field, minute, value, ts);
      add(this.hours, seriesId, field, hour, value, ts);
    }
  }

  /** A point that overwrote a stored one: its minute and hour must be recomputed. */
  addReplaced(seriesId: number, ts: number): void {
    const minute = ts - (ts % MINUTE_MS);
    const hour = ts - (ts % HOUR_MS);
    this.dirtyMinutes.set(`${seriesId}|${minute}`, { seriesId, bucket: minute });
    this.dirtyHours.set(`${seriesId}|${hour}`, { seriesId, bucket: hour });
  }

  /** Writes every change; must run inside the transaction that wrote the raw rows. */
  flush(statements: RollupStatements): void {
    this.apply(statements, 'minute', this.minutes, this.dirtyMinutes, MINUTE_MS);
    this.apply(statements, 'hour', this.hours, this.dirtyHours, HOUR_MS);
  }

  private apply(
    statements: RollupStatements,
    tier: RollupTier,
    partials: Map<string, Partial>,
    dirty: Map<string, { seriesId: number; bucket: number }>,
    width: number,
  ): void {
    for (const partial of partials.values()) {
      if (!dirty.has(`${partial.seriesId}|${partial.bucket}`))
        upsertPartial(statements.upsert[tier], partial);
    }
    // Replays are rare (a restart after a crash), so recomputing their buckets from the raw rows is cheap
    // overall; raw rows are kept far longer than anything is ever replayed (ingest refuses week-old data).
    for (const { seriesId, bucket } of dirty.values()) {
      const rows = statements.rawRange.all(seriesId, bucket, bucket + width) as {
        ts: number;
        fields: string;
      }[];
      const fresh = new Map<string, Partial>();
      for (const { ts, fields } of rows) {
        for (const [field, value] of Object.entries(JSON.parse(fields) as Record<string, unknown>)) {
          if (typeof value === 'number') add(fresh, seriesId, field, bucket, value, ts);
        }
      }
      statements.clear[tier].run(seriesId, bucket);
      for (const partial of fresh.values()) upsertPartial(statements.upsert[tier], partial);
    }
  }
}

// Positional parameters: this runs once per series, field and bucket of every batch.
function upsertPartial(statement: Database.Statement, p: Partial): void {
  statement.run(p.seriesId, p.field, p.bucket, p.n, p.total, p.lo, p.hi, p.last, p.lastTs);
}

/** Prepared statements the rollup maintenance needs. */
export interface RollupStatements {
  upsert: Record<RollupTier, Database.Statement>;
  clear: Record<RollupTier, Database.Statement>;
  rawRange: Database.Statement;
}

/** Prepares the rollup statements once per connection. */
export function prepareRollupStatements(db: Database.Database): RollupStatements {
  const upsert = (table: string) =>
    db.prepare(`INSERT INTO ${table} (series_id, field, bucket, n, total, lo, hi, last, last_ts)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (series_id, bucket, field) DO UPDATE SET
        n = n + excluded.n,
        total = total + excluded.total,
        lo = min(lo, excluded.lo),
        hi = max(hi, excluded.hi),
        last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
        last_ts = max(last_ts, excluded.last_ts)`);
  const clear = (table: string) => db.prepare(`DELETE FROM ${table} WHERE series_id = ? AND bucket = ?`);
  return {
    upsert: { minute: upsert(ROLLUP_TABLES.minute), hour: upsert(ROLLUP_TABLES.hour) },
    clear: { minute: clear(ROLLUP_TABLES.minute), hour: clear(ROLLUP_TABLES.hour) },
    rawRange: db.prepare('SELECT ts, fields FROM points WHERE series_id = ? AND ts >= ? AND ts < ?'),
  };
}
