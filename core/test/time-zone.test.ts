import { describe, expect, it } from 'vitest';
import {
  addDays,
  localDateKey,
  localParts,
  parseDateKey,
  startOfLocalDay,
  startOfLocalMonth,
  startOfLocalWeek,
  startOfNextLocalDay,
  wallTimeToUtc,
  zoneOffsetMs,
} from '../src/time/index.ts';

const SH = 'Asia/Shanghai';
const utc = (iso: string): number => Date.parse(iso);

describe('local time in the district', () => {
  it('reads wall-clock parts in Shanghai, eight hours ahead of UTC', () => {
    expect(localParts(utc('2025-01-01T00:00:00Z'), SH)).toEqual({
      year: 2025,
      month: 1,
      day: 1,
      hour: 8,
      minute: 0,
      second: 0,
      weekday: 3,
    });
    expect(zoneOffsetMs(utc('2025-06-01T12:34:56.789Z'), SH)).toBe(8 * 3600_000);
  });

  it('gives the local date, not the UTC date, near midnight', () => {
    // 16:30 UTC on 10 March is 00:30 on 11 March in Shenyang.
    expect(localDateKey(utc('2025-03-10T16:30:00Z'), SH)).toBe('2025-03-11');
    expect(localDateKey(utc('2025-03-10T15:59:59Z'), SH)).toBe('2025-03-10');
  });

  it('starts the local day at local midnight', () => {
    expect(startOfLocalDay(utc('2025-03-10T17:00:00Z'), SH)).toBe(utc('2025-03-10T16:00:00Z'));
    expect(startOfLocalDay(utc('2025-03-10T16:00:00Z'), SH)).toBe(utc('2025-03-10T16:00:00Z'));
    expect(startOfNextLocalDay(utc('2025-03-10T16:00:00Z'), SH)).toBe(utc('2025-03-11T16:00:00Z'));
  });

  it('starts the week on Monday, local time', () => {
    // Sunday 16 March 2025, 23:00 local -> Monday 10 March 00:00 local.
    expect(startOfLocalWeek(utc('2025-03-16T15:00:00Z'), SH)).toBe(utc('2025-03-09T16:00:00Z'));
    // Monday 00:00 local is its own week start; one ms earlier belongs to the week before.
    expect(startOfLocalWeek(utc('2025-03-09T16:00:00Z'), SH)).toBe(utc('2025-03-09T16:00:00Z'));
    expect(startOfLocalWeek(utc('2025-03-09T15:59:59.999Z'), SH)).toBe(utc('2025-03-02T16:00:00Z'));
  });

  it('starts the month on the 1st, local time, across a year boundary', () => {
    expect(startOfLocalMonth(utc('2025-02-28T16:30:00Z'), SH)).toBe(utc('2025-02-28T16:00:00Z'));
    expect(startOfLocalMonth(utc('2025-01-05T00:00:00Z'), SH)).toBe(utc('2024-12-31T16:00:00Z'));
  });

  it('handles a zone with daylight saving (the helpers are not Shanghai-only)', () => {
    const ny = 'America/New_York';
    // 9 March 2025: clocks jump from 02:00 to 03:00; the day still starts at 00:00 EST = 05:00 UTC.
    expect(startOfLocalDay(utc('2025-03-09T20:00:00Z'), ny)).toBe(utc('2025-03-09T05:00:00Z'));
    expect(startOfLocalDay(utc('2025-03-10T20:00:00Z'), ny)).toBe(utc('2025-03-10T04:00:00Z'));
    expect(wallTimeToUtc(ny, 2025, 7, 1, 12)).toBe(utc('2025-07-01T16:00:00Z'));
  });

  it('names an unknown time zone', () => {
    expect(() => localParts(0, 'Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });

  it('does calendar arithmetic on date keys and rejects impossible dates', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(() => parseDateKey('2025-02-30')).toThrow(/does not exist/);
    expect(() => parseDateKey('2025-2-3')).toThrow(/YYYY-MM-DD/);
  });
});
