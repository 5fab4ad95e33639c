import type { Registry, TelemetryPoint } from '@louyu/core';

/**
 * `count` energy points spread over the registry's buildings, one series per building and `device`, with
 * timestamps from `fromTs` a millisecond apart per point, so every point is new (none overwrites another).
 */
export function energyPoints(
  registry: Registry,
  count: number,
  fromTs: number,
  device = 'meter1',
): TelemetryPoint[] {
  const buildings = registry.buildings;
  const out: TelemetryPoint[] = [];
  for (let i = 0; i < count; i++) {
    const b = buildings[i % buildings.length];
    if (!b) break;
    out.push({
      measurement: 'energy',
      tags: { building: b.id, cluster: b.cluster, device, circuit: 'total' },
      fields: { power_kw: 100 + (i % 50), energy_kwh: fromTs + i },
      ts: fromTs + i,
    });
  }
  return out;
}
