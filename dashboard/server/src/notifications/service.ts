import {
  localDateKey,
  type AlarmEvent,
  type DateKey,
  type Registry,
  type Report,
  type ReportPeriod,
} from '@louyu/core';
import type { FastifyBaseLogger } from 'fastify';
import type { UserDirectory } from '../auth/user-directory.ts';
import type { ChannelRecord, NotificationDb, OutboxRow } from './db.ts';
import { renderMessage, testMessage } from './message.ts';
import {
  NOTIFIED_EVENTS,
  type NotifiedEvent,
  type NotifiedTransition,
  type ReportSchedule,
} from './model.ts';
import { quietFor } from './quiet-hours.ts';
import { dueReport, reportMessage } from './reports.ts';
import { ruleMatches } from './rules.ts';
import { send } from './senders.ts';

export interface NotificationTimings {
  /** Transitions to one channel within this window go out as one message (an outage of many buildings). */
  groupMs: number;
  /** The first retry of a failed message; doubled per attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A message still failing this long after it was made is given up on (kept in the log as failed). */
  giveUpAfterMs: number;
  /** How often the outbox is looked at. */
  pumpMs: number;
}

export interface NotificationDeps {
  db: NotificationDb;
  registry: Registry;
  users: UserDirectory;
  timeZone: string;
  /** The district clock (quiet hours are in district time). */
  now: () => number;
  timings: NotificationTimings;
  log: FastifyBaseLogger;
  /** Whether this node sends (of several dashboard nodes, only the alarm writer does). */
  sends: () => boolean;
  /** The weekly or monthly report holding `date`, over the buildings `owner` may see. */
  report: (period: ReportPeriod, date: DateKey, owner: string) => Promise<Report>;
}

/** The most transitions in one message; more wait for the next one. */
const MOST_PER_MESSAGE = 200;

/**
 * Routes alarm transitions through the rules to channels: each transition is queued durably once per
 * channel, transitions arriving together are grouped into one message, and the outbox sends them at each
 * channel's rate, retrying with exponential backoff while a channel is down, across restarts.
 */
export class NotificationService {
  readonly db: NotificationDb;
  readonly #deps: NotificationDeps;
  readonly #busy = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #reporting = false;
  /** Told of every delivery attempt (/metrics). */
  onDelivery: (kind: ChannelRecord['kind'], result: 'sent' | 'retry' | 'failed') => void = () => undefined;

