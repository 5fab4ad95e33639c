// Issue 18: shortfall evaluation asked the store three questions per building, one after another (peak
// queues, peak waits, trips), plus one per car and per main meter: 1,167 ms for Heping on InfluxDB against
// 158 ms on SQLite. Now each kind of series is asked once for the district: the three grouped by building,
// every car's availability and every main meter's counter grouped by building and device: 5 queries (before
// that, 27: one per car id and meter id). Counted here on both stores with the same simulated data; the
// figures are printed, no wall-clock time is asserted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  dayInfo,
  decodeMessage,
  hepingRegistry,
  localDateKey,
  readingToPoints,
  startOfDate,
  statusToPoint,
  type ShortfallFinding,
  type TelemetryPoint,
} from '@louyu/core';
import { createStore, type TelemetryStore, type TimeRange } from '@louyu/store';
import { createDistrict } from '@louyu/simulators';
import { buildApp, createUserRecord, InProcessSource, UserDirectory } from '@louyu/dashboard-server';
import { ShortfallService } from '../dashboard/server/src/shortfalls/shortfall-service.ts';
import type { FastifyInstance } from 'fastify';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { stopAll } from './harness/stop-all.ts';

const registry = hepingRegistry();

/** A finding's figures (its `since` depends on the evaluations before it). */
const figuresOf = (findings: readonly ShortfallFinding[]) =>
  findings.map(({ since: _since, ...figures }) => figures);
// 08:15 local on the latest workday at least two hours ago (InfluxDB's 30-day retention keeps the points):
// the evaluations run at 08:35 and 08:36, inside that morning's peak (07:30-09:30) and never across an
// hour's end, so the morning still in progress is read again a minute later at whatever hour the suite
// runs. Started at the wall clock's hour, the test took that path only when CI ran between about 09:15 and
// 11:15 Beijing time on a workday, and it failed there (below).
const START = latestWorkdayAt(Date.now() - 2 * 3_600_000, 8 * 60 + 15);
const SIMULATED = 12;

/** `minuteOfDay` local time on the latest workday at which it is no later than `notAfter`. */
function latestWorkdayAt(notAfter: number, minuteOfDay: number): number {
  const timeZone = registry.district.time_zone;
  for (let date = localDateKey(notAfter, timeZone); ; date = addDays(date, -1)) {
    const at = startOfDate(date, timeZone) + minuteOfDay * 60_000;
    if (dayInfo(date).workday && at <= notAfter) return at;
  }
}

/** Counts the store's reads. */
function counting(store: TelemetryStore): {
  store: TelemetryStore;
  queries: () => number;
  /** The morning-peak spans each peak query asked for (seriesByBuilding's `within`). */
  peakSpans: TimeRange[][];
  /** The spans each car and meter query asked for (seriesByDevice's `within`; none: the whole range). */
  deviceSpans: (TimeRange[] | undefined)[];
  reset: () => void;
} {
  let queries = 0;
  const peakSpans: TimeRange[][] = [];
  const deviceSpans: (TimeRange[] | undefined)[] = [];
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (['latest', 'points', 'series', 'seriesByBuilding', 'seriesByDevice'].includes(String(key)))
          queries++;
        if (key === 'seriesByBuilding')
          peakSpans.push([...((args[6] as { within?: TimeRange[] } | undefined)?.within ?? [])]);
        if (key === 'seriesByDevice') {
          const within = (args[6] as { within?: TimeRange[] } | undefined)?.within;
          deviceSpans.push(within && [...within]);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store: counted,
    queries: () => queries,
    peakSpans,
    deviceSpans,
    reset: () => {
      queries = 0;
      peakSpans.length = 0;
      deviceSpans.length = 0;
    },
  };
}

