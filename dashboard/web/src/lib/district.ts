// District figures the overview shows, computed from the buildings the user may see (optionally one
// cluster), so a manager's overview adds up their buildings and a cluster filter changes every total.
import {
  INDUSTRIES,
  areaWeightedOccupancy,
  meanOccupancy,
  OCCUPANCY_BUCKETS,
  TAX_TIERS,
  planTaxTier,
  TAX_TIER_LOWER_BOUNDS_CNY,
  isKeyIdle,
  occupancyBucket,
  type Building,
  type Industry,
  type OccupancyBucket,
  type PlanTargets,
  type TaxTier,
} from '@louyu/core';
import type { BuildingLive } from './contracts.ts';

/** Live totals over a set of buildings. */
export interface LiveTotals {
  buildings: number;
  reporting: number;
  people: number;
  parkingFree: number;
  parkingCapacity: number;
  elevatorsInService: number;
  elevatorsTotal: number;
  powerKw: number;
  energyTodayKwh: number;
  activeAlarms: number;
  fiveACompliant: number;
  tenants: number;
  leasableM2: number;
  vacantM2: number;
  floorAreaM2: number;
  /** The plan's 平均入驻率: the mean of the buildings' rates (live, else the registry's baseline). */
  meanOccupancy: number | null;
  /** Leased over leasable area of them all: Louyu's area-weighted rate, shown labelled as such. */
  areaWeightedOccupancy: number | null;
  /** Newest reading among them, UTC ms. */
  updated: number | null;
}

/** A building with its live summary (undefined before the first reading). */
export interface BuildingWithLive {
  building: Building;
  live: BuildingLive | undefined;
}

/** Adds up the live summaries; a building without a value adds nothing (and is not counted as reporting). */
export function liveTotals(rows: readonly BuildingWithLive[]): LiveTotals {
  const totals: LiveTotals = {
    buildings: rows.length,
    reporting: 0,
    people: 0,
    parkingFree: 0,
    parkingCapacity: 0,
    elevatorsInService: 0,
    elevatorsTotal: 0,
    powerKw: 0,
    energyTodayKwh: 0,
    activeAlarms: 0,
    fiveACompliant: 0,
    tenants: 0,
    leasableM2: 0,
    vacantM2: 0,
    floorAreaM2: 0,
    meanOccupancy: meanOccupancy(rows.map(occupancyOf)),
    areaWeightedOccupancy: areaWeightedOccupancy(
      rows.map((row) => ({
        leasable_m2: row.building.leasable_area_m2,
        leased_m2: row.building.leasable_area_m2 - vacantOf(row),
      })),
    ),
    updated: null,
  };
  for (const { building, live } of rows) {
    totals.leasableM2 += building.leasable_area_m2;
    totals.floorAreaM2 += building.gross_floor_area_m2;
    totals.vacantM2 += vacantOf({ building, live });
    if (!live) {
      totals.tenants += building.tenancy.tenants;
      continue;
    }
    if (live.updated !== null) {
      totals.reporting += 1;
      totals.updated = Math.max(totals.updated ?? 0, live.updated);
    }
    totals.people += live.people ?? 0;
    totals.parkingFree += live.parking_free ?? 0;
    totals.parkingCapacity += live.parking_capacity ?? 0;
    totals.elevatorsInService += live.elevators_in_service;
    totals.elevatorsTotal += live.elevators_total;
    totals.powerKw += live.power_kw ?? 0;
    totals.energyTodayKwh += live.energy_today_kwh ?? 0;
    totals.activeAlarms += live.alarms.active;
    totals.fiveACompliant += live.five_a.compliant ? 1 : 0;
    totals.tenants += live.tenants ?? building.tenancy.tenants;
  }
  return totals;
}

/** The occupancy rate of a building: the live tenancy figure, else the registry's baseline. */
export function occupancyOf(row: BuildingWithLive): number | null {
  if (row.live?.tenancy_rate !== null && row.live?.tenancy_rate !== undefined) return row.live.tenancy_rate;
  const { leasable_area_m2: leasable } = row.building;
  return leasable > 0 ? row.building.tenancy.leased_m2 / leasable : null;
}

