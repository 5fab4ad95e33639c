import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type {
  ChannelConfig,
  ChannelKind,
  Delivery,
  NotifiedEvent,
  NotifiedTransition,
  ReportSchedule,
  ReportScheduleInput,
  RuleInput,
  RuleView,
} from './model.ts';

/** A channel as stored, secrets included (never leaves the server so). */
export interface ChannelRecord {
  id: string;
  name: string;
  kind: ChannelKind;
  owner: string;
  rate_per_minute: number;
  config: ChannelConfig;
}

/** A grouped message waiting to be sent, or sent, or given up on. */
export interface OutboxRow {
  id: number;
  channel: string;
  transitions: NotifiedTransition[];
  /** A ready-made message (a scheduled report); absent for grouped transitions. */
  message?: { title: string; lines: string[] };
  attempts: number;
  next_at: number;
  created_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS channels (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, owner TEXT NOT NULL,
  rate_per_minute INTEGER NOT NULL, config TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rules (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, body TEXT NOT NULL);
-- One row per transition and channel: the primary key is what makes it one message per transition.
CREATE TABLE IF NOT EXISTS items (
  channel TEXT NOT NULL, alarm TEXT NOT NULL, event TEXT NOT NULL, at INTEGER NOT NULL,
  transition TEXT NOT NULL, queued_at INTEGER NOT NULL, not_before INTEGER NOT NULL,
  outbox INTEGER, PRIMARY KEY (channel, alarm, event, at));
CREATE INDEX IF NOT EXISTS items_alarm ON items (alarm);
CREATE INDEX IF NOT EXISTS items_waiting ON items (outbox, channel);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
  sent_at INTEGER, last_error TEXT);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_at);
-- A ready-made message (a scheduled report) instead of grouped transitions.
CREATE TABLE IF NOT EXISTS outbox_messages (outbox INTEGER PRIMARY KEY, message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS report_schedules (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, body TEXT NOT NULL);
-- Which period's report each schedule has sent (or skipped, when it was made after that period's time).
CREATE TABLE IF NOT EXISTS reports_sent (
  schedule TEXT NOT NULL, label TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (schedule, label));
