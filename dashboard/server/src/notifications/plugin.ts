import type { FastifyInstance } from 'fastify';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { AppDeps, AppOptions } from '../options.ts';
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
    timings: {
      groupMs: options.notifyGroupMs,
      retryBaseMs: options.notifyRetryBaseMs,
      retryMaxMs: options.notifyRetryMaxMs,
      giveUpAfterMs: 24 * 3_600_000,
      pumpMs: Math.min(500, options.notifyGroupMs),
    },
  });
  alarms.onChange((_building, event) => {
    if (event) service.transition(event);
  });
  app.addHook('onReady', async () => {
    service.start();
    await Promise.resolve();
  });
  app.addHook('onClose', async () => {
    await service.stop();
    db.close();
  });
  return service;
}
