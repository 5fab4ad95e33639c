import { DEFAULT_TIME_ZONE, MORNING_PEAK_MINUTES } from '../constants.ts';
import { addDays, localDateKey, localMinuteOfDay, parseDateKey, weekdayOf } from './dates.ts';
import type { DateKey } from './dates.ts';
import { CN_HOLIDAY_YEARS } from './holidays-cn.ts';
import type { HolidayYear } from './holidays-cn.ts';

/** What kind of day a local date is for offices. */
export type DayType = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

/** A date's classification, with how sure we are of it. */
export interface DayInfo {
  date: DateKey;
  type: DayType;
  /** True for a workday and for a make-up workday (a Saturday or Sunday worked instead of a holiday). */
  workday: boolean;
  /** The festival's name when the day is a holiday or a make-up workday for one. */
  holiday: string | null;
  /** False when the calendar has no arrangement for that year: only the Monday-Friday rule applied. */
  known: boolean;
  /** True when the year's arrangement is not the published notice (see HolidayYear.provisional). */
  provisional: boolean;
}

/** A lookup of holidays and make-up workdays by local date, built once from a year table. */
export interface HolidayCalendar {
  readonly years: ReadonlyMap<number, HolidayYear>;
  readonly days: ReadonlyMap<DateKey, { type: 'holiday' | 'makeup_workday'; holiday: string }>;
}

/** Builds a calendar from year tables; throws when a date is malformed or a day is both off and worked. */
export function holidayCalendar(years: readonly HolidayYear[]): HolidayCalendar {
  const byYear = new Map<number, HolidayYear>();
  const days = new Map<DateKey, { type: 'holiday' | 'makeup_workday'; holiday: string }>();
  for (const year of years) {
    if (byYear.has(year.year)) throw new RangeError(`holiday calendar lists year ${year.year} twice`);
    byYear.set(year.year, year);
    for (const span of year.holidays) {
      parseDateKey(span.from);
      parseDateKey(span.to);
      if (span.from > span.to)
        throw new RangeError(
          `holiday calendar ${year.year}: ${span.zh} ends (${span.to}) before it starts (${span.from})`,
        );
      for (let d = span.from; d <= span.to; d = addDays(d, 1)) {
        days.set(d, { type: 'holiday', holiday: span.zh });
      }
    }
    for (const d of year.makeupWorkdays) {
      parseDateKey(d);
      if (days.has(d))
        throw new RangeError(`holiday calendar ${year.year}: ${d} is both a holiday and a workday`);
      const nearest = year.holidays.reduce<{ zh: string; gap: number } | null>((best, span) => {
        const gap = Math.min(distance(d, span.from), distance(d, span.to));
        return best === null || gap < best.gap ? { zh: span.zh, gap } : best;
      }, null);
      days.set(d, { type: 'makeup_workday', holiday: nearest?.zh ?? '调休' });
    }
  }
  return { years: byYear, days };
}

function distance(a: DateKey, b: DateKey): number {
  const pa = parseDateKey(a);
  const pb = parseDateKey(b);
  return Math.abs(Date.UTC(pa.year, pa.month - 1, pa.day) - Date.UTC(pb.year, pb.month - 1, pb.day));
}

/** China's calendar for 2024-2027 (2027: statutory days only, see CN_HOLIDAY_YEARS). */
export const CN_HOLIDAY_CALENDAR: HolidayCalendar = holidayCalendar(CN_HOLIDAY_YEARS);

// Simulators and rules ask about the same few dates over and over: remember the answers per calendar.
const MAX_CACHED_DAYS = 4_096;
const dayCache = new WeakMap<HolidayCalendar, Map<DateKey, DayInfo>>();

/** How a local date counts for offices: workday, weekend, public holiday or make-up workday. */
export function dayInfo(date: DateKey, calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR): Readonly<DayInfo> {
  let cache = dayCache.get(calendar);
  if (cache === undefined) dayCache.set(calendar, (cache = new Map<DateKey, DayInfo>()));
  let info = cache.get(date);
  if (info === undefined) {
    info = Object.freeze(classify(date, calendar));
    if (cache.size >= MAX_CACHED_DAYS) cache.clear();
    cache.set(date, info);
  }
  return info;
}

function classify(date: DateKey, calendar: HolidayCalendar): DayInfo {
  const { year } = parseDateKey(date);
  const arrangement = calendar.years.get(year);
  const known = arrangement !== undefined;
  const provisional = arrangement?.provisional ?? false;
  const special = calendar.days.get(date);
  if (special !== undefined) {
    return {
      date,
      type: special.type,
      workday: special.type === 'makeup_workday',
      holiday: special.holiday,
      known,
      provisional,
    };
  }
  const weekend = weekdayOf(date) >= 6;
  return {
    date,
    type: weekend ? 'weekend' : 'workday',
    workday: !weekend,
    holiday: null,
    known,
    provisional,
  };
}

/** Whether `ts` falls on a workday in the district (holidays off, make-up Saturdays and Sundays worked). */
export function isWorkday(
  ts: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR,
): boolean {
  return dayInfo(localDateKey(ts, timeZone), calendar).workday;
}

/** Whether `ts` is in a workday's morning peak (07:30-09:30 local, MORNING_PEAK_MINUTES). */
export function isMorningPeak(
  ts: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR,
): boolean {
  const minute = localMinuteOfDay(ts, timeZone);
  if (minute < MORNING_PEAK_MINUTES.start || minute >= MORNING_PEAK_MINUTES.end) return false;
  return isWorkday(ts, timeZone, calendar);
}

/**
 * The last `count` workdays up to and including `date`, newest first: what "3 of the last 5 workdays"
 * counts over. Looks back at most a year, so a calendar error cannot loop forever.
 */
export function lastWorkdays(
  date: DateKey,
  count: number,
  calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR,
): DateKey[] {
  const result: DateKey[] = [];
  let d = date;
  for (let i = 0; i < 366 && result.length < count; i++, d = addDays(d, -1)) {
    if (dayInfo(d, calendar).workday) result.push(d);
  }
  return result;
}

/** The workdays in [from, to] (inclusive local dates), oldest first. */
export function workdaysBetween(
  from: DateKey,
  to: DateKey,
  calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR,
): DateKey[] {
  const result: DateKey[] = [];
  parseDateKey(to);
  for (let d = from; d <= to; d = addDays(d, 1)) if (dayInfo(d, calendar).workday) result.push(d);
  return result;
}

/** The years the calendar covers, with whether each is provisional: for a dashboard's "data as of" note. */
export function calendarCoverage(calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR): {
  year: number;
  provisional: boolean;
}[] {
  return [...calendar.years.values()]
    .map((y) => ({ year: y.year, provisional: y.provisional }))
    .sort((a, b) => a.year - b.year);
}
