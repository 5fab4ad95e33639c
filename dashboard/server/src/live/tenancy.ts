import { districtFigures, isKeyIdle, occupancyBucket, type LiveTenancy, type Registry } from '@louyu/core';
import type { TenancyReply, TenancyRow } from '@louyu/core';
import type { LiveState } from './live-state.ts';

/** Live tenancy per building (the latest property-system report), for core's district figures. */
export function liveTenancyMap(live: LiveState, ids?: Iterable<string>): Map<string, LiveTenancy> {
  const out = new Map<string, LiveTenancy>();
  for (const id of ids ?? live.registry.byId.keys()) {
    const t = live.devices(id)?.tenancy;
    if (!t) continue;
    out.set(id, {
      leasable_m2: t.data.leasable_m2,
      leased_m2: t.data.leased_m2,
      tenants: t.data.tenants,
      tenants_by_industry: t.data.tenants_by_industry,
      ...(t.data.tax_ytd_cny !== undefined ? { tax_ytd_cny: t.data.tax_ytd_cny } : {}),
    });
  }
  return out;
}

/** The registry narrowed to some buildings (a manager's), so core's figures cover only those. */
export function registrySubset(registry: Registry, ids: readonly string[]): Registry {
  const keep = new Set(ids);
  const buildings = registry.buildings.filter((b) => keep.has(b.id));
  return {
    district: registry.district,
    buildings,
    byId: new Map(buildings.map((b) => [b.id, b])),
    clusters: registry.clusters,
    shortfallConfig: registry.shortfallConfig,
  };
}

/** `GET /api/tenancy` for the given buildings. */
export function tenancyReply(live: LiveState, ids: readonly string[]): TenancyReply {
  const registry = registrySubset(live.registry, ids);
  const figures = districtFigures(registry, liveTenancyMap(live, ids));
  const rows: TenancyRow[] = registry.buildings.map((b) => {
    const t = live.detail(b.id)!.tenancy;
    return {
      building: b.id,
      name: b.name.zh,
      cluster: b.cluster,
      leasable_m2: t.leasable_m2,
      leased_m2: t.leased_m2,
      vacant_m2: t.vacant_m2,
      rate: t.rate,
      bucket: t.rate === null ? null : occupancyBucket(t.rate),
      key_idle: isKeyIdle(t.vacant_m2),
      tenants: t.tenants,
      tenants_by_industry: t.tenants_by_industry,
      reported_at: t.ts,
    };
  });
  return {
    buildings: rows,
    by_cluster: figures.by_cluster,
    occupancy_buckets: figures.occupancy_buckets,
    tenants_by_industry: figures.tenants_by_industry,
    key_idle: figures.key_idle,
  };
}
