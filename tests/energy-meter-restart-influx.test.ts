// Today's energy and the weekly report's energy over InfluxDB (a real influxd) from a meter whose counter
// went backwards twice (issue 16, items 2 and 3): the simulator restarted from its seeded reading, below
// the stored one (a glitch: nothing counted for it, never the whole counter), and the meter was replaced
// (a new segment counted from 0). Both figures are the true consumption, live and after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  smallRegistry,
  startOfLocalDay,
  startOfLocalWeek,
  type BuildingDetail,
  type Report,
} from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { buildApp, createUserRecord, InProcessSource, UserDirectory } from '@louyu/dashboard-server';
import type { FastifyInstance } from 'fastify';
import {
  meterReadings,
  MINUTE,
  storeReadings,
  trueConsumption,
  type MeterPlan,
} from '../dashboard/server/test/helpers/meter-series.ts';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { stopAll } from './harness/stop-all.ts';

const registry = smallRegistry();
const TZ = registry.district.time_zone;
const HOUR = 60 * MINUTE;
const STEP = 5 * MINUTE;

describe('energy over InfluxDB from a meter whose counter went backwards', () => {
  let influxd: InfluxdHandle;
  let users: UserDirectory;
  // Near the real time (InfluxDB drops points older than its retention), on a 5-minute step so readings fall
  // on local midnight.
  const clock = { now: Math.floor(Date.now() / STEP) * STEP };
  const open: { app: FastifyInstance; store: TelemetryStore }[] = [];

  beforeAll(async () => {
    influxd = await startInfluxd();
    users = new UserDirectory([
      await createUserRecord({ username: 'staff', password: 'district-staff-pw', role: 'district' }),
    ]);
  });
  afterAll(() =>
    stopAll(...open.flatMap(({ app, store }) => [() => app.close(), () => store.close()]), () =>
      influxd?.dispose(),
    ),
  );

  async function start(source = new InProcessSource()) {
    const store = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'energy_restart',
      timeoutMs: 5_000,
    });
    const app = await buildApp({
      registry,
      store,
      users,
      jwtSecret: 'y'.repeat(40),
      source,
      options: { now: () => clock.now },
    });
    await app.ready();
    open.push({ app, store });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'staff', password: 'district-staff-pw' },
    });
    const headers = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
    const figures = async (): Promise<{ today: number | null; week: number | null }> => {
      const detail = (await app.inject({ url: '/api/buildings/healthy', headers })).json<{
        live: BuildingDetail;
      }>().live;
      const date = new Date(clock.now + 8 * HOUR).toISOString().slice(0, 10);
      const report = (await app.inject({ url: `/api/reports/weekly?date=${date}`, headers })).json<Report>();
      return {
        today: detail.summary.energy_today_kwh,
        week: report.rows.find((r) => r.building === 'healthy')?.energy_kwh ?? null,
      };
    };
    return { app, store, source, figures };
  }

  it('counts the true consumption today and this week, live and after a restart', async () => {
    const now = clock.now;
    const midnight = startOfLocalDay(now, TZ);
    const monday = startOfLocalWeek(now, TZ);
    const plan: MeterPlan = {
      building: 'healthy',
      device: 'meter-total',
      start: Math.min(monday, now - 4 * HOUR) - HOUR,
      end: now,
      everyMs: STEP,
      restartAt: now - 3 * HOUR,
      replaceAt: now - HOUR,
    };
    const first = await start();
    const readings = meterReadings(plan);
    await storeReadings(first.store, readings, registry);
    for (const r of readings) first.source.push(r);
    const expected = {
      today: trueConsumption(plan, midnight, now),
      week: trueConsumption(plan, monday, now),
    };
    // Without the simulator's restart it would be one kWh a minute; the restart's step counts nothing.
    expect(expected.week).toBe((now - monday) / MINUTE - (plan.restartAt! > monday ? 5 : 0));

    const live = await first.figures();
    expect(live.today).toBeCloseTo(expected.today, 1);
    expect(live.week).toBeCloseTo(expected.week, 1);

    const second = await start();
    const rebuilt = await second.figures();
    expect(rebuilt.today).toBeCloseTo(expected.today, 1);
    expect(rebuilt.week).toBeCloseTo(expected.week, 1);
  });
});
