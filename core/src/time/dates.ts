import { localParts, wallTimeToUtc } from './zone.ts';

/** A local calendar date, 'YYYY-MM-DD'. */
export type DateKey = string;

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The date key of year, month (1-12) and day. */
export function toDateKey(year: number, month: number, day: number): DateKey {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Parses 'YYYY-MM-DD' into its numbers, rejecting impossible dates such as 2025-02-30. */
export function parseDateKey(key: DateKey): { year: number; month: number; day: number } {
  const match = DATE_KEY.exec(key);
  if (match === null) throw new RangeError(`date "${key}" is not YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`date "${key}" does not exist`);
  }
  return { year, month, day };
}

/** The local date of UTC instant `ts` in `timeZone`. */
export function localDateKey(ts: number, timeZone: string): DateKey {
  const p = localParts(ts, timeZone);
  return toDateKey(p.year, p.month, p.day);
}

/** The date `days` days after `key` (negative: before). Pure calendar arithmetic, no time zone. */
export function addDays(key: DateKey, days: number): DateKey {
  const { year, month, day } = parseDateKey(key);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return toDateKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function weekdayOf(key: DateKey): number {
  const { year, month, day } = parseDateKey(key);
  const js = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** The UTC instant (ms) at which local date `key` begins in `timeZone`. */
export function startOfDate(key: DateKey, timeZone: string): number {
  const { year, month, day } = parseDateKey(key);
  return wallTimeToUtc(timeZone, year, month, day);
}

/** Start of the local day containing `ts`, in UTC ms. */
export function startOfLocalDay(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  return wallTimeToUtc(timeZone, p.year, p.month, p.day);
}

/** Start of the local week (Monday 00:00, as Chinese weekly reports count) containing `ts`, in UTC ms. */
export function startOfLocalWeek(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  return wallTimeToUtc(timeZone, p.year, p.month, p.day - (p.weekday - 1));
}

/** Start of the local calendar month containing `ts`, in UTC ms. */
export function startOfLocalMonth(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  return wallTimeToUtc(timeZone, p.year, p.month, 1);
}

/** Start of the local day after the one containing `ts` (the end of "today"), in UTC ms. */
export function startOfNextLocalDay(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  return wallTimeToUtc(timeZone, p.year, p.month, p.day + 1);
}

/** Minutes since local midnight at `ts` (0-1439). */
export function localMinuteOfDay(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  return p.hour * 60 + p.minute;
}
