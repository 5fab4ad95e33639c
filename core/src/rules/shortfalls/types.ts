import type { DateKey } from '../../time/dates.ts';

/** The families of facility shortfall the district tracks (plan 一(三): 停车泊位紧缺、电梯容量不够; 5A; energy; idle). */
export const SHORTFALL_KINDS = ['parking', 'elevator', 'five_a', 'energy', 'idle'] as const;
/** One family of shortfall. */
export type ShortfallKind = (typeof SHORTFALL_KINDS)[number];

/** Stable rule ids: stored, filtered on and translated by the dashboard, so never renamed. */
export const SHORTFALL_RULES = [
  'parking.occupancy',
  'parking.peak_queue',
  'parking.space_ratio',
  'elevator.peak_wait',
  'elevator.car_availability',
  'elevator.area_per_car',
  'five_a.missing',
  'five_a.below_min',
  'energy.intensity',
  'idle.key_idle',
] as const;
/** One rule's stable id. */
export type ShortfallRule = (typeof SHORTFALL_RULES)[number];

/** One facility shortfall of one building. */
export interface ShortfallFinding {
  building: string;
  kind: ShortfallKind;
  rule: ShortfallRule;
  /** What the finding is about inside the building (an elevator car, a 5A subsystem); null for the building. */
  subject: string | null;
  measured: number;
  threshold: number;
  unit: string;
  /** UTC ms since when the shortfall holds; null until a tracker (trackSince) or the rule knows. */
  since: number | null;
  /** One line for people, English; the dashboard translates by `rule`. */
  detail: string;
}

/** The building facts the rules need (a subset of the registry's Building). */
export interface ShortfallBuilding {
  id: string;
  gross_floor_area_m2: number;
  leasable_area_m2: number;
  parking_spaces: number;
  passenger_elevators: number;
}

/** The longest entry queue seen during one workday's peak, computed elsewhere from parking readings. */
export interface WorkdayPeakQueue {
  /** The local workday. */
  date: DateKey;
  /** The longest time (ms) an entry queue persisted without a break during that day's peak; 0 if none. */
  longestQueueMs: number;
}

/** One car's share of the availability window it spent in service, 0..1. */
export interface CarAvailability {
  device: string;
  availability: number;
}
