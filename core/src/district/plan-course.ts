import { TAX_CULTIVATION_LINES_CNY } from '../constants.ts';
import type { Building, Registry } from '../registry/types.ts';
import {
  isKeyIdle,
  occupancyBucket,
  occupancyRate,
  OCCUPANCY_BUCKETS,
  vacantArea,
  type OccupancyBucket,
} from '../rules/tenancy.ts';
import { meanOccupancy } from './occupancy.ts';
import type { CourseSpan } from './plan-periods.ts';

/** One dated figure of a building's tenancy report. */
export interface DatedValue {
  ts: number;
  value: number;
}

/** A building's dated tenancy records, each list oldest first (building id -> records). */
export interface TenancyRecords {
  leased_m2: ReadonlyMap<string, readonly DatedValue[]>;
  leasable_m2: ReadonlyMap<string, readonly DatedValue[]>;
  tax_ytd_cny: ReadonlyMap<string, readonly DatedValue[]>;
}

/** Where the district stood at the end of one period. */
export interface CoursePoint {
  period: string;
  from: number;
  to: number;
  /** Buildings with a tenancy report by the period's end; the others count with the registry's baseline. */
  reported: number;
  tax: {
    /** Buildings with a tax-to-date figure reported in the period's year by its end. */
    reported: number;
    /** 累计: tax paid since 1 January (local) already at or over 100 M CNY. */
    over_100m_ytd: number;
    /** 年化: tax to date scaled to a whole year at or over 100 M CNY (reports at least 28 days into the year). */
    over_100m_annualized: number;
  };
  /** 重点闲置楼宇 (>= the district's key idle vacant area) and their vacant area. */
  key_idle: { buildings: number; vacant_m2: number };
  /** Buildings per occupancy bucket. */
  occupancy_buckets: Record<OccupancyBucket, number>;
  /** The plan's 平均入驻率: mean of the buildings' rates, 0..1. */
  mean_occupancy: number;
}

/** Too early in the year, a month's tax says little about the year: no projection before this. */
const MIN_DAYS_TO_ANNUALIZE = 28;
const DAY_MS = 86_400_000;

/**
 * The plan's KPIs at the end of each period (spans in time order): each building's latest report at or
 * before the period's end (its state carries on until it reports again), the registry's baseline before
 * its first report; tax to date only from reports of the period's own calendar year. Pure.
 */
export function planCourse(
  registry: Registry,
  spans: readonly CourseSpan[],
  records: TenancyRecords,
): CoursePoint[] {
  const keyIdleMin = registry.shortfallConfig.keyIdleVacantM2;
  const line = TAX_CULTIVATION_LINES_CNY.over_100m;
  return spans.map((span) => {
    let reported = 0;
    let taxReported = 0;
    let overYtd = 0;
    let overAnnualized = 0;
    let idleBuildings = 0;
    let idleVacant = 0;
    const buckets = Object.fromEntries(OCCUPANCY_BUCKETS.map((b) => [b, 0])) as Record<
      OccupancyBucket,
      number
    >;
    const rates: (number | null)[] = [];
    for (const building of registry.buildings) {
      const state = tenancyAt(building, records, span.to, span.year_from);
      if (state.reported) reported += 1;
      const vacant = vacantArea(state.leased_m2, state.leasable_m2);
      if (isKeyIdle(vacant, keyIdleMin)) {
        idleBuildings += 1;
        idleVacant += vacant;
      }
      rates.push(state.occupancy);
      if (state.occupancy !== null) buckets[occupancyBucket(state.occupancy)] += 1;

      const tax = state.tax_ytd;
      if (tax === undefined) continue;
      taxReported += 1;
      if (tax.value >= line) overYtd += 1;
      const elapsed = tax.ts - span.year_from;
      if (elapsed >= MIN_DAYS_TO_ANNUALIZE * DAY_MS) {
        const annualized = (tax.value * (span.year_to - span.year_from)) / elapsed;
        if (annualized >= line) overAnnualized += 1;
      }
    }
    return {
      period: span.key,
      from: span.from,
      to: span.to,
      reported,
      tax: {
        reported: taxReported,
        over_100m_ytd: overYtd,
        over_100m_annualized: overAnnualized,
      },
      key_idle: { buildings: idleBuildings, vacant_m2: idleVacant },
      occupancy_buckets: buckets,
      mean_occupancy: meanOccupancy(rates) ?? 0,
    };
  });
}

/** A building's tenancy as it stood at an instant, from its dated records. */
export interface TenancyAt {
  /** Whether the building had reported by then (otherwise the figures are the registry's baseline). */
  reported: boolean;
  leased_m2: number;
  leasable_m2: number;
  /** 入驻率 from the two, 0..1; null without leasable area. */
  occupancy: number | null;
  /** The latest tax-to-date report of the instant's calendar year; undefined when there is none. */
  tax_ytd: DatedValue | undefined;
}

/**
 * A building's state just before `to`: its latest report (its state carries on until it reports again), the
 * registry's baseline before its first; tax to date only from a report at or after `yearFrom` (the start of
 * the local calendar year `to` closes), since a report of last year says nothing of this year's tax. Pure.
 */
export function tenancyAt(
  building: Building,
  records: TenancyRecords,
  to: number,
  yearFrom: number,
): TenancyAt {
  const leased = latestBefore(records.leased_m2.get(building.id), to);
  const leasable = latestBefore(records.leasable_m2.get(building.id), to);
  const leasedM2 = leased?.value ?? building.tenancy.leased_m2;
  const leasableM2 = leasable?.value ?? building.leasable_area_m2;
  const tax = latestBefore(records.tax_ytd_cny.get(building.id), to);
  return {
    reported: leased !== undefined,
    leased_m2: leasedM2,
    leasable_m2: leasableM2,
    occupancy: occupancyRate(leasedM2, leasableM2),
    tax_ytd: tax !== undefined && tax.ts >= yearFrom ? tax : undefined,
  };
}

/** The last record before `to` in an oldest-first list (binary search: a year of 8-hour buckets is 1,095). */
function latestBefore(list: readonly DatedValue[] | undefined, to: number): DatedValue | undefined {
  if (!list || list.length === 0) return undefined;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.ts < to) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}
