import { INDUSTRIES, type Industry } from '../kinds.ts';
import { TAX_TIERS, type Building, type PlanTargets, type Registry } from '../registry/types.ts';
import {
  isKeyIdle,
  occupancyBucket,
  occupancyRate,
  OCCUPANCY_BUCKETS,
  vacantArea,
} from '../rules/tenancy.ts';
import { areaWeightedOccupancy, meanOccupancy } from './occupancy.ts';
import type { DistrictFigures } from './schema.ts';
import { taxLadder } from './tax-ladder.ts';

/** A building's live tenancy (from its property system's `tenancy` telemetry), replacing the registry baseline. */
export interface LiveTenancy {
  /** Leasable area as the property system reports it; the registry's figure when absent. */
  leasable_m2?: number;
  leased_m2: number;
  tenants: number;
  tenants_by_industry: Readonly<Record<Industry, number>>;
  tax_ytd_cny?: number;
}

const OVER_100K_M2 = 100_000;

interface Row {
  building: Building;
  leasable: number;
  leased: number;
  vacant: number;
  rate: number;
  tenants: number;
  byIndustry: Readonly<Record<Industry, number>>;
  taxYtd: number | undefined;
}

/**
 * The district's plan figures from the registry, with live tenancy where given (building id -> figures;
 * ids not in the registry are ignored). Pure: the same inputs always give the same plain-JSON result.
 */
export function districtFigures(
  registry: Registry,
  tenancy?: ReadonlyMap<string, LiveTenancy>,
): DistrictFigures {
  const rows = registry.buildings.map((b) => rowOf(b, tenancy?.get(b.id)));
  const n = rows.length;
  const sum = (f: (r: Row) => number, of: readonly Row[] = rows): number => of.reduce((a, r) => a + f(r), 0);
  const share = (count: number, whole: number): { count: number; share: number } => ({
    count,
    share: whole > 0 ? count / whole : 0,
  });

  const gross = sum((r) => r.building.gross_floor_area_m2);
  const leasable = sum((r) => r.leasable);
  const vacant = sum((r) => r.vacant);
  const tenants = sum((r) => r.tenants);
  const idle = rows.filter((r) => isKeyIdle(r.vacant, registry.shortfallConfig.keyIdleVacantM2));
  const idleVacant = sum((r) => r.vacant, idle);
  const tiers = Object.fromEntries(
    TAX_TIERS.map((tier) => [tier, rows.filter((r) => r.building.tax_tier === tier).length]),
  ) as DistrictFigures['tax']['tiers'];
  const ytd = rows.filter((r) => r.taxYtd !== undefined);
  const meanRate = meanOccupancy(rows.map((r) => r.rate)) ?? 0;

  return {
    buildings_operating: n,
    gross_floor_area_m2: gross,
    buildings_over_100k_m2: rows.filter((r) => r.building.gross_floor_area_m2 > OVER_100K_M2).length,
    leasable_area_m2: leasable,
    leased_m2: sum((r) => r.leased),
    vacant_m2: vacant,
    tenants,
    tenants_by_industry: Object.fromEntries(
      INDUSTRIES.map((industry) => [
        industry,
        share(
          sum((r) => r.byIndustry[industry]),
          tenants,
        ),
      ]),
    ) as DistrictFigures['tenants_by_industry'],
    occupancy_buckets: Object.fromEntries(
      OCCUPANCY_BUCKETS.map((bucket) => [
        bucket,
        share(rows.filter((r) => occupancyBucket(r.rate) === bucket).length, n),
      ]),
    ) as DistrictFigures['occupancy_buckets'],
    mean_occupancy: meanRate,
    area_weighted_occupancy:
      areaWeightedOccupancy(rows.map((r) => ({ leased_m2: r.leased, leasable_m2: r.leasable }))) ?? 0,
    vacancy_rate: leasable > 0 ? vacant / leasable : 0,
    idle_share_of_gross: gross > 0 ? idleVacant / gross : 0,
    key_idle: {
      buildings: idle.length,
      vacant_m2: idleVacant,
      building_ids: idle.map((r) => r.building.id),
      by_street: idleByStreet(idle),
    },
    tax: {
      tiers,
      annual_tax_cny: sum((r) => r.building.annual_tax_cny ?? 0),
      over_100m_annual_tax_cny: sum(
        (r) => r.building.annual_tax_cny ?? 0,
        rows.filter((r) => r.building.tax_tier === 'over_100m'),
      ),
      tax_ytd_cny: ytd.length > 0 ? sum((r) => r.taxYtd ?? 0, ytd) : null,
      ladder: taxLadder(registry.buildings),
    },
    by_cluster: registry.clusters.map(({ id: cluster, name }) => {
      const of = rows.filter((r) => r.building.cluster === cluster);
      return {
        cluster,
        name,
        buildings: of.length,
        gross_floor_area_m2: sum((r) => r.building.gross_floor_area_m2, of),
        tenants: sum((r) => r.tenants, of),
        vacant_m2: sum((r) => r.vacant, of),
        mean_occupancy: meanOccupancy(of.map((r) => r.rate)) ?? 0,
      };
    }),
    targets: targetsOf(registry.district.plan, tiers.over_100m, idleVacant, meanRate),
    buildings_live: tenancy === undefined ? 0 : rows.filter((r) => tenancy.has(r.building.id)).length,
  };
}

