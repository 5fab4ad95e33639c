// Issue 18, item 5: the start-up rebuild seeded today's energy meter by meter, seven store queries each one
// after another (89 buildings: thousands of queries; 14.8 s on InfluxDB for six hours of a district's
// readings). It now reads every meter at once. Here, on SQLite and on a real influxd, the district read gives
// each meter exactly the samples the per-meter read gives (opening reading, raw partial hours, hour
// summaries, an hour with a counter reset read raw), in a handful of queries.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { startInfluxd, type InfluxdHandle } from '../../../tests/harness/influxd.ts';
import { stopAll } from '../../../tests/harness/stop-all.ts';
import { districtMeterSamples, meterKey } from '../src/live/district-meter-readings.ts';
import { meterSamples } from '../src/live/meter-readings.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
// A "day" that began 7 h 20 min ago (not on an hour), so it has a partial first hour, whole hours, and a
// partial last hour.
const FROM = NOW - 7 * HOUR - 20 * MINUTE;
const BUILDINGS = ['b-1', 'b-2', 'b-3', 'b-4'];
const METERS = ['main', 'hvac', 'light'];

/** Readings every 4 minutes from 9 hours back; one meter is reset mid-hour, one is silent before the day. */
function readings(): TelemetryPoint[] {
  const points: TelemetryPoint[] = [];
  for (const [b, building] of BUILDINGS.entries()) {
    for (const [m, device] of METERS.entries()) {
      let kwh = 1000 * (b + 1) + m;
      for (let ts = NOW - 9 * HOUR + (b + m) * MINUTE; ts < NOW; ts += 4 * MINUTE) {
        if (building === 'b-4' && device === 'main' && ts < FROM) continue;
        kwh += 1 + ((b + m + ts / MINUTE) % 3);
        if (building === 'b-2' && device === 'hvac' && ts >= NOW - 4 * HOUR - 30 * MINUTE && kwh > 100) {
          kwh = 3; // the meter was replaced: its counter starts again
        }
        points.push({
          measurement: 'energy',
          tags: { building, device, circuit: device === 'main' ? 'total' : device },
          fields: { power_kw: 10, energy_kwh: Math.round(kwh * 10) / 10 },
          ts,
        });
      }
    }
  }
  return points;
}

function counting(store: TelemetryStore): { store: TelemetryStore; queries: () => number } {
  let queries = 0;
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key !== 'write' && key !== 'close') queries++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, queries: () => queries };
}

describe('today’s meter samples for the whole district at once', () => {
  let influxd: InfluxdHandle;
  let dir: string;
  const stores: TelemetryStore[] = [];
  beforeAll(async () => {
    influxd = await startInfluxd();
    dir = await mkdtemp(join(tmpdir(), 'louyu-district-meters-'));
  });
  afterAll(() =>
    stopAll(
      ...stores.map((s) => () => s.close()),
      () => influxd?.dispose(),
      () => rm(dir, { recursive: true, force: true }),
    ),
  );

  for (const kind of ['sqlite', 'influx'] as const) {
    it(`gives each meter what the per-meter read gives, on ${kind}`, { timeout: 120_000 }, async () => {
      const store =
        kind === 'sqlite'
          ? await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 })
          : await createStore({ kind: 'influx', url: influxd.url, database: 'district_meters' });
      stores.push(store);
      await store.write(readings());
      const meters = BUILDINGS.flatMap((building) => METERS.map((device) => ({ building, device })));
      const counted = counting(store);
      const district = await districtMeterSamples(counted.store, meters, FROM, NOW + 1);
      const districtQueries = counted.queries();
      let perMeterQueries = 0;
      for (const meter of meters) {
        const one = counting(store);
        const expected = await meterSamples(one.store, meter.building, meter.device, FROM, NOW + 1);
        perMeterQueries += one.queries();
        expect(expected.length).toBeGreaterThan(10);
        expect(district.get(meterKey(meter)), `${meter.building}/${meter.device}`).toEqual(expected);
      }
      // Opening readings, raw first and last hours, three hour summaries, the hour after, and the hours
      // around the reset read raw: not seven or more per meter.
      expect(districtQueries).toBeLessThanOrEqual(10);
      expect(perMeterQueries).toBeGreaterThanOrEqual(7 * meters.length);
      console.log(
        `${kind}: ${meters.length} meters, ${districtQueries} queries at once (per meter: ${perMeterQueries})`,
      );
    });
  }
});
