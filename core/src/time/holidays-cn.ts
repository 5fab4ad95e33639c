import type { DateKey } from './dates.ts';

/** One festival's days off, inclusive local dates. */
export interface HolidaySpan {
  /** English name. */
  name: string;
  /** Chinese name as the notice writes it. */
  zh: string;
  from: DateKey;
  to: DateKey;
}

/** One year's arrangement: days off, and the weekend days worked in exchange (调休上班). */
export interface HolidayYear {
  year: number;
  /** The notice the dates come from. */
  source: string;
  /**
   * True when the State Council has not published this year's arrangement yet and the table holds only
   * the statutory days the law fixes: expect more days off and make-up workdays once it is published.
   */
  provisional: boolean;
  holidays: readonly HolidaySpan[];
  makeupWorkdays: readonly DateKey[];
}

/**
 * China's public holidays and make-up workdays (调休), from the State Council General Office's annual
 * notices (国务院办公厅关于 YYYY 年部分节假日安排的通知). Replace or extend this table (or pass your own
 * to the workday functions) when a new notice is published; a year not in the table falls back to
 * Monday-Friday, which the workday functions report as `known: false`.
 */
export const CN_HOLIDAY_YEARS: readonly HolidayYear[] = [
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号)',
    provisional: false,
    holidays: [
      // 元旦: 1月1日放假，与周末连休 (Dec 30-31 2023 were an ordinary weekend).
      { name: "New Year's Day", zh: '元旦', from: '2024-01-01', to: '2024-01-01' },
      // 2月9日 (除夕) was a workday the notice only "encouraged" employers to give off: we count it worked.
      { name: 'Spring Festival', zh: '春节', from: '2024-02-10', to: '2024-02-17' },
      { name: 'Qingming', zh: '清明节', from: '2024-04-04', to: '2024-04-06' },
      { name: 'Labour Day', zh: '劳动节', from: '2024-05-01', to: '2024-05-05' },
      { name: 'Dragon Boat Festival', zh: '端午节', from: '2024-06-10', to: '2024-06-10' },
      { name: 'Mid-Autumn Festival', zh: '中秋节', from: '2024-09-15', to: '2024-09-17' },
      { name: 'National Day', zh: '国庆节', from: '2024-10-01', to: '2024-10-07' },
    ],
    makeupWorkdays: [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ],
  },
  {
    year: 2025,
    // The first year under the revised 全国年节及纪念日放假办法 (除夕 and 5月2日 became statutory days).
    source: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)',
    provisional: false,
    holidays: [
      { name: "New Year's Day", zh: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: 'Spring Festival', zh: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: 'Qingming', zh: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: 'Labour Day', zh: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: 'Dragon Boat Festival', zh: '端午节', from: '2025-05-31', to: '2025-06-02' },
      {
        name: 'National Day and Mid-Autumn Festival',
        zh: '国庆节、中秋节',
        from: '2025-10-01',
        to: '2025-10-08',
      },
    ],
    makeupWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号, published 2025-11-04)',
    provisional: false,
    holidays: [
      { name: "New Year's Day", zh: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: 'Spring Festival', zh: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: 'Qingming', zh: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: 'Labour Day', zh: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: 'Dragon Boat Festival', zh: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: 'Mid-Autumn Festival', zh: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: 'National Day', zh: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  {
    year: 2027,
    // NOT the State Council's arrangement: that notice is normally published in November of the year
    // before and we do not have it. These are only the statutory days of 全国年节及纪念日放假办法 (2024
    // revision) on 2027's dates; the real arrangement will add bridging days and make-up workdays.
    // Unsure dates: 春节 uses 正月初一 = 2027-02-06, from published lunar tables (the new moon falls at
    // about 23:56 Beijing time on Feb 6; ICU's Chinese calendar puts it on Feb 7, which is one reason
    // this is a table and not a computation). 清明 2027-04-05 is the solar term date as we know it (it
    // can fall on the 4th or 5th); 端午 2027-06-09 and 中秋 2027-09-15 follow from the same lunar table.
    source: 'statutory days only (全国年节及纪念日放假办法); the 2027 notice was not available',
    provisional: true,
    holidays: [
      { name: "New Year's Day", zh: '元旦', from: '2027-01-01', to: '2027-01-01' },
      { name: 'Spring Festival', zh: '春节', from: '2027-02-05', to: '2027-02-08' },
      { name: 'Qingming', zh: '清明节', from: '2027-04-05', to: '2027-04-05' },
      { name: 'Labour Day', zh: '劳动节', from: '2027-05-01', to: '2027-05-02' },
      { name: 'Dragon Boat Festival', zh: '端午节', from: '2027-06-09', to: '2027-06-09' },
      { name: 'Mid-Autumn Festival', zh: '中秋节', from: '2027-09-15', to: '2027-09-15' },
      { name: 'National Day', zh: '国庆节', from: '2027-10-01', to: '2027-10-03' },
    ],
    makeupWorkdays: [],
  },
];
