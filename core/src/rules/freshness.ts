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

/** What is known about one device when judging it. */
export interface FreshnessInput {
  kind: Kind;
  /** UTC ms of the device's latest reading; undefined when it has never reported. */
  lastTs: number | undefined;
  /** The building gateway's retained status; 'offline' is its Last Will. */
  gateway?: 'online' | 'offline' | undefined;
}

/**
 * Fresh, stale or offline at `now` (DESIGN.md "Freshness"). A device that never reported, or whose
 * gateway's Last Will said offline, is offline. A reading stamped in the future counts as age 0.
 */
export function freshness(
  input: FreshnessInput,
  now: number,
  config: FreshnessConfig = DEFAULT_FRESHNESS_CONFIG,
): Freshness {
  if (input.gateway === 'offline' || input.lastTs === undefined) return 'offline';
  const age = Math.max(0, now - input.lastTs);
  if (age > offlineAfterMs(input.kind, config)) return 'offline';
  if (age > staleAfterMs(input.kind, config)) return 'stale';
  return 'fresh';
}

/** True only for fresh data: stale data never counts as healthy. */
export function isHealthy(state: Freshness): boolean {
  return state === 'fresh';
}
