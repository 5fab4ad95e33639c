import { DAYPART_STARTS_MINUTES, DEFAULT_TIME_ZONE } from '../constants.ts';
import { localParts } from './zone.ts';
import { CN_HOLIDAY_CALENDAR, isWorkday } from './workday.ts';
import type { HolidayCalendar } from './workday.ts';

/** A part of the local day, in order from midnight. */
export type Daypart = keyof typeof DAYPART_STARTS_MINUTES;

const ORDERED = (Object.entries(DAYPART_STARTS_MINUTES) as [Daypart, number][]).sort((a, b) => a[1] - b[1]);

/** The part of the local day `ts` falls in (night, early, morning_peak, morning, lunch, afternoon, ...). */
export function daypart(ts: number, timeZone: string = DEFAULT_TIME_ZONE): Daypart {
  const p = localParts(ts, timeZone);
  const minute = p.hour * 60 + p.minute;
  let current: Daypart = 'night';
  for (const [name, start] of ORDERED) if (minute >= start) current = name;
  return current;
}

/** Local time of day as fractional hours (08:30:00 -> 8.5): a smooth input for simulated load curves. */
export function localHourOfDay(ts: number, timeZone: string = DEFAULT_TIME_ZONE): number {
  const p = localParts(ts, timeZone);
  return p.hour + p.minute / 60 + p.second / 3600;
}

/** What the simulators need to shape a building's load at `ts`: workday or not, and the daypart. */
export interface DayContext {
  workday: boolean;
  daypart: Daypart;
  hour: number;
}

/** The workday flag, daypart and fractional hour of `ts` in one call. */
export function dayContext(
  ts: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR,
): DayContext {
  return {
    workday: isWorkday(ts, timeZone, calendar),
    daypart: daypart(ts, timeZone),
    hour: localHourOfDay(ts, timeZone),
  };
}
