// The embedded store's tables. One generic table for every measurement rather than a table per kind:
// payload kinds gain fields over time and SQLite cannot add columns inside a running write path without
// ALTER TABLE churn, while `latest` must return whatever fields a point had. Fields are kept as one JSON
// object per point (json_extract reads one of them); the numbers that charts need over long ranges live
// in the rollup tables as plain columns, so the JSON is only read for short raw ranges and `latest`.
//
// A series (measurement + tags) gets a small integer id; points are keyed by (series_id, ts) in a
// WITHOUT ROWID table, so a replayed point lands on its own row (idempotent writes) and a range of one
// series is a single b-tree range scan.
import type Database from 'better-sqlite3';

/** Bumped when the tables change shape; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

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
  PRIMARY KEY (series_id, field, bucket)`;

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
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `store file was written by a newer Louyu (schema ${version}, this one knows ${SCHEMA_VERSION})`,
    );
  }
  db.exec(DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** The rollup tables, by resolution. */
export const ROLLUP_TABLES = { minute: 'rollup_minute', hour: 'rollup_hour' } as const;
export type RollupTier = keyof typeof ROLLUP_TABLES;
