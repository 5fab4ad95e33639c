import type { Registry } from '@louyu/core';
import type { TelemetryStore } from '@louyu/store';
import type { UserDirectory } from './auth/users.ts';
import type { LiveSource } from './live/source.ts';
import { checkRedisUrl } from './socket/peers.ts';

/** Tunables of the dashboard server; every one has a default. */
export interface AppOptions {
  /** Demo mode: demo users may be passed in and the UI says so. */
  demo: boolean;
  /** Session length in seconds (default 12 h: one working day). */
  tokenTtlS: number;
  /** Login attempts per client address per window (default 10 per minute). */
  loginMax: number;
  loginWindowMs: number;
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
  /** fastify logger option (false in tests). */
  logger: boolean | { level: string };
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
}

export const DEFAULT_OPTIONS: AppOptions = {
  demo: false,
  tokenTtlS: 12 * 3600,
  loginMax: 10,
  loginWindowMs: 60_000,
  districtIntervalMs: 1000,
  buildingIntervalMs: 250,
  tickMs: 5000,
  webDist: undefined,
  timeZone: undefined,
  now: () => Date.now(),
  logger: false,
  redis: undefined,
  alarmWriterLeaseMs: 15_000,
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
    'districtIntervalMs',
    'buildingIntervalMs',
    'tickMs',
    'alarmWriterLeaseMs',
  ] as const) {
    const value = options[name];
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`dashboard: option ${name} must be a positive number, got ${value}`);
  }
  checkRedisUrl(options.redis);
  return options;
}
