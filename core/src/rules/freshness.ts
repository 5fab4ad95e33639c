import {
  EXPECTED_INTERVAL_MS,
  OFFLINE_MIN_STALE_MULTIPLE,
  OFFLINE_SILENCE_MS,
  STALE_AFTER_INTERVALS,
} from '../constants.ts';
import type { Kind } from '../kinds.ts';

/** How current a device's data is: only `fresh` data counts as healthy. */
export type Freshness = 'fresh' | 'stale' | 'offline';

/** What freshness is judged against; defaults from constants.ts, overridable by operators. */
export interface FreshnessConfig {
  expectedIntervalMs: Readonly<Record<Kind, number>>;
  staleAfterIntervals: number;
  offlineSilenceMs: number;
  offlineMinStaleMultiple: number;
}

/** The thresholds of DESIGN.md "Freshness". */
export const DEFAULT_FRESHNESS_CONFIG: FreshnessConfig = {
  expectedIntervalMs: EXPECTED_INTERVAL_MS,
  staleAfterIntervals: STALE_AFTER_INTERVALS,
  offlineSilenceMs: OFFLINE_SILENCE_MS,
  offlineMinStaleMultiple: OFFLINE_MIN_STALE_MULTIPLE,
};

/** Age (ms) beyond which a kind's latest reading is stale: 3 x its expected interval. */
export function staleAfterMs(kind: Kind, config: FreshnessConfig = DEFAULT_FRESHNESS_CONFIG): number {
  return config.expectedIntervalMs[kind] * config.staleAfterIntervals;
}

/** Silence (ms) beyond which a device of this kind is offline: 10 min, or longer for slow kinds. */
export function offlineAfterMs(kind: Kind, config: FreshnessConfig = DEFAULT_FRESHNESS_CONFIG): number {
  return Math.max(config.offlineSilenceMs, staleAfterMs(kind, config) * config.offlineMinStaleMultiple);
}

/**
 * A gateway's own clock, as its readings show it: the newest reading `ts` of the gateway (its building)
 * and the wall time its latest reading arrived. A gateway that lags (a replay, a queue, a slow link)
 * sends readings that are all equally behind the wall clock; its devices are judged against each other.
 */
export interface GatewayClock {
  /** The newest reading `ts` of the gateway, UTC ms (a reading stamped ahead of its receipt counts as received). */
  newestTs: number;
  /** Wall time the gateway's latest reading arrived, UTC ms. */
  receivedAt: number;
}

/** The gateway clock after one more reading stamped `ts` arrived at wall time `receivedAt`. */
export function advanceGatewayClock(
  clock: GatewayClock | undefined,
  ts: number,
  receivedAt: number,
): GatewayClock {
  const stamped = Math.min(ts, receivedAt);
  if (!clock) return { newestTs: stamped, receivedAt };
  return { newestTs: Math.max(clock.newestTs, stamped), receivedAt: Math.max(clock.receivedAt, receivedAt) };
}

/**
 * How long a device has been silent at wall time `now`. Without its gateway's clock: `now - lastTs`.
 * With it: how far the device is behind the newest reading of its gateway (on the readings' own time),
 * plus how long the gateway as a whole has been silent (on wall time). A gateway in step with the wall
 * clock gives the same age; one whose readings all lag by the same amount does not age its devices.
 */
export function deviceAgeMs(lastTs: number, now: number, clock?: GatewayClock): number {
  if (!clock) return Math.max(0, now - lastTs);
  return Math.max(0, clock.newestTs - lastTs) + Math.max(0, now - clock.receivedAt);
}

/** What is known about one device when judging it. */
export interface FreshnessInput {
  kind: Kind;
  /** UTC ms of the device's latest reading; undefined when it has never reported. */
  lastTs: number | undefined;
  /** The building gateway's retained status; 'offline' is its Last Will. */
  gateway?: 'online' | 'offline' | undefined;
  /** Its gateway's clock: when given, the device is judged against its gateway's newest reading. */
  clock?: GatewayClock | undefined;
}

/**
 * Fresh, stale or offline at `now` (DESIGN.md "Freshness"). A device that never reported, or whose
 * gateway's Last Will said offline, is offline. A reading stamped in the future counts as age 0. With
 * the gateway's clock, the age is `deviceAgeMs`: readings that are all equally behind are not stale.
 */
export function freshness(
  input: FreshnessInput,
  now: number,
  config: FreshnessConfig = DEFAULT_FRESHNESS_CONFIG,
): Freshness {
  if (input.gateway === 'offline' || input.lastTs === undefined) return 'offline';
  const age = deviceAgeMs(input.lastTs, now, input.clock);
  if (age > offlineAfterMs(input.kind, config)) return 'offline';
  if (age > staleAfterMs(input.kind, config)) return 'stale';
  return 'fresh';
}

/** True only for fresh data: stale data never counts as healthy. */
export function isHealthy(state: Freshness): boolean {
  return state === 'fresh';
}
