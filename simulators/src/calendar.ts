/**
 * The district calendar as the simulators see it, on top of core's time helpers: local date parts in the
 * district's time zone, and workdays with China's public holidays and make-up workdays (core's table).
 */
import { isWorkday as coreIsWorkday, localParts } from '@louyu/core';

/** A moment in the district's local time. */
export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  /** ISO: 1 = Monday ... 7 = Sunday */
  weekday: number;
  /** Hours since local midnight, fractional (8.5 = 08:30). */
  hourOfDay: number;
  /** 1-366 */
  dayOfYear: number;
  /** `YYYY-MM-DD`, the key for per-day draws. */
  date: string;
}

/** The local date and time of `ts` (UTC ms) in `timeZone`. */
export function localTime(ts: number, timeZone: string): LocalTime {
  const p = localParts(ts, timeZone);
  const dayOfYear =
    Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    weekday: p.weekday,
    hourOfDay: p.hour + p.minute / 60 + p.second / 3600,
    dayOfYear,
    date: `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`,
  };
}

/** Whether `ts` falls on a working day in the district: core's calendar, holidays and make-up days included. */
export function isWorkday(ts: number, timeZone: string): boolean {
  return coreIsWorkday(ts, timeZone);
}
