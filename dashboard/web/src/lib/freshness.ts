import type { FreshnessState } from './contracts.ts';
import { live } from './live/connection.svelte.ts';

/** True when a value must be greyed: the server calls it stale or offline, or the live link is down. */
export function isGrey(freshness: FreshnessState): boolean {
  return freshness !== 'fresh' || live.status !== 'connected';
}