  constructor(deps: NotificationDeps) {
    this.#deps = deps;
    this.db = deps.db;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.pump(), this.#deps.timings.pumpMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** An alarm transition (acknowledgements are not notified); queued for every channel a rule sends it to. */
  transition(event: AlarmEvent): void {
    // 'escalated' comes from the alarm workflow, typed there; anything else (acknowledged) is not notified.
    const kind = event.type as string;
    if (!NOTIFIED_EVENTS.includes(kind as NotifiedEvent) || !this.#deps.sends()) return;
    const t: NotifiedTransition = {
      event: kind as NotifiedEvent,
      alarm: event.alarmId,
      building: event.building,
      device: event.device,
      type: event.alarmType,
      severity: event.severity,
      at: event.at,
      ...(event.detail !== undefined ? { detail: event.detail } : {}),
    };
    const { db, registry, users, timeZone } = this.#deps;
    const wall = Date.now();
    const channels = new Map<string, number>();
    // Called from inside the alarm service: a notification problem is logged, never thrown into alarms.
    try {
      for (const rule of db.rules()) {
        if (!ruleMatches(rule, t, registry, users)) continue;
        // In quiet hours only critical alarms go out now; the rest wait for the quiet hours to end.
        const wait = t.severity === 'critical' ? 0 : quietFor(rule.quiet_hours, this.#deps.now(), timeZone);
        for (const channel of rule.channels)
          channels.set(channel, Math.min(channels.get(channel) ?? Infinity, wall + wait));
      }
      db.queueAll(
        [...channels].map(([channel, notBefore]) => ({ channel, notBefore })),
        t,
        wall,
      );
    } catch (error) {
      this.#deps.log.error({ err: error, alarm: t.alarm, event: t.event }, 'notification not queued');
    }
  }

  /** Groups what waited long enough, then sends what is due (each channel one message at a time). */
  pump(): void {
    const wall = Date.now();
    const { db, timings } = this.#deps;
    void this.#scheduledReports();
    try {
      db.group(wall, timings.groupMs, MOST_PER_MESSAGE);
      for (const row of db.due(wall)) {
        if (this.#busy.has(row.channel)) continue;
        const channel = db.channel(row.channel);
        if (!channel) {
          db.failed(row.id, 'the channel was deleted', null);
          continue;
        }
        if (db.sentSince(channel.id, wall - 60_000) >= channel.rate_per_minute) {
          db.postpone(row.id, wall + Math.ceil(60_000 / channel.rate_per_minute));
          continue;
        }
        this.#busy.add(channel.id);
        const attempt = this.#deliver(channel, row).finally(() => {
          this.#busy.delete(channel.id);
          this.#inFlight.delete(attempt);
        });
        this.#inFlight.add(attempt);
      }
    } catch (error) {
      this.#deps.log.error({ err: error }, 'notification outbox');
    }
  }

  async #deliver(channel: ChannelRecord, row: OutboxRow): Promise<void> {
    const { registry, timeZone, timings, log } = this.#deps;
    try {
      await send(
        channel,
        row.message
          ? { ...row.message, transitions: [], test: false }
          : renderMessage(row.transitions, registry, timeZone),
      );
      this.db.sent(row.id, Date.now());
      this.onDelivery(channel.kind, 'sent');
    } catch (error) {
      const now = Date.now();
      const delay = Math.min(timings.retryBaseMs * 2 ** row.attempts, timings.retryMaxMs);
      const giveUp = now - row.created_at >= timings.giveUpAfterMs;
      const why = (error as Error).message;
      this.db.failed(row.id, why, giveUp ? null : now + delay);
      this.onDelivery(channel.kind, giveUp ? 'failed' : 'retry');
      log.warn(
        {
          channel: channel.name,
          kind: channel.kind,
          attempts: row.attempts + 1,
          transitions: row.transitions.length,
        },
        giveUp
          ? `notification given up: ${why}`
          : `notification not delivered, retried in ${delay} ms: ${why}`,
      );
    }
  }

  /**
   * Queues the report each enabled schedule owes (the last full week or month, from 08:00 on the next
   * period's first day), once per period; one pass at a time, on the node that sends.
   */
  async #scheduledReports(): Promise<void> {
    if (this.#reporting || !this.#deps.sends()) return;
    this.#reporting = true;
    try {
      const now = this.#deps.now();
      for (const schedule of this.db.reportSchedules()) {
        if (!schedule.enabled) continue;
        const due = dueReport(schedule.period, now, this.#deps.timeZone);
        if (!due || !this.db.reportDone(schedule.id, due.label, Date.now())) continue;
        await this.#queueReport(schedule, due.date);
      }
    } catch (error) {
      this.#deps.log.error({ err: error }, 'scheduled report not queued');
    } finally {
      this.#reporting = false;
    }
  }

  /** A new schedule starts with the next period: the one already due is not sent after the fact. */
  scheduled(schedule: ReportSchedule): void {
    const due = dueReport(schedule.period, this.#deps.now(), this.#deps.timeZone);
    if (due) this.db.reportDone(schedule.id, due.label, Date.now());
  }

  /** Builds a schedule's report for the period holding `date` and queues it for its channels; its label. */
  async #queueReport(schedule: ReportSchedule, date: DateKey): Promise<string> {
    const report = await this.#deps.report(schedule.period, date, schedule.owner);
    this.db.queueMessage(schedule.channels, reportMessage(report), Date.now());
    return report.label;
  }

  /** The "send now" button of a schedule: the current period so far, queued at once. */
  sendReportNow(schedule: ReportSchedule): Promise<string> {
    return this.#queueReport(schedule, localDateKey(this.#deps.now(), this.#deps.timeZone));
  }

  /** The "send test" button: sends now, outside the outbox, and says how it went. */
  async test(channel: ChannelRecord): Promise<{ ok: boolean; detail: string }> {
    try {
      await send(channel, testMessage(channel.name));
      return { ok: true, detail: 'sent' };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }
}
