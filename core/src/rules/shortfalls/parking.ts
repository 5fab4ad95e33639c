import { DEFAULT_SHORTFALL_CONFIG } from './config.ts';
import type { ShortfallConfig } from './config.ts';
import type { ShortfallBuilding, ShortfallFinding, WorkdayPeakQueue } from './types.ts';

/** The car park's state now, summed over its lots or levels; pass fresh readings only. */
export interface ParkingNow {
  occupied: number;
  capacity: number;
}

/** What the parking rules look at. */
export interface ParkingShortfallInput {
  building: ShortfallBuilding;
  now?: ParkingNow | undefined;
  /** One entry per recent workday (a workday without a queue is an entry with 0), any order. */
  peakQueues?: readonly WorkdayPeakQueue[] | undefined;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Occupancy >= 95 % of capacity now. */
export function parkingOccupancyShortfall(
  building: string,
  now: ParkingNow | undefined,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding | null {
  if (now === undefined || !(now.capacity > 0)) return null;
  const ratio = now.occupied / now.capacity;
  if (ratio < config.parkingFullRatio) return null;
  return {
    building,
    kind: 'parking',
    rule: 'parking.occupancy',
    subject: null,
    measured: round2(ratio * 100),
    threshold: round2(config.parkingFullRatio * 100),
    unit: '%',
    since: null,
    detail: `car park ${now.occupied} of ${now.capacity} spaces taken`,
  };
}

/** An entry queue persisting >= 30 min at peak on at least 3 of the last 5 workdays. */
export function parkingQueueShortfall(
  building: string,
  peakQueues: readonly WorkdayPeakQueue[] | undefined,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding | null {
  if (peakQueues === undefined || peakQueues.length === 0) return null;
  const recent = [...peakQueues]
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, config.parkingQueueDaysWindow);
  const queued = recent.filter((d) => d.longestQueueMs >= config.parkingQueueMinMs);
  if (queued.length < config.parkingQueueDaysRequired) return null;
  const minutes = Math.round(config.parkingQueueMinMs / 60_000);
  return {
    building,
    kind: 'parking',
    rule: 'parking.peak_queue',
    subject: null,
    measured: queued.length,
    threshold: config.parkingQueueDaysRequired,
    unit: `workdays of last ${config.parkingQueueDaysWindow}`,
    since: null,
    detail: `entry queue of ${minutes} min or more at peak on ${queued
      .map((d) => d.date)
      .sort()
      .join(', ')}`,
  };
}

/** Fewer spaces per 100 m2 of gross floor area than the standard (default 1 space per 300 m2). */
export function parkingRatioShortfall(
  building: ShortfallBuilding,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding | null {
  if (!(building.gross_floor_area_m2 > 0)) return null;
  const per100 = (building.parking_spaces / building.gross_floor_area_m2) * 100;
  const required = 100 / config.parkingStandardM2PerSpace;
  if (per100 >= required) return null;
  return {
    building: building.id,
    kind: 'parking',
    rule: 'parking.space_ratio',
    subject: null,
    measured: Math.round(per100 * 1000) / 1000,
    threshold: Math.round(required * 1000) / 1000,
    unit: 'spaces per 100 m2',
    since: null,
    detail: `${building.parking_spaces} spaces for ${building.gross_floor_area_m2} m2; the standard asks 1 per ${config.parkingStandardM2PerSpace} m2`,
  };
}

/** All parking findings of one building. */
export function parkingShortfalls(
  input: ParkingShortfallInput,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding[] {
  return [
    parkingOccupancyShortfall(input.building.id, input.now, config),
    parkingQueueShortfall(input.building.id, input.peakQueues, config),
    parkingRatioShortfall(input.building, config),
  ].filter((f): f is ShortfallFinding => f !== null);
}
