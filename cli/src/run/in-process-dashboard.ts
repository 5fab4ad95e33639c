// What `louyu start` and `louyu node` give the dashboard they run in their own process, alike: both keep
// its files in the data folder and call it ready only while ingest's spool takes messages. One place, so
// an option added for one (a file, a limit) is not forgotten in the other.
import path from 'node:path';
import type { buildApp, TrustProxy } from '@louyu/dashboard-server';
import type { Ingest } from '@louyu/ingest';
import type { Logger } from 'pino';

type AppSettings = Parameters<typeof buildApp>[0];

export interface InProcessDashboardSettings {
  dataDir: string;
  demo: boolean;
  redis: string | undefined;
  trustProxy: TrustProxy;
  opsToken?: string | undefined;
  alarmEscalateMinutes: number;
  startupLimitSeconds: number;
}

/** Not ready while the spool takes no messages (full, or the disk refuses its writes). */
export function spoolReadiness(ingest: Ingest): NonNullable<AppSettings['readiness']> {
  return () => {
    const problem = ingest.status().spool.problem;
    return problem === null
      ? { ok: true, detail: 'ingest spool takes messages' }
      : { ok: false, detail: `ingest: ${problem}` };
  };
}

/** The dashboard's options, its files in `o.dataDir` as `louyu dashboard` keeps them. */
export function inProcessDashboardOptions(
  o: InProcessDashboardSettings,
  webDist: string,
  logger: Logger,
): NonNullable<AppSettings['options']> {
  return {
    demo: o.demo,
    webDist,
    redis: o.redis,
    trustProxy: o.trustProxy,
    ...(o.opsToken !== undefined ? { opsToken: o.opsToken } : {}),
    // Notification channels, rules and the outbox: kept across restarts (nothing queued is lost).
    notificationsFile: path.join(o.dataDir, 'notifications.db'),
    // Who signed in and changed what (per node in scale-out: each dashboard keeps its own).
    auditFile: path.join(o.dataDir, 'audit.db'),
    // Alarm transitions the store cannot take yet (an outage) wait here, also across a restart.
    alarmSpoolDir: path.join(o.dataDir, 'alarm-spool'),
    alarmEscalateAfterMs: o.alarmEscalateMinutes * 60_000,
    startupLimitMs: o.startupLimitSeconds * 1000,
    logger,
  };
}
