// The embedded store's tables. One generic table for every measurement rather than a table per kind:
// payload kinds gain fields over time and SQLite cannot add columns inside a running write path without
// ALTER TABLE churn, while `latest` must return whatever fields a point had. Fields are kept as one JSON
// object per point (json_extract reads one of them); the numbers that charts need over long ranges live
// in the rollup tables as plain columns, so the JSON is only read for short raw ranges and `latest`.
//
// A series (measurement + tags) gets a small integer id; points are keyed by (series_id, ts) in a
// WITHOUT ROWID table, so a replayed point lands on its own row (idempotent writes) and a range of one
// series is a single b-tree range scan.
//
// Rollup rows are keyed (series_id, bucket, field) since schema 2, so the fields of one series' bucket sit
// side by side: a batch dirties one rollup leaf per series and tier, not one per field. Every page a
// transaction dirties is copied whole into the WAL (and later into the file), and with one reading per
// series per batch, the gateways' steady state, those copies were most of a write's cost. Schema 1 keyed
// them (series_id, field, bucket). A schema-1 file keeps working as it is, because every statement names
// the key as a column set (an ON CONFLICT target matches a unique index whatever its column order), and
// is rewritten only when the operator asks (`louyu store upgrade`, {@link upgradeRollupKeys}): the rewrite
// copies every rollup row, which for a big file must not hold up a start.
import type Database from 'better-sqlite3';

/** Bumped when the tables change shape; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 2;
/** The oldest schema this Louyu reads and writes as it is. */
const OLDEST_SCHEMA = 1;

/** The rollup tables, by resolution. */
export const ROLLUP_TABLES = { minute: 'rollup_minute', hour: 'rollup_hour' } as const;
export type RollupTier = keyof typeof ROLLUP_TABLES;

const ROLLUP_COLUMNS = `
  series_id INTEGER NOT NULL,
  field TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  total REAL NOT NULL,
  lo REAL NOT NULL,
  hi REAL NOT NULL,
  last REAL NOT NULL,
  last_ts INTEGER NOT NULL,
  PRIMARY KEY (series_id, bucket, field)`;

const DDL = `
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  series_key TEXT NOT NULL UNIQUE,
  measurement TEXT NOT NULL,
  tags TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS points (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_minute (${ROLLUP_COLUMNS}) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_hour (${ROLLUP_COLUMNS}) WITHOUT ROWID;
`;

/** Opens the database for Louyu: WAL (readers never block the writer), then creates the tables once. */
export function prepareDatabase(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a crash of the process (the WAL is in the OS); only a power cut can lose
  // the last transactions, and ingest's spool still holds those until they are acknowledged as stored.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // The pages a batch touches (the newest leaf of each series in the points and rollup tables: about
  // 3,000 pages for 1,000 series) must stay in the page cache, or each batch reads them back from the OS;
  // the default 2 MiB holds 500. 64 MiB is an upper bound, taken only as pages are used.
  db.pragma('cache_size = -65536');
  // Checkpoint every ~40 MB of WAL instead of ~4 MB: the same hot pages are written by many batches in a
  // row, and a checkpoint copies each page once however many frames it has, so rarer checkpoints copy
  // far fewer pages into the file. Only the WAL's size on disk changes, not what a crash can lose.
  db.pragma('wal_autocheckpoint = 10000');
  // A file at a schema this Louyu writes is opened without writing (a backup tool may hold the write lock).
  if (checkedVersion(db) !== 0) return;
  // Immediate: two connections creating a new file at once (ingest's worker and the dashboard) must not
  // both create it; the second finds the tables once the first commits.
  db.transaction(() => {
    if (checkedVersion(db) !== 0) return;
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** The file's schema, refused when this Louyu cannot write it. */
export function checkedVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `store file was written by a newer Louyu (schema ${version}, this one knows ${SCHEMA_VERSION})`,
    );
  }
  if (version !== 0 && version < OLDEST_SCHEMA) {
    throw new Error(`store file has schema ${version}, older than any Louyu release wrote`);
  }
  return version;
}

const COPIED = 'series_id, field, bucket, n, total, lo, hi, last, last_ts';

/** What {@link upgradeRollupKeys} did. */
export interface UpgradeResult {
  from: number;
  to: number;
  /** Rollup rows copied into the new key order (0 when the file was already current). */
  rowsCopied: number;
}

/**
 * Schema 1 -> 2: rebuilds both rollup tables keyed (series_id, bucket, field), rows unchanged, in one
 * immediate transaction (writers wait on busy_timeout; readers go on reading the old tables until it
 * commits). It copies every rollup row, so it is run by the operator (`louyu store upgrade`), never on open.
 */
export function upgradeRollupKeys(db: Database.Database): UpgradeResult {
  return db
    .transaction((): UpgradeResult => {
      const from = checkedVersion(db);
      if (from === SCHEMA_VERSION) return { from, to: from, rowsCopied: 0 };
      if (from === 0) throw new Error('the store file has no Louyu tables');
      let rowsCopied = 0;
      for (const table of Object.values(ROLLUP_TABLES)) {
        db.exec(`CREATE TABLE ${table}_v2 (${ROLLUP_COLUMNS}) WITHOUT ROWID`);
        rowsCopied += db
          .prepare(`INSERT INTO ${table}_v2 (${COPIED}) SELECT ${COPIED} FROM ${table}`)
          .run().changes;
        db.exec(`DROP TABLE ${table}; ALTER TABLE ${table}_v2 RENAME TO ${table};`);
      }
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return { from, to: SCHEMA_VERSION, rowsCopied };
    })
    .immediate();
}