function rowOf(building: Building, live: LiveTenancy | undefined): Row {
  const leasable = live?.leasable_m2 ?? building.leasable_area_m2;
  const leased = live?.leased_m2 ?? building.tenancy.leased_m2;
  return {
    building,
    leasable,
    leased,
    vacant: vacantArea(leased, leasable),
    // Leasable area is > 0 by schema and payload contract; 0 guards a malformed live report all the same.
    rate: occupancyRate(leased, leasable) ?? 0,
    tenants: live?.tenants ?? building.tenancy.tenants,
    byIndustry: live?.tenants_by_industry ?? building.tenancy.tenants_by_industry,
    taxYtd: live?.tax_ytd_cny,
  };
}

function idleByStreet(idle: readonly Row[]): DistrictFigures['key_idle']['by_street'] {
  const streets = new Map<string, DistrictFigures['key_idle']['by_street'][number]>();
  for (const r of idle) {
    const entry = streets.get(r.building.street.zh) ?? {
      street: r.building.street,
      buildings: 0,
      vacant_m2: 0,
    };
    entry.buildings += 1;
    entry.vacant_m2 += r.vacant;
    streets.set(r.building.street.zh, entry);
  }
  return [...streets.values()].sort(
    (a, b) => b.vacant_m2 - a.vacant_m2 || a.street.zh.localeCompare(b.street.zh),
  );
}

/**
 * Where the district stands against its own plan (the registry's `district.plan`): each target the plan
 * sets, with progress from its base to its target; null for a target the plan does not set.
 */
function targetsOf(
  plan: PlanTargets | undefined,
  over100m: number,
  idleVacant: number,
  meanRate: number,
): DistrictFigures['targets'] {
  const t100 = plan?.buildings_over_100m_tax;
  const idle = plan?.idle_area;
  const mean = plan?.mean_occupancy;
  return {
    base_year: plan?.base_year ?? null,
    target_year: plan?.target_year ?? null,
    buildings_over_100m_tax:
      t100 === undefined
        ? null
        : {
            baseline: t100.base,
            target: t100.target,
            current: over100m,
            progress:
              t100.target > t100.base
                ? clamp01((over100m - t100.base) / (t100.target - t100.base))
                : over100m >= t100.target
                  ? 1
                  : 0,
          },
    idle_area:
      idle === undefined
        ? null
        : {
            baseline_m2: idle.base_m2,
            reduction_target_m2: idle.reduction_m2,
            target_m2: idle.base_m2 - idle.reduction_m2,
            current_m2: idleVacant,
            reduced_m2: idle.base_m2 - idleVacant,
            progress: clamp01((idle.base_m2 - idleVacant) / idle.reduction_m2),
          },
    mean_occupancy:
      mean === undefined || (mean.base === undefined && mean.target === undefined)
        ? null
        : {
            baseline: mean.base ?? null,
            target: mean.target ?? null,
            current: meanRate,
            met: mean.target === undefined ? null : meanRate >= mean.target,
          },
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