`;

/**
 * Channels, rules and the outbox in one SQLite file (`<data-dir>/notifications.db`; in memory without one):
 * a transition is written here before anything is sent, so a restart loses none.
 */
export class NotificationDb {
  readonly #db: Database.Database;

  constructor(file: string | undefined) {
    this.#db = new Database(file ?? ':memory:');
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    this.#db.close();
  }

  // ---- channels

  channels(): ChannelRecord[] {
    return (this.#db.prepare('SELECT * FROM channels ORDER BY name').all() as Record<string, unknown>[]).map(
      channelOf,
    );
  }

  channel(id: string): ChannelRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM channels WHERE id = ?').get(id) as
      Record<string, unknown> | undefined;
    return row && channelOf(row);
  }

  saveChannel(channel: Omit<ChannelRecord, 'id'> & { id?: string }): ChannelRecord {
    const saved = { ...channel, id: channel.id ?? randomUUID().slice(0, 12) };
    this.#db
      .prepare(
        `INSERT INTO channels (id, name, kind, owner, rate_per_minute, config) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
           rate_per_minute = excluded.rate_per_minute, config = excluded.config`,
      )
      .run(
        saved.id,
        saved.name,
        saved.kind,
        saved.owner,
        saved.rate_per_minute,
        JSON.stringify(saved.config),
      );
    return saved;
  }

  deleteChannel(id: string): void {
    this.#db.prepare('DELETE FROM channels WHERE id = ?').run(id);
  }

  // ---- rules

  rules(): RuleView[] {
    return (this.#db.prepare('SELECT * FROM rules').all() as { id: string; owner: string; body: string }[])
      .map((row) => ({
        ...(JSON.parse(row.body) as Omit<RuleView, 'id' | 'owner'>),
        id: row.id,
        owner: row.owner,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  rule(id: string): RuleView | undefined {
    return this.rules().find((r) => r.id === id);
  }

  saveRule(owner: string, input: RuleInput, id = randomUUID().slice(0, 12)): RuleView {
    const rule: RuleView = {
      id,
      owner,
      name: input.name,
      enabled: input.enabled ?? true,
      channels: input.channels,
      events: input.events ?? ['raised', 'escalated', 'cleared'],
      buildings: input.buildings ?? [],
      clusters: input.clusters ?? [],
      severities: input.severities ?? [],
      types: input.types ?? [],
      quiet_hours: input.quiet_hours ?? null,
    };
    const { id: _id, owner: _owner, ...body } = rule;
    this.#db
      .prepare(
        'INSERT INTO rules (id, owner, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
      )
      .run(id, owner, JSON.stringify(body));
    return rule;
  }

  deleteRule(id: string): void {
    this.#db.prepare('DELETE FROM rules WHERE id = ?').run(id);
  }

  // ---- queue

  /** Queues a transition for a channel; false when it was queued for that channel before (one message each). */
  queue(channel: string, t: NotifiedTransition, queuedAt: number, notBefore: number): boolean {
    const result = this.#db
      .prepare(
        `INSERT OR IGNORE INTO items (channel, alarm, event, at, transition, queued_at, not_before)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(channel, t.alarm, t.event, t.at, JSON.stringify(t), queuedAt, notBefore);
    return result.changes > 0;
  }

  /** Queues a transition for several channels in one transaction (one disk sync, all or none). */
  queueAll(
    targets: readonly { channel: string; notBefore: number }[],
    t: NotifiedTransition,
    queuedAt: number,
  ): void {
    if (targets.length === 0) return;
    this.#db.transaction(() => {
      for (const { channel, notBefore } of targets) this.queue(channel, t, queuedAt, notBefore);
    })();
  }

  /**
   * Turns the waiting transitions of every channel whose oldest one has waited `windowMs` into one outbox
   * message per channel (at most `most` transitions each); returns how many messages it made.
   */
  group(now: number, windowMs: number, most: number): number {
    const ready = this.#db
      .prepare(
        `SELECT channel FROM items WHERE outbox IS NULL AND not_before <= ?
         GROUP BY channel HAVING MIN(queued_at) <= ?`,
      )
      .all(now, now - windowMs) as { channel: string }[];
    const pick = this.#db.prepare(
      `SELECT rowid FROM items WHERE outbox IS NULL AND channel = ? AND not_before <= ?
       ORDER BY at, alarm LIMIT ?`,
    );
    const insert = this.#db.prepare(
      `INSERT INTO outbox (channel, state, next_at, created_at) VALUES (?, 'pending', ?, ?)`,
    );
    const assign = this.#db.prepare('UPDATE items SET outbox = ? WHERE rowid = ?');
    const make = this.#db.transaction(() => {
      for (const { channel } of ready) {
        const rows = pick.all(channel, now, most) as { rowid: number }[];
        if (rows.length === 0) continue;
        const id = Number(insert.run(channel, now, now).lastInsertRowid);
        for (const row of rows) assign.run(id, row.rowid);
      }
    });
    make();
    return ready.length;
  }

  /** Pending messages due by `now`, oldest first. */
  due(now: number): OutboxRow[] {
    const rows = this.#db
      .prepare(`SELECT * FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT 100`)
      .all(now) as { id: number; channel: string; attempts: number; next_at: number; created_at: number }[];
    const items = this.#db.prepare('SELECT transition FROM items WHERE outbox = ? ORDER BY at, alarm');
    const messages = this.#db.prepare('SELECT message FROM outbox_messages WHERE outbox = ?');
    return rows.map((row) => {
      const message = messages.get(row.id) as { message: string } | undefined;
      return {
        ...row,
        transitions: (items.all(row.id) as { transition: string }[]).map(
          (i) => JSON.parse(i.transition) as NotifiedTransition,
        ),
        ...(message ? { message: JSON.parse(message.message) as OutboxRow['message'] } : {}),
      };
    });
  }

  /** Messages a channel sent since `since` (its rate). */
  sentSince(channel: string, since: number): number {
    return (
      this.#db
        .prepare(`SELECT COUNT(*) AS n FROM outbox WHERE channel = ? AND state = 'sent' AND sent_at > ?`)
        .get(channel, since) as { n: number }
    ).n;
  }

  sent(id: number, at: number): void {
    this.#db
      .prepare(
        `UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`,
      )
      .run(at, id);
  }

  /** A failed attempt: tried again at `nextAt`, or given up on (`nextAt` null). */
  failed(id: number, error: string, nextAt: number | null): void {
    this.#db
      .prepare(
        `UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = ?, next_at = COALESCE(?, next_at) WHERE id = ?`,
      )
      .run(error.slice(0, 500), nextAt === null ? 'failed' : 'pending', nextAt, id);
  }

  /** Later, without counting an attempt (the channel's rate is used up). */
  postpone(id: number, nextAt: number): void {
    this.#db.prepare('UPDATE outbox SET next_at = ? WHERE id = ?').run(nextAt, id);
  }

  // ---- scheduled reports

  reportSchedules(): ReportSchedule[] {
    return (
      this.#db.prepare('SELECT * FROM report_schedules').all() as {
        id: string;
        owner: string;
        body: string;
      }[]
    )
      .map((row) => ({
        ...(JSON.parse(row.body) as Omit<ReportSchedule, 'id' | 'owner'>),
        id: row.id,
        owner: row.owner,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  reportSchedule(id: string): ReportSchedule | undefined {
    return this.reportSchedules().find((r) => r.id === id);
  }

  saveReportSchedule(
    owner: string,
    input: ReportScheduleInput,
    id = randomUUID().slice(0, 12),
  ): ReportSchedule {
    const schedule: ReportSchedule = {
      id,
      owner,
      name: input.name,
      period: input.period,
      channels: input.channels,
      enabled: input.enabled ?? true,
    };
    const { id: _id, owner: _owner, ...body } = schedule;
    this.#db
      .prepare(
        'INSERT INTO report_schedules (id, owner, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
      )
      .run(id, owner, JSON.stringify(body));
    return schedule;
  }

  deleteReportSchedule(id: string): void {
    this.#db.prepare('DELETE FROM report_schedules WHERE id = ?').run(id);
    this.#db.prepare('DELETE FROM reports_sent WHERE schedule = ?').run(id);
  }

  /** Marks a schedule's report for `label` as done; false when it was done before (sent once only). */
  reportDone(schedule: string, label: string, at: number): boolean {
    return (
      this.#db
        .prepare('INSERT OR IGNORE INTO reports_sent (schedule, label, at) VALUES (?, ?, ?)')
        .run(schedule, label, at).changes > 0
    );
  }

  /** Queues a ready-made message for each channel, at once (a report waits for no group). */
  queueMessage(channels: readonly string[], message: { title: string; lines: string[] }, now: number): void {
    const insert = this.#db.prepare(
      `INSERT INTO outbox (channel, state, next_at, created_at) VALUES (?, 'pending', ?, ?)`,
    );
    const attach = this.#db.prepare('INSERT INTO outbox_messages (outbox, message) VALUES (?, ?)');
    this.#db.transaction(() => {
      for (const channel of channels) {
        const id = Number(insert.run(channel, now, now).lastInsertRowid);
        attach.run(id, JSON.stringify(message));
      }
    })();
  }

  /** Every message about one alarm, newest transition first. */
  deliveries(alarm: string): Delivery[] {
    const rows = this.#db
      .prepare(
        `SELECT i.channel, c.name AS channel_name, i.event, i.at, i.queued_at, i.outbox,
                o.state, o.attempts, o.sent_at, o.next_at, o.last_error,
                (SELECT COUNT(*) FROM items g WHERE g.outbox = i.outbox) AS grouped_with
         FROM items i LEFT JOIN outbox o ON o.id = i.outbox LEFT JOIN channels c ON c.id = i.channel
         WHERE i.alarm = ? ORDER BY i.at DESC, i.channel`,
      )
      .all(alarm) as Record<string, unknown>[];
    return rows.map((r) => ({
      channel: r.channel as string,
      channel_name: (r.channel_name as string | null) ?? '(deleted)',
      event: r.event as NotifiedEvent,
      at: r.at as number,
      state: (r.state as Delivery['state'] | null) ?? 'waiting',
      attempts: (r.attempts as number | null) ?? 0,
      grouped_with: r.outbox === null ? 1 : (r.grouped_with as number),
      queued_at: r.queued_at as number,
      sent_at: (r.sent_at as number | null) ?? null,
      next_attempt_at: r.state === 'pending' ? (r.next_at as number) : null,
      last_error: (r.last_error as string | null) ?? null,
    }));
  }

  /** How many messages wait, and how many were given up on (/metrics, the web page). */
  counts(): { waiting: number; pending: number; failed: number } {
    const waiting = (
      this.#db.prepare('SELECT COUNT(*) AS n FROM items WHERE outbox IS NULL').get() as { n: number }
    ).n;
    const by = this.#db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as {
      state: string;
      n: number;
    }[];
    const n = (state: string) => by.find((b) => b.state === state)?.n ?? 0;
    return { waiting, pending: n('pending'), failed: n('failed') };
  }
}

function channelOf(row: Record<string, unknown>): ChannelRecord {
  return {
    id: row.id as string,
    name: row.name as string,
    kind: row.kind as ChannelKind,
    owner: row.owner as string,
    rate_per_minute: row.rate_per_minute as number,
    config: JSON.parse(row.config as string) as ChannelConfig,
  };
}
