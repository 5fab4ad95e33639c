import { occupancyRate } from '../rules/tenancy.ts';

/** One building's leased and leasable area, m². */
export interface LeasedArea {
  leased_m2: number;
  leasable_m2: number;
}

/**
 * 平均入驻率, as the plan reports it (规划 一(一)1: 商务楼宇平均入驻率达85%以上): the mean of the buildings'
 * own rates, each building counting once whatever its size. Buildings without a rate (no leasable area)
 * are left out; null when none has one. This is the figure to show wherever the plan's words are used.
 */
export function meanOccupancy(rates: Iterable<number | null | undefined>): number | null {
  let sum = 0;
  let n = 0;
  for (const rate of rates) {
    if (rate === null || rate === undefined || !Number.isFinite(rate)) continue;
    sum += rate;
    n += 1;
  }
  return n > 0 ? sum / n : null;
}

/** {@link meanOccupancy} of the buildings' leased / leasable areas. */
export function meanOccupancyOfAreas(buildings: Iterable<LeasedArea>): number | null {
  const rates: (number | null)[] = [];
  for (const b of buildings) rates.push(occupancyRate(b.leased_m2, b.leasable_m2));
  return meanOccupancy(rates);
}

/**
 * 按面积加权入驻率: all leased area over all leasable area (1 - the area-weighted vacancy). Large half-empty
 * towers pull it below the plan's mean; it is Louyu's figure, not the plan's, and is shown labelled as
 * area-weighted. Null when there is no leasable area.
 */
export function areaWeightedOccupancy(buildings: Iterable<LeasedArea>): number | null {
  let leased = 0;
  let leasable = 0;
  for (const b of buildings) {
    if (!(b.leasable_m2 > 0)) continue;
    leasable += b.leasable_m2;
    leased += Math.min(b.leasable_m2, Math.max(0, b.leased_m2));
  }
  return leasable > 0 ? leased / leasable : null;
}
