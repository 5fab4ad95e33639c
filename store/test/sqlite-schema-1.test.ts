// A Louyu data folder written at schema 1 (rollups keyed series, field, bucket) keeps working as it is:
// opening it rewrites nothing (a big file must not hold up a start), the same upsert folds new readings
// into its rows, and `upgradeSqliteFile` (`louyu store upgrade`) rewrites it to schema 2 when the operator
// chooses, rows unchanged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore, sqliteSchemaVersion, upgradeSqliteFile } from '../src/index.ts';
import { T0, TAGS, writeSchema1File } from './fixtures/schema-1-file.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const dir = mkdtempSync(join(tmpdir(), 'louyu-sqlite-schema1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filter = { measurement: 'energy' };

/** The rollup tables' primary keys as SQLite declares them, and every rollup row. */
function inspect(path: string): { keys: string[]; rows: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    const keys = ['rollup_minute', 'rollup_hour'].map((table) =>
      (db.pragma(`table_info(${table})`) as { name: string; pk: number }[])
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name)
        .join(','),
    );
    const rows = ['rollup_minute', 'rollup_hour'].flatMap((table) =>
      db.prepare(`SELECT '${table}' AS t, * FROM ${table} ORDER BY series_id, field, bucket`).all(),
    );
    return { keys, rows };
  } finally {
    db.close();
  }
}

/** Minute mean and hour last of power_kw, and the hour max of energy_kwh, as the dashboard asks. */
async function answers(store: SqliteStore) {
  return [
    await store.series(filter, T0, T0 + MINUTE, MINUTE, 'mean', 'power_kw'),
    await store.series(filter, T0, T0 + HOUR, HOUR, 'last', 'power_kw'),
    await store.series(filter, T0, T0 + HOUR, HOUR, 'max', 'energy_kwh'),
  ];
}

describe('SQLite schema 1 files', () => {
  it('are read and written as they are, and upgraded to schema 2 only when asked', async () => {
    const path = join(dir, 'schema1.db');
    writeSchema1File(path);

    const store = new SqliteStore({ path, retentionIntervalMs: 0 });
    try {
      expect(await answers(store)).toEqual([
        [{ ts: T0, value: 15 }],
        [{ ts: T0, value: 20 }],
        [{ ts: T0, value: 101 }],
      ]);
      // A new reading in the same minute and hour folds into the old rows: the upsert's conflict target
      // (series_id, bucket, field) finds the schema-1 key (series_id, field, bucket).
      await store.write([
        { measurement: 'energy', tags: TAGS, fields: { power_kw: 60, energy_kwh: 102 }, ts: T0 + 45_000 },
      ]);
      expect(await answers(store)).toEqual([
        [{ ts: T0, value: 30 }],
        [{ ts: T0, value: 60 }],
        [{ ts: T0, value: 102 }],
      ]);
    } finally {
      await store.close();
    }
    // Opening and writing left the file at schema 1, its key order unchanged, one row per field and bucket.
    expect(sqliteSchemaVersion(path)).toBe(1);
    const before = inspect(path);
    expect(before.keys).toEqual(['series_id,field,bucket', 'series_id,field,bucket']);
    expect(before.rows).toHaveLength(4);

    expect(upgradeSqliteFile(path)).toEqual({ from: 1, to: 2, rowsCopied: 4 });
    expect(sqliteSchemaVersion(path)).toBe(2);
    const after = inspect(path);
    expect(after.keys).toEqual(['series_id,bucket,field', 'series_id,bucket,field']);
    expect(after.rows).toEqual(before.rows);
    // Upgrading again changes nothing.
    expect(upgradeSqliteFile(path)).toEqual({ from: 2, to: 2, rowsCopied: 0 });

    const upgraded = new SqliteStore({ path, retentionIntervalMs: 0 });
    try {
      await upgraded.write([
        { measurement: 'energy', tags: TAGS, fields: { power_kw: 70, energy_kwh: 103 }, ts: T0 + 50_000 },
      ]);
      expect(await answers(upgraded)).toEqual([
        [{ ts: T0, value: 40 }],
        [{ ts: T0, value: 70 }],
        [{ ts: T0, value: 103 }],
      ]);
    } finally {
      await upgraded.close();
    }
  });

  it('a new file is created at schema 2, rollups keyed series, bucket, field', async () => {
    const path = join(dir, 'new.db');
    const store = new SqliteStore({ path, retentionIntervalMs: 0 });
    await store.close();
    expect(sqliteSchemaVersion(path)).toBe(2);
    expect(inspect(path).keys).toEqual(['series_id,bucket,field', 'series_id,bucket,field']);
  });

  it('an upgrade of a missing file fails and creates nothing', () => {
    expect(() => upgradeSqliteFile(join(dir, 'missing.db'))).toThrow(/no store file/);
    expect(() => sqliteSchemaVersion(join(dir, 'missing.db'))).toThrow();
  });
});
