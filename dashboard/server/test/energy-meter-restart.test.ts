// Today's energy and the reports' energy from a meter whose counter went backwards (issue 16, items 2 and
// 3), over the real embedded store: a simulator that restarted below the stored reading must not add its
// whole counter (1,803,152 kWh "today" for one tower), a replaced meter counts from 0, and a report over a
// period counts what was consumed inside it, its first partial hour too, even when the period just started.
import { afterEach, describe, expect, it } from 'vitest';
import { startOfLocalDay, startOfLocalWeek, type BuildingDetail, type Report } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import {
  meterReadings,
  MINUTE,
  storeReadings,
  trueConsumption,
  type MeterPlan,
} from './helpers/meter-series.ts';

const HOUR = 60 * MINUTE;
const TZ = 'Asia/Shanghai';

describe('energy from a meter whose counter went backwards', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function todayAndWeek(app: TestApp): Promise<{ today: number | null; week: number | null }> {
    const headers = { authorization: `Bearer ${await app.token('district')}` };
    const detail = (await app.app.inject({ url: '/api/buildings/healthy', headers })).json<{
      live: BuildingDetail;
    }>().live;
    const date = new Date(app.clock.now + 8 * HOUR).toISOString().slice(0, 10);
    const report = (
      await app.app.inject({ url: `/api/reports/weekly?date=${date}`, headers })
    ).json<Report>();
    return {
      today: detail.summary.energy_today_kwh,
      week: report.rows.find((r) => r.building === 'healthy')?.energy_kwh ?? null,
    };
  }

  /** Runs the plan as the all-in-one process would: each reading is stored and handed to the live state. */
  async function feed(app: TestApp, source: InProcessSource, plan: MeterPlan): Promise<void> {
    const readings = meterReadings(plan);
    await storeReadings(app.store, readings, app.registry);
    for (const r of readings) source.push(r);
  }

  it('counts the true consumption today and this week, live and after a restart of the dashboard', async () => {
    const source = new InProcessSource();
    t = await startTestApp({}, { source });
    // Wednesday 2025-03-12 10:00 in Shenyang; the week began on Monday 00:00.
    const now = t.clock.now;
    const midnight = startOfLocalDay(now, TZ);
    const monday = startOfLocalWeek(now, TZ);
    const plan: MeterPlan = {
      building: 'healthy',
      device: 'meter-total',
      start: monday - HOUR,
      end: now,
      restartAt: midnight + 6 * HOUR, // the simulator restarted from its seed, below the stored reading
      replaceAt: midnight + 8 * HOUR, // the meter was replaced
    };
    await feed(t, source, plan);
    const expected = {
      today: trueConsumption(plan, midnight, now),
      week: trueConsumption(plan, monday, now),
    };
    expect(expected).toEqual({ today: 599, week: 3_479 });

    const live = await todayAndWeek(t);
    expect(live.today).toBeCloseTo(expected.today, 1);
    expect(live.week).toBeCloseTo(expected.week, 1);

    await t.restart();
    const rebuilt = await todayAndWeek(t);
    expect(rebuilt.today).toBeCloseTo(expected.today, 1);
    expect(rebuilt.week).toBeCloseTo(expected.week, 1);
  });

  it("gives a week that has just started what today's energy shows, its first partial hour included", async () => {
    const source = new InProcessSource();
    t = await startTestApp({}, { source });
    // Monday 2025-03-10 00:20 in Shenyang: the week (and the day) are 20 minutes old.
    t.clock.now = Date.UTC(2025, 2, 9, 16, 20);
    const now = t.clock.now;
    const monday = startOfLocalWeek(now, TZ);
    expect(monday).toBe(Date.UTC(2025, 2, 9, 16, 0));
    const plan: MeterPlan = {
      building: 'healthy',
      device: 'meter-total',
      start: monday - 2 * HOUR,
      end: now,
    };
    await feed(t, source, plan);

    const live = await todayAndWeek(t);
    expect(live.today).toBeCloseTo(20, 1);
    expect(live.week).toBeCloseTo(20, 1);

    await t.restart();
    const rebuilt = await todayAndWeek(t);
    expect(rebuilt).toEqual(live);
  });

  it('counts the hour the week began in when readings come every 5 minutes, off the hour', async () => {
    const source = new InProcessSource();
    t = await startTestApp({}, { source });
    const now = Date.UTC(2025, 2, 9, 19, 7); // Monday 03:07 local
    t.clock.now = now;
    const monday = startOfLocalWeek(now, TZ);
    const plan: MeterPlan = {
      building: 'healthy',
      device: 'meter-total',
      start: monday - 2 * HOUR + 3 * MINUTE,
      end: now,
      everyMs: 5 * MINUTE,
    };
    await feed(t, source, plan);
    // The step from 23:58 to 00:03 straddles midnight: 2 of its 5 kWh were consumed before it; the last
    // reading is at 03:03.
    const expected = trueConsumption(plan, monday, now);
    expect(expected).toBe(183);
    const live = await todayAndWeek(t);
    expect(live.week).toBeCloseTo(expected, 1);
    expect(live.today).toBeCloseTo(expected, 1);
    await t.restart();
    const rebuilt = await todayAndWeek(t);
    expect(rebuilt.week).toBeCloseTo(expected, 1);
    expect(rebuilt.today).toBeCloseTo(expected, 1);
  });
});