/** Vacant leasable area: live, else from the registry's baseline. */
export function vacantOf(row: BuildingWithLive): number {
  if (row.live?.vacant_m2 !== null && row.live?.vacant_m2 !== undefined) return row.live.vacant_m2;
  return Math.max(0, row.building.leasable_area_m2 - row.building.tenancy.leased_m2);
}

/** How many buildings fall in each of the plan's occupancy buckets. */
export function bucketCounts(rows: readonly BuildingWithLive[]): Record<OccupancyBucket, number> {
  const counts = Object.fromEntries(OCCUPANCY_BUCKETS.map((b) => [b, 0])) as Record<OccupancyBucket, number>;
  for (const row of rows) {
    const rate = occupancyOf(row);
    if (rate !== null) counts[occupancyBucket(rate)] += 1;
  }
  return counts;
}

/** Tenants by industry, from the registry's tenancy baseline (live per-industry counts are per building). */
export function industryMix(rows: readonly BuildingWithLive[]): Record<Industry, number> {
  const mix = Object.fromEntries(INDUSTRIES.map((i) => [i, 0])) as Record<Industry, number>;
  for (const { building } of rows) {
    for (const industry of INDUSTRIES) mix[industry] += building.tenancy.tenants_by_industry[industry];
  }
  return mix;
}

/**
 * The district plan's two targets and where the buildings stand against them; a baseline and target of
 * null when the district's registry sets no such target.
 */
export interface PlanProgress {
  taxOver100m: { current: number; baseline: number | null; target: number | null };
  idleArea: {
    current: number;
    baseline: number | null;
    reduced: number | null;
    target: number | null;
    keyIdleBuildings: number;
  };
}

/**
 * Progress against the district's plan (its registry's `district.plan`; Heping's: 规划 三(三)): buildings
 * whose annual tax is at least 100 M CNY (the registry's tier or figure), and the vacant area held by key
 * idle buildings (>= 3,000 m² vacant, or the district's own line) against the plan's baseline.
 */
export function planProgress(
  rows: readonly BuildingWithLive[],
  plan: PlanTargets | null,
  keyIdleVacantM2?: number,
): PlanProgress {
  let over100m = 0;
  let idle = 0;
  let keyIdleBuildings = 0;
  for (const row of rows) {
    const { building } = row;
    const tax = building.annual_tax_cny;
    if (
      building.tax_tier === 'over_100m' ||
      (tax !== undefined && tax >= TAX_TIER_LOWER_BOUNDS_CNY.over_100m)
    ) {
      over100m += 1;
    }
    const vacant = vacantOf(row);
    if (isKeyIdle(vacant, keyIdleVacantM2)) {
      idle += vacant;
      keyIdleBuildings += 1;
    }
  }
  const tax = plan?.buildings_over_100m_tax;
  const idleArea = plan?.idle_area;
  return {
    taxOver100m: { current: over100m, baseline: tax?.base ?? null, target: tax?.target ?? null },
    idleArea: {
      current: idle,
      baseline: idleArea?.base_m2 ?? null,
      reduced: idleArea === undefined ? null : idleArea.base_m2 - idle,
      target: idleArea?.reduction_m2 ?? null,
      keyIdleBuildings,
    },
  };
}

/** Buildings in each of the plan's tax tiers (亿元以上, 7000万元(含)到1亿元, 5000万元(含)到7000万元). */
export function taxTierCounts(rows: readonly BuildingWithLive[]): Record<TaxTier, number> {
  const counts = Object.fromEntries(TAX_TIERS.map((tier) => [tier, 0])) as Record<TaxTier, number>;
  for (const { building } of rows) {
    const tier = planTaxTier(building);
    if (tier !== null) counts[tier] += 1;
  }
  return counts;
}
