import {
  addDays,
  alignedStepMs,
  annualTaxOf,
  COURSE_MAX_MONTHS,
  localMonthKey,
  monthsBetween,
  parseDateKey,
  startOfDate,
  tenancyAt,
  wallTimeToUtc,
  type DateKey,
  type RankingInput,
} from '@louyu/core';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { liveTenancyMap } from '../live/tenancy.ts';
import { fiveAIndexAt } from './five-a-at.ts';
import { readTenancyRecords } from './tenancy-records.ts';

/** The ranking's figures now, from the live state: the latest reports and the live 5A index. */
export function liveRankingRows(ctx: ServerContext, now: number): RankingInput[] {
  const tenancy = liveTenancyMap(ctx.live);
  return ctx.registry.buildings.map((b) => {
    const live = ctx.live.summary(b.id, now)!;
    return {
      building: b.id,
      cluster: b.cluster,
      tax_ytd_cny: tenancy.get(b.id)?.tax_ytd_cny ?? null,
      annual_tax_cny: annualTaxOf(b),
      occupancy: live.tenancy_rate,
      index5a: live.five_a.index,
    };
  });
}

/** What a past day of the ranking reads: the instant it ends, its year's start, and from when reports count. */
export interface RankingDay {
  /** The end of the day (the next local midnight), UTC ms. */
  end: number;
  /** The start of the day's local calendar year: tax to date counts from reports at or after it. */
  yearFrom: number;
  /** The first instant read: the start of the month `COURSE_MAX_MONTHS - 1` months before the day's. */
  readFrom: number;
}

/**
 * The instants of `at` ('YYYY-MM-DD' in `timeZone`); refuses (400, naming `at`) a date that does not exist,
 * a day that has not ended yet, and one further back than the course reaches (the hour rollups' two years).
 */
export function rankingDay(at: DateKey, now: number, timeZone: string): RankingDay {
  let date: { year: number; month: number };
  try {
    date = parseDateKey(at);
  } catch (error) {
    throw failures.badRange(`at: ${(error as Error).message}`);
  }
  const end = startOfDate(addDays(at, 1), timeZone);
  if (end > now)
    throw failures.badRange(
      `at (${at}) has not ended yet in ${timeZone}: give a past day, or leave at out for the ranking as of now`,
    );
  const month = at.slice(0, 7);
  if (monthsBetween(month, localMonthKey(now, timeZone)) > COURSE_MAX_MONTHS)
    throw failures.badRange(
      `at (${at}) is more than ${COURSE_MAX_MONTHS} months back: the store keeps its hour rollups two years`,
    );
  const firstMonth = date.year * 12 + date.month - 1 - (COURSE_MAX_MONTHS - 1);
  return {
    end,
    yearFrom: wallTimeToUtc(timeZone, date.year, 1, 1),
    readFrom: wallTimeToUtc(timeZone, Math.floor(firstMonth / 12), (firstMonth % 12) + 1, 1),
  };
}

/**
 * The ranking's figures at the end of a past day, from the store: the dated tenancy reports as the plan's
 * course reads them (core's `tenancyAt`: each building's latest report of the two years before, the
 * registry's baseline before its first, tax to date from a report of the day's own year), and the 5A index
 * from the subsystem readings then (see `fiveAIndexAt`; null for a day before the raw readings kept).
 */
export async function rankingRowsAt(
  ctx: ServerContext,
  day: RankingDay,
  now: number,
): Promise<RankingInput[]> {
  const step = alignedStepMs([{ from: day.readFrom, to: day.end }]);
  const [records, index5a] = await Promise.all([
    readTenancyRecords(ctx.store, day.readFrom, day.end, step),
    fiveAIndexAt(ctx.store, ctx.registry, day.end, now),
  ]);
  return ctx.registry.buildings.map((b) => {
    const state = tenancyAt(b, records, day.end, day.yearFrom);
    return {
      building: b.id,
      cluster: b.cluster,
      tax_ytd_cny: state.tax_ytd?.value ?? null,
      annual_tax_cny: annualTaxOf(b),
      occupancy: state.occupancy,
      index5a: index5a?.get(b.id) ?? null,
    };
  });
}
