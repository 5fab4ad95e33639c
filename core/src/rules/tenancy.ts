import { KEY_IDLE_VACANT_M2, OCCUPANCY_BUCKET_LOWER_BOUNDS } from '../constants.ts';

/** The plan's occupancy buckets, highest first. */
export const OCCUPANCY_BUCKETS = ['high', 'upper_mid', 'lower_mid', 'low'] as const;
/** One of the plan's occupancy buckets. */
export type OccupancyBucket = (typeof OCCUPANCY_BUCKETS)[number];

/** 入驻率: leased / leasable area, 0..1. A building with no leasable area has no rate (null). */
export function occupancyRate(leasedM2: number, leasableM2: number): number | null {
  if (!(leasableM2 > 0)) return null;
  return Math.min(1, Math.max(0, leasedM2 / leasableM2));
}

/** The bucket the plan would count this rate in. */
export function occupancyBucket(rate: number): OccupancyBucket {
  if (rate >= OCCUPANCY_BUCKET_LOWER_BOUNDS.high) return 'high';
  if (rate >= OCCUPANCY_BUCKET_LOWER_BOUNDS.upper_mid) return 'upper_mid';
  if (rate >= OCCUPANCY_BUCKET_LOWER_BOUNDS.lower_mid) return 'lower_mid';
  return 'low';
}

/** Vacant leasable area in m2, never negative (a property system may report leased > leasable briefly). */
export function vacantArea(leasedM2: number, leasableM2: number): number {
  return Math.max(0, leasableM2 - leasedM2);
}

/** 重点闲置楼宇: at least 3,000 m2 vacant (or the district's own `key_idle_vacant_m2`). */
export function isKeyIdle(vacantM2: number, minVacantM2: number = KEY_IDLE_VACANT_M2): boolean {
  return vacantM2 >= minVacantM2;
}
