// Database set-up for InfluxDB 1.x, run once when the store opens (every statement is idempotent):
//   - database `<db>` with retention policy `louyu_raw` (raw retention, default 30 days) as its default;
//   - database `<db>_rollup` with retention policy `louyu_rollup` (default 2 years) for hour rollups;
//   - a continuous query folding each hour of raw data into count/sum/min/max/last per numeric field.
// Rollups live in their own database because InfluxQL's DELETE (used by applyRetention for an exact cut)
// applies to every retention policy of a database and would take the rollups with it.
//
// InfluxDB 2.x and 3.x need no set-up here and get none: 2.x serves /write and /query for a bucket through
// a DBRP mapping (`influx v1 dbrp create --db <database> --rp autogen --bucket-id ...`), with retention set
// on the bucket; 3.x creates the database on the first write. Neither runs continuous queries, so there
// long ranges are downsampled in the query (GROUP BY time) over raw data, kept as long as the bucket says.
import type { RetentionSettings } from '../types.ts';
import type { InfluxHttp } from './http.ts';
import { quoteIdent, rollupSelect } from './influxql.ts';

/** Retention policy names the store creates on 1.x. */
export const RAW_RP = 'louyu_raw';
export const ROLLUP_RP = 'louyu_rollup';
const ROLLUP_CQ = 'louyu_rollup_1h';
/** How far back each hourly run of the continuous query recomputes, to take in late (spooled) data. */
export const CQ_RESAMPLE_FOR_HOURS = 6;

const HOUR = 3_600_000;

// InfluxDB's own defaults for shard group duration, which must not exceed the policy's duration.
function shardDuration(durationMs: number): string {
  if (durationMs < 2 * 24 * HOUR) return '1h';
  if (durationMs <= 180 * 24 * HOUR) return '1d';
  return '7d';
}

async function ensureRetentionPolicy(
  http: InfluxHttp,
  db: string,
  rp: string,
  durationMs: number,
): Promise<void> {
  const shown = await http.query(db, `SHOW RETENTION POLICIES ON ${quoteIdent(db)}`);
  const exists = (shown[0]?.series?.[0]?.values ?? []).some((row) => row[0] === rp);
  const target = `RETENTION POLICY ${quoteIdent(rp)} ON ${quoteIdent(db)} DURATION ${durationMs}ms`;
  const shard = `SHARD DURATION ${shardDuration(durationMs)} DEFAULT`;
  await http.query(db, exists ? `ALTER ${target} ${shard}` : `CREATE ${target} REPLICATION 1 ${shard}`);
}

/** Creates or updates the databases, retention policies and continuous query (InfluxDB 1.x). */
export async function setupV1(
  http: InfluxHttp,
  db: string,
  rollupDb: string,
  retention: RetentionSettings,
): Promise<void> {
  await http.query(undefined, `CREATE DATABASE ${quoteIdent(db)}`);
  await http.query(undefined, `CREATE DATABASE ${quoteIdent(rollupDb)}`);
  await ensureRetentionPolicy(http, db, RAW_RP, retention.rawMs);
  await ensureRetentionPolicy(http, rollupDb, ROLLUP_RP, retention.rollupMs);
  // Dropped and created again so a changed definition takes effect (CREATE refuses a different one).
  await http.query(db, `DROP CONTINUOUS QUERY ${quoteIdent(ROLLUP_CQ)} ON ${quoteIdent(db)}`);
  await http.query(
    db,
    `CREATE CONTINUOUS QUERY ${quoteIdent(ROLLUP_CQ)} ON ${quoteIdent(db)} ` +
      `RESAMPLE EVERY 1h FOR ${CQ_RESAMPLE_FOR_HOURS}h BEGIN ` +
      `${rollupSelect(db, RAW_RP, rollupDb, ROLLUP_RP)} GROUP BY time(1h), * END`,
  );
}