describe('shortfall evaluation of the 89 Heping buildings', () => {
  let influxd: InfluxdHandle;
  let dir: string;
  const closing: (() => unknown)[] = [];
  const results = new Map<string, string[]>();
  const figures: string[] = [];

  beforeAll(async () => {
    influxd = await startInfluxd();
    dir = await mkdtemp(join(tmpdir(), 'louyu-shortfall-queries-'));
  });
  afterAll(async () => {
    console.log(
      `shortfall evaluation, Heping (89 buildings, ${SIMULATED} simulated):\n  ${figures.join('\n  ')}`,
    );
    await stopAll(
      ...closing.reverse(),
      () => influxd?.dispose(),
      () => rm(dir, { recursive: true, force: true }),
    );
  });

  for (const kind of ['sqlite', 'influx'] as const) {
    it(`asks ${kind} one district-wide question per kind of series`, { timeout: 180_000 }, async () => {
      const plain =
        kind === 'sqlite'
          ? await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 })
          : await createStore({
              kind: 'influx',
              url: influxd.url,
              database: 'shortfall_queries',
              timeoutMs: 60_000,
            });
      closing.push(() => plain.close());
      const counted = counting(plain);
      const clock = { now: START };
      const source = new InProcessSource();
      const app: FastifyInstance = await buildApp({
        registry,
        store: counted.store,
        users: new UserDirectory([
          await createUserRecord({ username: 'staff', password: 'district-staff-pw', role: 'district' }),
        ]),
        jwtSecret: 'q'.repeat(40),
        source,
        options: { now: () => clock.now },
      });
      closing.push(() => app.close());
      await app.ready();
      const district = createDistrict({ registry, seed: 7, start: START, buildings: SIMULATED });
      for (let minute = 0; minute < 20; minute++) {
        clock.now += 60_000;
        const points: TelemetryPoint[] = [];
        for (const m of district.step(60_000)) {
          const result = decodeMessage(m.topic, m.payload, clock.now, registry);
          if (result.type === 'reading') {
            points.push(...readingToPoints(result.reading, registry));
            source.push(result.reading);
          } else if (result.type === 'status') {
            points.push(statusToPoint(result.status, registry));
            source.pushStatus(result.status);
          }
        }
        await plain.write(points);
      }
      // The simulators stamp a minute's last readings with its end, and a range's end is exclusive: asked
      // at that very millisecond the evaluation left them out, and a minute later took them in. Inside a
      // workday's morning peak that moved a building's mean lift wait (49.4 s, then 50.6 s, in a CI run at
      // 10:20 Beijing time, its simulated morning 08:15-08:35 of that day). A second later, as live, both
      // evaluations see every reading written.
      clock.now += 1_000;

      const live = app.louyu.live;
      let cars = 0;
      let meters = 0;
      const carIds = new Set<string>();
      const meterIds = new Set<string>();
      for (const b of registry.buildings) {
        const devices = live.devices(b.id)!;
        cars += devices.elevator.size;
        for (const car of devices.elevator.keys()) carIds.add(car);
        const list = [...devices.energy.values()].filter((m) => m.data.circuit !== 'heat');
        const main = list.some((m) => m.data.circuit === 'total')
          ? list.filter((m) => m.data.circuit === 'total')
          : list;
        meters += main.length;
        for (const m of main) meterIds.add(m.device);
      }
      expect(cars).toBeGreaterThan(0);
      expect(meters).toBeGreaterThan(0);

      counted.reset();
      const t0 = performance.now();
      const { findings } = await app.louyu.shortfalls.findings(clock.now);
      const ms = Math.round(performance.now() - t0);
      // Before: 3 series per building, one after another, then one per car and per main meter.
      const before = 3 * registry.buildings.length + cars + meters;
      // One per kind of series: peak queues, waits, trips (by building), car availability, meter counters.
      expect(counted.queries()).toBe(5);
      expect(counted.queries()).toBeLessThan(before / 10);
      figures.push(
        `${kind}: ${counted.queries()} queries (3 grouped by building; ${cars} cars and ${meters} main meters grouped by building and device), ${ms} ms; before: ${3 + carIds.size + meterIds.size} (one per car id and meter id), and before that ${before} one after another`,
      );
      results.set(kind, findings.map((f) => `${f.building} ${f.rule} ${f.measured}`).sort());

      // A minute later the workday mornings that have ended are not read again: only today's, if it is
      // not over, and the oldest while the 8-day look-back cuts into it. The findings are the same.
      const mornings = counted.peakSpans[0]!.length;
      counted.reset();
      const again = await app.louyu.shortfalls.findings(clock.now + 61_000);
      expect(again.findings.map((f) => `${f.building} ${f.rule} ${f.measured}`).sort()).toEqual(
        results.get(kind),
      );
      expect(counted.queries()).toBeLessThanOrEqual(5);
      for (const spans of counted.peakSpans) expect(spans.length).toBeLessThanOrEqual(2);
      // The cars' and meters' complete hours are kept too: the store is asked for the current hour only.
      const later = clock.now + 61_000;
      const currentHour = { from: Math.floor(later / 3_600_000) * 3_600_000, to: later };
      expect(counted.deviceSpans).toEqual([[currentHour], [currentHour]]);
      // And a service that keeps nothing, reading all of it at the same moment, finds the same figures.
      const uncached = await new ShortfallService(app.louyu.live, plain).findings(later);
      expect(figuresOf(uncached.findings)).toEqual(figuresOf(again.findings));
      figures.push(
        `${kind}, a minute later: ${counted.queries()} queries, ${counted.peakSpans[0]?.length ?? 0} of ${mornings} mornings read again`,
      );
    });
  }

  it('finds the same on both stores', () => {
    expect(results.get('influx')).toEqual(results.get('sqlite'));
    expect(results.get('sqlite')!.length).toBeGreaterThan(0);
  });
});
