import { KINDS, type Kind, type Registry } from '@louyu/core';
import { DEFAULT_INTERVALS_MS, type IntervalGroup } from './assumptions.ts';
import { createDistrict } from './district.ts';

/** Which report interval a kind follows (the five 5A head ends share the subsystem interval). */
const GROUP_OF: Record<Kind, IntervalGroup> = Object.fromEntries(
  KINDS.map((kind) => [kind, kind in DEFAULT_INTERVALS_MS ? (kind as IntervalGroup) : 'subsystem']),
) as Record<Kind, IntervalGroup>;

/**
 * Messages per second the busiest simulated gateway publishes in real time (speed 1), from its devices
 * and their report intervals: a 48-floor tower with 23 cars sends about 4 a second (its cars every 10 s).
 * A run at speed N publishes N times as many; a broker's per-account rate limit below that holds the
 * whole fleet back (its clock waits for the slowest gateway), so `louyu start` sizes the limit by it.
 */
export function busiestGatewayRate(registry: Registry, buildings?: readonly string[] | number): number {
  // The first step reports every device once: one message per device, without a warm-up.
  const district = createDistrict({
    registry,
    seed: 1,
    start: 0,
    warmUp: false,
    ...(buildings === undefined ? {} : { buildings }),
  });
  const perSecond = new Map<string, number>();
  for (const message of district.step(district.tickMs)) {
    const kind = message.topic.split('/')[3] as Kind;
    const every = DEFAULT_INTERVALS_MS[GROUP_OF[kind] ?? 'subsystem'];
    perSecond.set(message.gateway, (perSecond.get(message.gateway) ?? 0) + 1000 / every);
  }
  return Math.max(0, ...perSecond.values());
}
