import { describe, expect, it } from 'vitest';
import {
  CN_HOLIDAY_YEARS,
  addDays,
  calendarCoverage,
  dayContext,
  dayInfo,
  daypart,
  holidayCalendar,
  isMorningPeak,
  isWorkday,
  lastWorkdays,
  wallTimeToUtc,
  weekdayOf,
  workdaysBetween,
} from '../src/time/index.ts';

const SH = 'Asia/Shanghai';
/** A local Shanghai wall time as UTC ms. */
const local = (y: number, mo: number, d: number, h = 12, mi = 0): number =>
  wallTimeToUtc(SH, y, mo, d, h, mi);

describe('workdays with China public holidays and make-up workdays', () => {
  it('counts a Saturday make-up workday (调休上班) as a workday', () => {
    expect(isWorkday(local(2025, 2, 8), SH)).toBe(true); // Sat, after the 2025 Spring Festival
    expect(isWorkday(local(2024, 5, 11), SH)).toBe(true); // Sat, after Labour Day 2024
    expect(dayInfo('2025-02-08')).toMatchObject({ type: 'makeup_workday', workday: true, holiday: '春节' });
  });

  it('counts a Sunday make-up workday as a workday', () => {
    expect(isWorkday(local(2026, 1, 4), SH)).toBe(true);
    expect(isWorkday(local(2025, 9, 28), SH)).toBe(true);
  });

  it('counts a weekday public holiday as a day off', () => {
    expect(isWorkday(local(2025, 10, 8), SH)).toBe(false); // Wed, National Day + Mid-Autumn 2025
    expect(isWorkday(local(2026, 2, 23), SH)).toBe(false); // Mon, last day of Spring Festival 2026
    expect(dayInfo('2024-06-10')).toMatchObject({ type: 'holiday', workday: false, holiday: '端午节' });
  });

  it('counts ordinary weekdays and weekends by the calendar', () => {
    expect(isWorkday(local(2025, 3, 12), SH)).toBe(true); // Wed
    expect(isWorkday(local(2025, 3, 15), SH)).toBe(false); // Sat
    expect(dayInfo('2025-03-16').type).toBe('weekend');
  });

  it("keeps 2024 New Year's Eve of the lunar year (除夕, 9 Feb) a workday, as the notice did", () => {
    expect(isWorkday(local(2024, 2, 9), SH)).toBe(true);
  });

  it('decides by the local date, not the UTC date', () => {
    // 2025-10-08 23:59 local is a holiday; one minute later it is Thursday 9 October, a workday.
    expect(isWorkday(local(2025, 10, 8, 23, 59), SH)).toBe(false);
    expect(isWorkday(local(2025, 10, 9, 0, 0), SH)).toBe(true);
    // The same instant is still 8 October in UTC.
    expect(new Date(local(2025, 10, 9, 0, 0)).getUTCDate()).toBe(8);
  });

  it('says when a year is outside the table or provisional', () => {
    expect(dayInfo('2028-03-06')).toMatchObject({ workday: true, known: false, provisional: false });
    expect(dayInfo('2027-02-08')).toMatchObject({ type: 'holiday', known: true, provisional: true });
    expect(calendarCoverage()).toEqual([
      { year: 2024, provisional: false },
      { year: 2025, provisional: false },
      { year: 2026, provisional: false },
      { year: 2027, provisional: true },
    ]);
  });

  it('has make-up workdays only on weekends and holidays whose lengths match the notices', () => {
    for (const year of CN_HOLIDAY_YEARS) {
      for (const d of year.makeupWorkdays) expect(weekdayOf(d), d).toBeGreaterThanOrEqual(6);
    }
    const daysOff = (y: number): number =>
      [...holidayCalendar(CN_HOLIDAY_YEARS).days.entries()].filter(
        ([d, v]) => d.startsWith(`${y}-`) && v.type === 'holiday',
      ).length;
    // 2025: 1 + 8 + 3 + 5 + 3 + 8; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7.
    expect(daysOff(2025)).toBe(28);
    expect(daysOff(2026)).toBe(33);
  });

  it('refuses a calendar that makes one day both a holiday and a workday', () => {
    expect(() =>
      holidayCalendar([
        {
          year: 2030,
          source: 'test',
          provisional: false,
          holidays: [{ name: 'x', zh: 'x', from: '2030-01-01', to: '2030-01-02' }],
          makeupWorkdays: ['2030-01-02'],
        },
      ]),
    ).toThrow(/2030-01-02 is both/);
  });

  it('lists the last workdays, skipping holidays and counting make-up days', () => {
    // Mon 13 Oct 2025; Sat 11 Oct was a make-up workday; 1-8 Oct were off.
    expect(lastWorkdays('2025-10-13', 5)).toEqual([
      '2025-10-13',
      '2025-10-11',
      '2025-10-10',
      '2025-10-09',
      '2025-09-30',
    ]);
    expect(workdaysBetween('2025-09-27', '2025-09-30')).toEqual(['2025-09-28', '2025-09-29', '2025-09-30']);
    expect(addDays('2025-10-13', -7)).toBe('2025-10-06');
  });
});

describe('morning peak and dayparts', () => {
  it('is the morning peak from 07:30 up to but not including 09:30 on a workday', () => {
    expect(isMorningPeak(local(2025, 3, 12, 7, 29), SH)).toBe(false);
    expect(isMorningPeak(local(2025, 3, 12, 7, 30), SH)).toBe(true);
    expect(isMorningPeak(local(2025, 3, 12, 9, 29), SH)).toBe(true);
    expect(isMorningPeak(local(2025, 3, 12, 9, 30), SH)).toBe(false);
  });

  it('has no morning peak on a holiday or weekend, but has one on a make-up Saturday', () => {
    expect(isMorningPeak(local(2025, 10, 8, 8, 0), SH)).toBe(false);
    expect(isMorningPeak(local(2025, 3, 15, 8, 0), SH)).toBe(false);
    expect(isMorningPeak(local(2025, 10, 11, 8, 0), SH)).toBe(true);
  });

  it('names the part of the day', () => {
    expect(daypart(local(2025, 3, 12, 3, 0), SH)).toBe('night');
    expect(daypart(local(2025, 3, 12, 8, 0), SH)).toBe('morning_peak');
    expect(daypart(local(2025, 3, 12, 12, 0), SH)).toBe('lunch');
    expect(daypart(local(2025, 3, 12, 18, 0), SH)).toBe('evening_peak');
    expect(daypart(local(2025, 3, 12, 23, 0), SH)).toBe('late');
    expect(dayContext(local(2025, 10, 11, 8, 30), SH)).toEqual({
      workday: true,
      daypart: 'morning_peak',
      hour: 8.5,
    });
  });
});
