import { describe, expect, it } from 'vitest';
import {
  addMonths,
  alignedStepMs,
  coursePeriods,
  localMonthKey,
  monthsBetween,
  planCourse,
  type DatedValue,
  type TenancyRecords,
} from '../src/district/index.ts';
import { smallRegistry } from '../src/registry/index.ts';
import { wallTimeToUtc } from '../src/time/zone.ts';

const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;
/** A local Shanghai wall time as UTC ms. */
const at = (month: number, day: number, hour = 12, year = 2024): number =>
  wallTimeToUtc(ZONE, year, month, day, hour);
const series = (entries: Record<string, [number, number][]>): Map<string, DatedValue[]> =>
  new Map(Object.entries(entries).map(([id, list]) => [id, list.map(([ts, value]) => ({ ts, value }))]));

describe('the periods of the plan course, in the district time zone', () => {
  it('cuts months at local midnight (16:00 UTC the day before in Shanghai)', () => {
    const spans = coursePeriods('2024-11', '2025-02', 'month', ZONE);
    expect(spans.map((s) => s.key)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(spans[0]!.from).toBe(Date.UTC(2024, 9, 31, 16));
    expect(spans[1]!.to).toBe(Date.UTC(2024, 11, 31, 16));
    expect(spans[2]!.year_from).toBe(Date.UTC(2024, 11, 31, 16));
    expect(spans[1]!.year_from).toBe(Date.UTC(2023, 11, 31, 16));
    expect(spans[3]!.to).toBe(Date.UTC(2025, 1, 28, 16));
  });

  it('snaps to whole quarters holding the first and last month', () => {
    const spans = coursePeriods('2024-02', '2024-04', 'quarter', ZONE);
    expect(spans.map((s) => s.key)).toEqual(['2024-Q1', '2024-Q2']);
    expect(spans[1]!.from).toBe(Date.UTC(2024, 2, 31, 16));
    expect(spans[1]!.to).toBe(Date.UTC(2024, 5, 30, 16));
    expect(coursePeriods('2024-05', '2024-04', 'month', ZONE)).toEqual([]);
    expect(() => coursePeriods('2024-13', '2025-01', 'month', ZONE)).toThrow(RangeError);
  });

  it('reads the store in buckets that never straddle a boundary: 8 h for Shanghai, a day for UTC', () => {
    expect(alignedStepMs(coursePeriods('2023-01', '2024-12', 'month', ZONE))).toBe(8 * HOUR);
    expect(alignedStepMs(coursePeriods('2023-01', '2024-12', 'quarter', 'UTC'))).toBe(24 * HOUR);
  });
});

describe('the plan course over dated tenancy records', () => {
  const registry = smallRegistry();
  const spans = coursePeriods('2024-01', '2024-12', 'quarter', ZONE);
  const records: TenancyRecords = {
    leased_m2: series({
      healthy: [
        [at(2, 10), 8_000],
        [at(5, 20), 12_000],
        [at(8, 1), 15_000],
      ],
      // Exactly at the start of the second quarter: it belongs there, not to the first.
      'short-parking': [[at(4, 1, 0), 10_000]],
    }),
    leasable_m2: series({ 'short-parking': [[at(4, 1, 0), 24_000]] }),
    tax_ytd_cny: series({
      healthy: [
        [at(3, 31, 23), 30_000_000],
        [at(12, 31, 20), 110_000_000],
      ],
      'missing-oa': [
        // Last year's total does not count towards this year's.
        [at(12, 20, 12, 2023), 200_000_000],
        [at(1, 10), 5_000_000],
      ],
    }),
  };
  const course = planCourse(registry, spans, records);

  it('carries each building from its latest report, the registry baseline before its first', () => {
    expect(course.map((p) => p.period)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(course.map((p) => p.reported)).toEqual([1, 2, 2, 2]);
    expect(course.map((p) => p.key_idle)).toEqual([
      { buildings: 1, vacant_m2: 8_000 },
      { buildings: 2, vacant_m2: 18_000 },
      { buildings: 1, vacant_m2: 14_000 },
      { buildings: 1, vacant_m2: 14_000 },
    ]);
  });

  it('counts the occupancy buckets and the mean rate at each quarter end', () => {
    expect(course.map((p) => p.occupancy_buckets)).toEqual([
      { high: 3, upper_mid: 0, lower_mid: 1, low: 0 },
      { high: 2, upper_mid: 1, lower_mid: 0, low: 1 },
      { high: 3, upper_mid: 0, lower_mid: 0, low: 1 },
      { high: 3, upper_mid: 0, lower_mid: 0, low: 1 },
    ]);
    expect(course[0]!.mean_occupancy).toBeCloseTo(0.8, 12);
    expect(course[1]!.mean_occupancy).toBeCloseTo((0.75 + 10 / 24 + 0.9 + 0.9) / 4, 12);
    expect(course[2]!.mean_occupancy).toBeCloseTo((0.9375 + 10 / 24 + 0.9 + 0.9) / 4, 12);
  });

  it('counts 100 M CNY buildings by tax to date and by its projection over the year', () => {
    // 30 M by 31 March 23:00 is 120.7 M over 2024's 366 days; 5 M on 10 January is too early to project.
    expect(course.map((p) => p.tax)).toEqual([
      { reported: 2, over_100m_ytd: 0, over_100m_annualized: 1 },
      { reported: 2, over_100m_ytd: 0, over_100m_annualized: 1 },
      { reported: 2, over_100m_ytd: 0, over_100m_annualized: 1 },
      { reported: 2, over_100m_ytd: 1, over_100m_annualized: 1 },
    ]);
  });

  it('drops a tax report of an earlier year at the new year', () => {
    const next = planCourse(registry, coursePeriods('2025-01', '2025-03', 'quarter', ZONE), records);
    expect(next[0]!.tax).toEqual({ reported: 0, over_100m_ytd: 0, over_100m_annualized: 0 });
    expect(next[0]!.key_idle).toEqual({ buildings: 1, vacant_m2: 14_000 });
  });
});

describe('month arithmetic for the course range', () => {
  it('moves and counts months across years, in local time', () => {
    expect(addMonths('2025-03', -11)).toBe('2024-04');
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(monthsBetween('2024-04', '2025-03')).toBe(12);
    expect(monthsBetween('2025-03', '2025-02')).toBe(0);
    // 31 December 17:00 UTC is already 1 January in Shanghai.
    expect(localMonthKey(Date.UTC(2024, 11, 31, 17), ZONE)).toBe('2025-01');
  });
});
