import { localParts, wallTimeToUtc } from '../time/zone.ts';

/** How the plan's course is cut: by calendar month (每月通报) or by quarter, in the district's own time. */
export const COURSE_PERIODS = ['month', 'quarter'] as const;
/** One way of cutting the course. */
export type CoursePeriod = (typeof COURSE_PERIODS)[number];

/** A local calendar month, 'YYYY-MM'. */
export type MonthKey = string;

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** One period of the course: [from, to) in UTC ms, and the local year it belongs to (for tax to date). */
export interface CourseSpan {
  /** '2025-03' for a month, '2025-Q1' for a quarter. */
  key: string;
  from: number;
  to: number;
  /** Start of the local calendar year the period lies in: year-to-date tax counts from here. */
  year_from: number;
  /** Start of the next local calendar year. */
  year_to: number;
}

/** The year and month of a 'YYYY-MM' key; null for anything else. */
export function parseMonthKey(key: string): { year: number; month: number } | null {
  const match = MONTH_KEY.exec(key);
  return match ? { year: Number(match[1]), month: Number(match[2]) } : null;
}

/** Months since year 0 for a (year, month): lets periods be counted and compared as integers. */
function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

/**
 * The periods from the one holding month `first` to the one holding month `last`, both included, in
 * `timeZone`'s calendar (a quarter starts in January, April, July or October). Empty when `last` is before
 * `first`. Keys must be 'YYYY-MM' (a RangeError otherwise).
 */
export function coursePeriods(
  first: MonthKey,
  last: MonthKey,
  period: CoursePeriod,
  timeZone: string,
): CourseSpan[] {
  const a = parseMonthKey(first);
  const b = parseMonthKey(last);
  if (!a || !b) throw new RangeError(`months must be YYYY-MM, got "${first}" and "${last}"`);
  const width = period === 'quarter' ? 3 : 1;
  let index = monthIndex(a.year, a.month);
  index -= index % width;
  const end = monthIndex(b.year, b.month);
  const spans: CourseSpan[] = [];
  const start = (i: number): number => wallTimeToUtc(timeZone, Math.floor(i / 12), (i % 12) + 1, 1);
  for (; index <= end; index += width) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    spans.push({
      key:
        period === 'quarter'
          ? `${year}-Q${Math.floor((month - 1) / 3) + 1}`
          : `${year}-${String(month).padStart(2, '0')}`,
      from: start(index),
      to: start(index + width),
      year_from: start(year * 12),
      year_to: start((year + 1) * 12),
    });
  }
  return spans;
}

/** The local month 'YYYY-MM' of instant `ts` in `timeZone`. */
export function localMonthKey(ts: number, timeZone: string): MonthKey {
  const { year, month } = localParts(ts, timeZone);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** 'YYYY-MM' moved by `delta` months (a RangeError for anything but 'YYYY-MM'). */
export function addMonths(key: MonthKey, delta: number): MonthKey {
  const parsed = parseMonthKey(key);
  if (!parsed) throw new RangeError(`a month must be YYYY-MM, got "${key}"`);
  const index = monthIndex(parsed.year, parsed.month) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** How many months from `from` to `to`, both included: 1 for the same month, 0 or less when `to` is earlier. */
export function monthsBetween(from: MonthKey, to: MonthKey): number {
  const a = parseMonthKey(from);
  const b = parseMonthKey(to);
  if (!a || !b) throw new RangeError(`months must be YYYY-MM, got "${from}" and "${to}"`);
  return monthIndex(b.year, b.month) - monthIndex(a.year, a.month) + 1;
}

const DAY_MS = 86_400_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The widest store bucket (a divisor of a day) whose edges fall on every period boundary, so that each
 * bucket lies wholly inside one period: the store's buckets start at multiples of their width since the
 * epoch (UTC), and a local month starts at 16:00 UTC in Shanghai, so 8 hours there; a whole day in UTC.
 * Wider buckets mean fewer rows to read for a year of records.
 */
export function alignedStepMs(spans: readonly Pick<CourseSpan, 'from' | 'to'>[]): number {
  let step = DAY_MS;
  for (const span of spans) {
    for (const edge of [span.from, span.to]) step = gcd(step, ((edge % DAY_MS) + DAY_MS) % DAY_MS);
  }
  return step;
}
