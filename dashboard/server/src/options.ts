import type { Registry } from '@louyu/core';
import type { FastifyBaseLogger } from 'fastify';
import type { TelemetryStore } from '@louyu/store';
import type { UserDirectory } from './auth/user-directory.ts';
import type { LiveSource } from './live/source.ts';
import { checkRedisUrl } from './socket/peers.ts';
import { checkTrustProxy, type TrustProxy } from './trust-proxy.ts';

/** Tunables of the dashboard server; every one has a default. */
export interface AppOptions {
  /** Demo mode: demo users may be passed in and the UI says so. */
  demo: boolean;
  /** Session length in seconds (default 12 h: one working day). */
  tokenTtlS: number;
  /**
   * Login requests per client address per window, whatever their outcome (default 30 per minute): a flood
   * guard, since each check costs a deliberately slow scrypt. The limits on guessing are the next ones
   * (auth/login-limits.ts).
   */
  loginMax: number;
  loginWindowMs: number;
  /** Failed sign-ins to one account, from any address, before it backs off (default 5). */
  loginAccountFailures: number;
  /** The first back-off (default 1 s), doubled per further failure up to `loginBackoffMaxMs` (15 min). */
  loginBackoffMs: number;
  loginBackoffMaxMs: number;
  /** Different accounts one client address may fail to sign in to per window (default 10 per 15 min). */
  loginAddressAccounts: number;
  loginAddressWindowMs: number;
  /** Addresses, and unknown usernames, the login limits keep track of at most (default 10,000 each). */
  loginTracked: number;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (fastify `trustProxy`): false (default: the client is
   * the connection's address), a number of proxies in front, or their addresses / networks. Never `true`.
   */
  trustProxy: TrustProxy;
  /**
   * When set, `/metrics` and `/docs` need this token (bearer, or the password of HTTP basic auth for a
   * browser) or a district / admin session; unset (default) they are open, for a closed network.
   */
  opsToken: string | undefined;
  /** Coalescing intervals: the district room at most 1 Hz, a building room at most 4 Hz. */
  districtIntervalMs: number;
  buildingIntervalMs: number;
  /** How often freshness and alarm timers are re-evaluated without new readings (ms). */
  tickMs: number;
  /** Folder of the built web app (dashboard/web/dist); served with SPA fallback when it exists. */
  webDist: string | undefined;
  /** The district's time zone; defaults to the registry's. */
  timeZone: string | undefined;
  /** Clock (UTC ms). Tests and simulations pass their own. */
  now: () => number;
  /** fastify logger option (false in tests), or a pino logger to log through (`louyu start`'s child). */
  logger: boolean | { level: string } | FastifyBaseLogger;
  /**
   * Redis URL (`redis://` or `rediss://`) for scale-out: socket.io nodes share rooms through the Redis
   * adapter and pass each other what only one of them received (see socket/peers.ts). None: one node.
   */
  redis: string | undefined;
  /**
   * With Redis: how long the alarm-writer lease lasts without renewal (ms, default 15 s), i.e. how soon
   * another node takes over writing alarm transitions when the writing node stops.
   */
  alarmWriterLeaseMs: number;
  /**
   * Folder of the durable queue of alarm transitions on their way to the store (ingest's spool format):
   * what a store outage or a restart holds back is stored later, never lost. Unset: a queue in memory.
   */
  alarmSpoolDir: string | undefined;
  /** An active alarm nobody acknowledged for this long is escalated (ms, default 15 min; notifications route it). */
  alarmEscalateAfterMs: number;
  /**
   * How long start-up may take, most of it the rebuild of the live state and alarms from the store (ms;
   * fastify's pluginTimeout). A store that answers but not within it ends the start, named. Default 2 min,
   * from measurement: the rebuild over 4 hours of Heping at the gateways' real rates (1.5 million points)
   * took 2.4 s on InfluxDB on a 2-core machine and 8.5 s on the same machine under a load of 18 (`npm run
   * bench -- --only queries`), and an operator's restarted node 13.2 s: fastify's default 10 s ended
   * starts that would have finished. Past 2 minutes something is wrong, and a supervisor should hear it.
   */
  startupLimitMs: number;
  /**
   * SQLite file of the notification channels, rules and outbox (`louyu start`: <data-dir>/notifications.db);
   * none: kept in memory, lost on restart (tests).
   */
  notificationsFile: string | undefined;
  /**
   * SQLite file of the audit log (`louyu start`: <data-dir>/audit.db; one per dashboard node in scale-out);
   * none: kept in memory (tests).
   */
  auditFile: string | undefined;
  /** Alarm transitions to one channel within this window go out as one message (default 5 s). */
  notifyGroupMs: number;
  /** First retry of a notification a channel did not take (default 5 s), doubled up to `notifyRetryMaxMs` (10 min). */
  notifyRetryBaseMs: number;
  notifyRetryMaxMs: number;
}

export const DEFAULT_OPTIONS: AppOptions = {
  demo: false,
  tokenTtlS: 12 * 3600,
  loginMax: 30,
  loginWindowMs: 60_000,
  loginAccountFailures: 5,
  loginBackoffMs: 1000,
  loginBackoffMaxMs: 15 * 60_000,
  loginAddressAccounts: 10,
  loginAddressWindowMs: 15 * 60_000,
  loginTracked: 10_000,
  trustProxy: false,
  opsToken: undefined,
  districtIntervalMs: 1000,
  buildingIntervalMs: 250,
  tickMs: 5000,
  webDist: undefined,
  timeZone: undefined,
  now: () => Date.now(),
  logger: false,
  redis: undefined,
  alarmWriterLeaseMs: 15_000,
  alarmSpoolDir: undefined,
  alarmEscalateAfterMs: 15 * 60_000,
  startupLimitMs: 120_000,
  notificationsFile: undefined,
  auditFile: undefined,
  notifyGroupMs: 5000,
  notifyRetryBaseMs: 5000,
  notifyRetryMaxMs: 600_000,
};

/** What the dashboard server is built from. */
export interface AppDeps {
  registry: Registry;
  store: TelemetryStore;
  users: UserDirectory;
  /** HMAC secret for session tokens; at least 32 characters. */
  jwtSecret: string;
  /** Where live readings come from (MQTT or in-process); none means only the store and the tenancy form. */
  source?: LiveSource;
  /**
   * A further check of `/readyz` (`louyu start`: the in-process ingest's spool takes messages); reported
   * as `ingest`.
   */
  readiness?: () => { ok: boolean; detail: string };
  options?: Partial<AppOptions>;
}

/** Fills defaults and stops on a bad option, naming it. */
export function resolveOptions(deps: AppDeps): AppOptions {
  const options = { ...DEFAULT_OPTIONS, ...deps.options };
  if (typeof deps.jwtSecret !== 'string' || deps.jwtSecret.length < 32)
    throw new Error('dashboard: jwtSecret (LOUYU_JWT_SECRET) must have at least 32 characters');
  for (const name of [
    'tokenTtlS',
    'loginMax',
    'loginWindowMs',
    'loginAccountFailures',
    'loginBackoffMs',
    'loginBackoffMaxMs',
    'loginAddressAccounts',
    'loginAddressWindowMs',
    'loginTracked',
    'districtIntervalMs',
    'buildingIntervalMs',
    'tickMs',
    'alarmWriterLeaseMs',
    'alarmEscalateAfterMs',
    'startupLimitMs',
    'notifyGroupMs',
    'notifyRetryBaseMs',
    'notifyRetryMaxMs',
  ] as const) {
    const value = options[name];
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`dashboard: option ${name} must be a positive number, got ${value}`);
  }
  checkRedisUrl(options.redis);
  checkTrustProxy(options.trustProxy);
  if (
    options.opsToken !== undefined &&
    (typeof options.opsToken !== 'string' || options.opsToken.length < 16)
  )
    throw new Error('dashboard: option opsToken (LOUYU_OPS_TOKEN) must have at least 16 characters');
  return options;
}
