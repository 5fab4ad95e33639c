import { occupancyRate, type Registry } from '@louyu/core';
import type { AlarmCounts, BuildingLive, DistrictLive } from '@louyu/core';

const round = (value: number): number => Math.round(value * 10) / 10;

/** The district's live totals from its buildings' summaries. */
export function districtLive(registry: Registry, buildings: readonly BuildingLive[]): DistrictLive {
  const sum = (pick: (b: BuildingLive) => number | null): number =>
    buildings.reduce((total, b) => total + (pick(b) ?? 0), 0);
  const alarms: AlarmCounts = { active: 0, critical: 0, major: 0, minor: 0, warning: 0 };
  for (const b of buildings)
    for (const key of Object.keys(alarms) as (keyof AlarmCounts)[]) alarms[key] += b.alarms[key];
  const indexes = buildings.map((b) => b.five_a.index).filter((v): v is number => v !== null);
  const updated = Math.max(-Infinity, ...buildings.map((b) => b.updated ?? -Infinity));
  const leasable = registry.buildings.reduce((total, b) => total + b.leasable_area_m2, 0);
  const vacant = sum((b) => b.vacant_m2);
  const behind = buildings
    .filter((b) => typeof b.behind_ms === 'number')
    .map((b) => b.behind_ms as number)
    .sort((a, b) => a - b);
  return {
    updated: Number.isFinite(updated) ? updated : null,
    buildings: registry.buildings.length,
    buildings_reporting: buildings.filter((b) => b.freshness.fresh > 0).length,
    people: sum((b) => b.people),
    parking_free: sum((b) => b.parking_free),
    parking_capacity: sum((b) => b.parking_capacity),
    power_kw: round(sum((b) => b.power_kw)),
    energy_today_kwh: round(sum((b) => b.energy_today_kwh)),
    five_a_mean: indexes.length ? round(indexes.reduce((a, b) => a + b, 0) / indexes.length) : null,
    five_a_compliant: buildings.filter((b) => b.five_a.compliant).length,
    alarms,
    gateways_online: buildings.filter((b) => b.gateway === 'online').length,
    gateways_offline: buildings.filter((b) => b.gateway === 'offline').length,
    behind_ms: behind.length ? (behind[Math.floor((behind.length - 1) / 2)] ?? null) : null,
    tenancy_rate: occupancyRate(leasable - vacant, leasable),
    vacant_m2: round(vacant),
    tenants: sum((b) => b.tenants),
  };
}
