import { DEFAULT_BROKER_CONFIG, type RateLimitConfig } from '@louyu/broker';
import type { Registry } from '@louyu/core';
import { busiestGatewayRate } from '@louyu/simulators';
import { parseBuildings } from './history-fill.ts';

/**
 * Headroom over the busiest gateway's rate at the asked speed: the fleet steps the clock in chunks and
 * catches up after a pause, so its publishes come in bursts above the mean.
 */
const HEADROOM = 1.5;

/**
 * The broker's per-account rate for `louyu start --speed N`: each simulated gateway publishes N times its
 * real rate, and the busiest (a tower with 23 cars reporting every 10 s) needs about 4 messages a second in
 * real time, 251 at speed 60, above the default 200 a second, which then held every gateway back (the
 * fleet's clock waits for its slowest gateway). At speed 1 the default stands.
 */
export function simulatorRateLimit(
  speed: string,
  registry: Registry,
  buildings: string,
): RateLimitConfig | undefined {
  const factor = Number(speed);
  if (!Number.isFinite(factor) || factor <= 1) return undefined;
  const defaults = DEFAULT_BROKER_CONFIG.rateLimit;
  const selection = parseBuildings(buildings);
  const needed = Math.ceil(busiestGatewayRate(registry, selection) * factor * HEADROOM);
  if (needed <= defaults.perSecond) return undefined;
  return { perSecond: needed, burst: Math.max(defaults.burst, needed * 5) };
}
