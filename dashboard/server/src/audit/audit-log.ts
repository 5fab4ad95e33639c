import Database from 'better-sqlite3';
import type { AuditAction, AuditEntry, AuditQuery } from '@louyu/core';

/** What a caller records; the log adds the id and, unless given, the time. */
export type AuditRecord = Omit<AuditEntry, 'id' | 'ts' | 'detail' | 'ip'> & {
  ts?: number;
  detail?: string;
  ip?: string;
};

/** The most rows one query returns unless it asks for fewer. */
export const AUDIT_DEFAULT_LIMIT = 500;

// Append-only: the log has no update or delete, and a trigger refuses them on the table itself, so a
// record once written stays as it was (short of replacing the file).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, detail TEXT NOT NULL, ip TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_ts ON audit (ts);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/**
 * The audit log: sign-ins (failed ones with the name tried, never the password), alarm actions, tenancy
 * entries, user and notification changes. A SQLite file in the data folder (`louyu start`:
 * <data-dir>/audit.db); in scale-out each dashboard node keeps its own, recording what it was asked to do.
 * Without a file it is kept in memory (tests).
 */
export class AuditLog {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #insert: Database.Statement;

  constructor(file: string | undefined, now: () => number) {
    this.#db = new Database(file ?? ':memory:');
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec(SCHEMA);
    this.#now = now;
    this.#insert = this.#db.prepare(
      'INSERT INTO audit (ts, actor, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  record(entry: AuditRecord): void {
    this.#insert.run(
      entry.ts ?? this.#now(),
      entry.actor,
      entry.action,
      entry.target,
      entry.detail ?? '',
      entry.ip ?? '',
    );
  }

  /** Newest first, within [from, to), by one actor or action when asked. */
  query(q: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const values: (string | number)[] = [];
    const add = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(clause);
      values.push(value);
    };
    add('ts >= ?', q.from);
    add('ts < ?', q.to);
    add('actor = ?', q.actor);
    add('action = ?', q.action);
    const sql = `SELECT id, ts, actor, action, target, detail, ip FROM audit ${
      where.length ? `WHERE ${where.join(' AND ')}` : ''
    } ORDER BY ts DESC, id DESC LIMIT ?`;
    return this.#db.prepare(sql).all(...values, q.limit ?? AUDIT_DEFAULT_LIMIT) as AuditEntry[];
  }

  close(): void {
    this.#db.close();
  }
}

export type { AuditAction };
