/** Local midnight (Asia/Shanghai) of a date, as UTC ms. */
export function shanghaiMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** Known days: a Wednesday workday, a Saturday, and National Day (a public holiday on a Wednesday). */
export const WEDNESDAY = '2025-03-12';
export const SATURDAY = '2025-03-15';
export const NATIONAL_DAY = '2025-10-01';
