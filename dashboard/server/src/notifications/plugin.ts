import type { FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import type { AlarmService } from '../alarms/alarm-service.ts';
import { visibleBuildings } from '../auth/users.ts';
import type { AppDeps, AppOptions } from '../options.ts';
import { buildReport } from '../reports/build-report.ts';
import { NotificationDb } from './db.ts';
import { NotificationService } from './service.ts';

/**
 * The notification service of an app: its SQLite file opened (or in memory), every alarm transition passed
 * to it, the outbox started when the app is ready and stopped (in-flight sends finished) when it closes.
 */
export function createNotifications(
  app: FastifyInstance,
  deps: AppDeps,
  options: AppOptions,
  alarms: AlarmService,
  timeZone: string,
  sends: () => boolean,
): NotificationService {
  let db: NotificationDb;
  try {
    db = new NotificationDb(options.notificationsFile);
  } catch (error) {
    throw new Error(
      `dashboard: option notificationsFile: cannot open ${options.notificationsFile}: ${(error as Error).message}`,
    );
  }
  const service = new NotificationService({
    db,
    registry: deps.registry,
    users: deps.users,
    timeZone,
    now: options.now,
    log: app.log,
    sends,
    // A schedule's report covers what its owner may see (a manager: their buildings), as the owner's GET would.
    report: (period, date, owner) => {
      const user = deps.users.find(owner);
      return buildReport(app.louyu, period, date, user ? visibleBuildings(user, deps.registry) : []);
    },
    timings: {
      groupMs: options.notifyGroupMs,
      retryBaseMs: options.notifyRetryBaseMs,
      retryMaxMs: options.notifyRetryMaxMs,
      giveUpAfterMs: 24 * 3_600_000,
      pumpMs: Math.min(500, options.notifyGroupMs),
    },
  });
  alarms.onChange((_building, event) => {
    // A shelved alarm notifies no one (issue 19, item 2); workflow actions other than escalated are not notified.
    if (event && !event.shelved) service.transition(event as Parameters<typeof service.transition>[0]);
  });
  app.addHook('onReady', async () => {
    const registers = [app.metrics.registry];
    const deliveries = new Counter({
      name: 'louyu_notifications_deliveries_total',
      help: 'Notification delivery attempts by channel kind and result (sent, retry: failed and tried again later, failed: given up)',
      labelNames: ['kind', 'result'],
      registers,
    });
    new Gauge({
      name: 'louyu_notifications_outbox',
      help: 'Notifications by state: waiting (grouping window or quiet hours), pending (to send or retry), failed (given up)',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, count] of Object.entries(db.counts())) this.set({ state }, count);
      },
    });
    service.onDelivery = (kind, result) => deliveries.inc({ kind, result });
    service.start();
    await Promise.resolve();
  });
  app.addHook('onClose', async () => {
    await service.stop();
    db.close();
  });
  return service;
}
