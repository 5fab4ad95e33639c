import type { Registry, TelemetryPoint } from '@louyu/core';

/** Meters per building in the raw ceiling's data. */
const METERS = 10;

/**
 * Points `from` .. `from + count` of an endless energy feed: every building has ten meters, and each meter
 * reports once a simulated minute from `baseTs`. Every point is new and opens its own minute, like real
 * traffic (points a millisecond apart would share rollup rows and flatter the store).
 */
export function energyPoints(
  registry: Registry,
  from: number,
  count: number,
  baseTs: number,
): TelemetryPoint[] {
  const buildings = registry.buildings;
  const series = buildings.length * METERS;
  const out: TelemetryPoint[] = [];
  for (let i = from; i < from + count; i++) {
    const s = i % series;
    const b = buildings[Math.floor(s / METERS)];
    if (!b) break;
    const ts = baseTs + Math.floor(i / series) * 60_000;
    out.push({
      measurement: 'energy',
      tags: { building: b.id, cluster: b.cluster, device: `m${s % METERS}`, circuit: 'total' },
      fields: { power_kw: 100 + (i % 50), energy_kwh: i },
      ts,
    });
  }
  return out;
}
