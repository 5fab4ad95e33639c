// The operator's upgrade of a SQLite store file to the current schema (`louyu store upgrade`). Opening a
// file never rewrites it (schema.ts says why); this does, once, when the operator chooses.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { prepareDatabase, upgradeRollupKeys, type UpgradeResult } from './schema.ts';

export type { UpgradeResult } from './schema.ts';

/** Rewrites the store file at `path` to the current schema; a file already current is left untouched. */
export function upgradeSqliteFile(path: string): UpgradeResult {
  // An upgrade never creates a file: a mistyped path must not look like a successful upgrade.
  if (!existsSync(path)) throw new Error(`no store file at ${path}`);
  const db = new Database(path, { fileMustExist: true });
  try {
    prepareDatabase(db);
    const result = upgradeRollupKeys(db);
    // The copy left the old tables' pages free and the WAL full: fold the WAL into the file now, so the
    // first start after the upgrade does not pay for it.
    if (result.rowsCopied > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  } finally {
    db.close();
  }
}

/** The schema version of the store file at `path` (`PRAGMA user_version`), read without writing. */
export function sqliteSchemaVersion(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}
