// One contract for every TelemetryStore: sqlite.contract.test.ts and influx.contract.test.ts run it against
// the embedded store and a real influxd. What one store does here, the other must do the same way.
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '@louyu/core';
import {
  AGGREGATES,
  bucketCount,
  bucketStart,
  StoreError,
  stepFor,
  type Aggregate,
  type RetentionSettings,
  type TelemetryStore,
} from '../src/index.ts';

/** Makes a fresh, empty store for one test. */
export type StoreFactory = (options: { retention?: Partial<RetentionSettings> }) => Promise<TelemetryStore>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Recent enough for InfluxDB's 30-day retention policy to accept, aligned to a day so buckets are plain.
const T0 = bucketStart(Date.now() - 3 * DAY, DAY);

function occupancy(
  building: string,
  device: string,
  ts: number,
  people: number,
  extra: object = {},
): TelemetryPoint {
  return {
    measurement: 'occupancy',
    tags: { building, cluster: 'taiyuan', device },
    fields: { people, capacity: 200, ...extra },
    ts,
  };
}

/** The answer every store must give, computed the obvious way. */
function expected(
  points: TelemetryPoint[],
  field: string,
  from: number,
  to: number,
  step: number,
  agg: Aggregate,
) {
  const start = bucketStart(from, step);
  const end = bucketStart(to - 1, step) + step;
  const buckets = new Map<number, { ts: number; v: number }[]>();
  for (const p of points) {
    const v = p.fields[field];
    if (typeof v !== 'number' || p.ts < start || p.ts >= end) continue;
    const b = bucketStart(p.ts, step);
    buckets.set(b, [...(buckets.get(b) ?? []), { ts: p.ts, v }]);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ts, values]) => {
      const vs = values.map((x) => x.v);
      const sum = vs.reduce((a, b) => a + b, 0);
      const last = values.reduce((a, b) => (b.ts >= a.ts ? b : a));
      const value = {
        mean: sum / vs.length,
        min: Math.min(...vs),
        max: Math.max(...vs),
        sum,
        count: vs.length,
        last: last.v,
      }[agg];
      return { ts, value };
    });
}

function expectSeries(actual: { ts: number; value: number }[], wanted: { ts: number; value: number }[]) {
  expect(actual.map((p) => p.ts)).toEqual(wanted.map((p) => p.ts));
  actual.forEach((p, i) => expect(p.value).toBeCloseTo(wanted[i]!.value, 6));
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** Registers the contract suite for one store implementation. */
export function telemetryStoreContract(name: string, factory: StoreFactory): void {
  describe(`TelemetryStore contract: ${name}`, () => {
    const open: TelemetryStore[] = [];
    const make = async (options: { retention?: Partial<RetentionSettings> } = {}) => {
      const store = await factory(options);
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });

    it('returns the latest point of every series after a write', async () => {
      const store = await make();
      await store.write([
        occupancy('b1', 'f01', T0, 10),
        occupancy('b1', 'f01', T0 + 5_000, 12),
        occupancy('b1', 'f02', T0 + 1_000, 30),
        occupancy('b2', 'f01', T0 + 2_000, 7),
      ]);
      const latest = await store.latest({ measurement: 'occupancy', building: 'b1' });
      const byDevice = new Map(latest.map((p) => [p.tags.device, p]));
      expect(latest).toHaveLength(2);
      expect(byDevice.get('f01')).toEqual(occupancy('b1', 'f01', T0 + 5_000, 12));
      expect(byDevice.get('f02')).toEqual(occupancy('b1', 'f02', T0 + 1_000, 30));
      expect(await store.latest({ measurement: 'parking' })).toEqual([]);
    });

    it('returns, within a range, the latest point of each series that has one there', async () => {
      const store = await make();
      await store.write([
        occupancy('b1', 'f01', T0, 10),
        occupancy('b1', 'f01', T0 + 5_000, 12),
        occupancy('b1', 'f02', T0 + 1_000, 30),
      ]);
      const range = async (from: number, to: number) =>
        (await store.latest({ measurement: 'occupancy' }, { from, to }))
          .map((p) => `${p.tags.device} ${p.ts - T0}`)
          .sort();
      expect(await range(T0, T0 + 5_000)).toEqual(['f01 0', 'f02 1000']);
      expect(await range(T0 + 2_000, T0 + 10_000)).toEqual(['f01 5000']);
      expect(await range(T0 + 6_000, T0 + 10_000)).toEqual([]);
      await expect(store.latest({ measurement: 'occupancy' }, { from: T0, to: T0 })).rejects.toMatchObject({
        code: 'INVALID_QUERY',
      });
    });

    it('overwrites a replayed point instead of counting it twice', async () => {
      const store = await make();
      const batch = Array.from({ length: 20 }, (_, i) => occupancy('b1', 'f01', T0 + i * 1_000, i));
      await store.write(batch);
      const replay = batch.map((p) => (p.ts === T0 + 19_000 ? occupancy('b1', 'f01', p.ts, 100) : p));
      await store.write(replay);
      await store.write(replay);
      const filter = { measurement: 'occupancy', building: 'b1' };
      for (const step of [10_000, MINUTE, HOUR]) {
        expectSeries(
          await store.series(filter, T0, T0 + HOUR, step, 'count', 'people'),
          expected(replay, 'people', T0, T0 + HOUR, step, 'count'),
        );
        expectSeries(
          await store.series(filter, T0, T0 + HOUR, step, 'sum', 'people'),
          expected(replay, 'people', T0, T0 + HOUR, step, 'sum'),
        );
        const max = await store.series(filter, T0, T0 + HOUR, step, 'max', 'people');
        expect(max.at(-1)).toEqual({ ts: bucketStart(T0 + 19_000, step), value: 100 });
      }
      const [latest] = await store.latest(filter);
      expect(latest?.fields.people).toBe(100);
    });

    it('aggregates buckets aligned to the step with every aggregate, for raw, minute and hour steps', async () => {
      const store = await make();
      const points: TelemetryPoint[] = [];
      for (let i = 0; i < 240; i++) {
        // Two devices, uneven values and gaps, over four hours.
        points.push(occupancy('b1', 'f01', T0 + i * MINUTE + 7_000, (i * 37) % 101));
        if (i % 3 === 0) points.push(occupancy('b1', 'f02', T0 + i * MINUTE + 31_000, (i * 13) % 57));
      }
      await store.write(points);
      const filter = { measurement: 'occupancy', building: 'b1' };
      const from = T0 + 25 * MINUTE + 3_000;
      const to = T0 + 200 * MINUTE + 1_000;
      for (const step of [30_000, 15 * MINUTE, HOUR]) {
        for (const agg of AGGREGATES) {
          const actual = await store.series(filter, from, to, step, agg, 'people');
          expectSeries(actual, expected(points, 'people', from, to, step, agg));
          expect(actual.length).toBeLessThanOrEqual(bucketCount(from, to, step));
        }
      }
    });

    it('returns at most the number of points a chart asks for', async () => {
      const store = await make();
      const points = Array.from({ length: 2_000 }, (_, i) =>
        occupancy('b1', 'f01', T0 + i * 10_000 + 123, i % 50),
      );
      await store.write(points);
      const from = T0 + 4_321;
      const to = T0 + 2_000 * 10_000;
      for (const width of [10, 37, 120, 500]) {
        const step = stepFor(from, to, width);
        const actual = await store.series({ measurement: 'occupancy' }, from, to, step, 'mean', 'people');
        expect(actual.length).toBeGreaterThan(0);
        expect(actual.length).toBeLessThanOrEqual(width);
      }
    });

    it('filters by building list, device and further tags', async () => {
      const store = await make();
      const energy = (building: string, device: string, circuit: string, kw: number): TelemetryPoint => ({
        measurement: 'energy',
        tags: { building, cluster: 'beishi', device, circuit },
        fields: { power_kw: kw, energy_kwh: kw * 10 },
        ts: T0 + 1_000,
      });
      await store.write([
        energy('b1', 'm1', 'hvac', 1),
        energy('b1', 'm2', 'lighting', 2),
        energy('b2', 'm1', 'hvac', 4),
        energy('b3', 'm1', 'hvac', 8),
      ]);
      const sum = async (filter: Parameters<TelemetryStore['series']>[0]) =>
        (await store.series(filter, T0, T0 + MINUTE, MINUTE, 'sum', 'power_kw'))[0]?.value ?? 0;
      expect(await sum({ measurement: 'energy' })).toBe(15);
      expect(await sum({ measurement: 'energy', building: ['b1', 'b3'] })).toBe(11);
      expect(await sum({ measurement: 'energy', building: [] })).toBe(0);
      expect(await sum({ measurement: 'energy', building: 'b1', device: 'm2' })).toBe(2);
      expect(await sum({ measurement: 'energy', tags: { circuit: 'hvac' } })).toBe(13);
      expect(await sum({ measurement: 'energy', building: 'b2', tags: { circuit: 'lighting' } })).toBe(0);
      const latest = await store.latest({ measurement: 'energy', device: 'm1', tags: { circuit: 'hvac' } });
      expect(latest.map((p) => p.tags.building).sort()).toEqual(['b1', 'b2', 'b3']);
    });

    it('keeps string and boolean fields with their types', async () => {
      const store = await make();
      await store.write([
        {
          measurement: 'elevator',
          tags: { building: 'b1', device: 'car1' },
          fields: { state: 'fault', fault: 'E42', floor: 3 },
          ts: T0,
        },
        {
          measurement: 'gateway_status',
          tags: { building: 'b1', cluster: 'x' },
          fields: { online: false },
          ts: T0,
        },
        {
          measurement: 'gateway_status',
          tags: { building: 'b2', cluster: 'x' },
          fields: { online: true },
          ts: T0,
        },
      ]);
      const [car] = await store.latest({ measurement: 'elevator', building: 'b1', device: 'car1' });
      expect(car?.fields).toEqual({ state: 'fault', fault: 'E42', floor: 3 });
      const status = await store.latest({ measurement: 'gateway_status' });
      expect(Object.fromEntries(status.map((p) => [p.tags.building, p.fields.online]))).toEqual({
        b1: false,
        b2: true,
      });
    });

    it('stores special characters in tag values and strings exactly', async () => {
      const store = await make();
      const tagValue = "a b,c\"d\\e=f 'q' 中文 和平区";
      const text = 'say "hi", \\path\\to=x\nline two 中文 \'single\'';
      const point: TelemetryPoint = {
        measurement: 'ba',
        tags: { building: 'b1', device: 'head', system: tagValue },
        fields: { note: text, devices_total: 3 },
        ts: T0,
      };
      await store.write([
        point,
        { ...point, tags: { ...point.tags, system: 'plain' }, fields: { note: 'other', devices_total: 5 } },
      ]);
      const found = await store.latest({ measurement: 'ba', tags: { system: tagValue } });
      expect(found).toEqual([point]);
      const total = await store.series(
        { measurement: 'ba', tags: { system: tagValue } },
        T0,
        T0 + MINUTE,
        MINUTE,
        'sum',
        'devices_total',
      );
      expect(total).toEqual([{ ts: T0, value: 3 }]);
    });

    it('refuses or escapes hostile filter values so they cannot change the query', async () => {
      const store = await make();
      await store.write([occupancy('b1', 'f01', T0, 1), occupancy('b2', 'f01', T0, 2)]);
      for (const building of ["b1' OR 1=1 --", 'b1" OR "1"="1', 'b1\\', 'B1', '../b1']) {
        const error = await rejection(store.latest({ measurement: 'occupancy', building }));
        expect(error.code).toBe('INVALID_QUERY');
        expect(error.canRetry()).toBe(false);
      }
      await rejection(store.latest({ measurement: 'occupancy', device: "f01' OR device =~ /.*/" }));
      await rejection(store.latest({ measurement: 'occupancy"; DROP DATABASE x; --' }));
      await rejection(
        store.latest({ measurement: 'occupancy', tags: { 'cluster" = \'taiyuan\' OR "x': 'y' } }),
      );
      await rejection(
        store.series({ measurement: 'occupancy' }, T0, T0 + MINUTE, MINUTE, 'mean', 'people") FROM x; --'),
      );
      await rejection(
        store.series({ measurement: 'occupancy' }, T0, T0 + MINUTE, MINUTE, 'median' as Aggregate, 'people'),
      );
      // Printable tag values are escaped: they match nothing rather than everything.
      for (const cluster of ["taiyuan' OR building = 'b2", "x' OR '1'='1", "taiyuan\\' OR 'a'='a"]) {
        expect(await store.latest({ measurement: 'occupancy', tags: { cluster } })).toEqual([]);
      }
      expect(await store.latest({ measurement: 'occupancy' })).toHaveLength(2);
    });

    it('refuses a batch holding an invalid point without writing any of it', async () => {
      const store = await make();
      const bad: TelemetryPoint[] = [
        { ...occupancy('b1', 'f01', T0, 1), fields: { people: Number.NaN } },
        { ...occupancy('b1', 'f01', T0, 1), fields: {} },
        { ...occupancy('b1', 'f01', T0, 1), tags: { building: 'b1', device: 'line\nbreak' } },
        { ...occupancy('b1', 'f01', T0, 1), tags: { building: '' } },
        { ...occupancy('b1', 'f01', T0, 1), tags: { building: 'ends with \\' } },
        { ...occupancy('b1', 'f01', T0, 1), measurement: 'occ upancy' },
        { ...occupancy('b1', 'f01', T0, 1), ts: 1.5 },
      ];
      for (const point of bad) {
        const error = await rejection(store.write([occupancy('b1', 'f02', T0, 5), point]));
        expect(error.code).toBe('INVALID_POINT');
        expect(error.canRetry()).toBe(false);
      }
      expect(await store.latest({ measurement: 'occupancy' })).toEqual([]);
    });

    it('drops raw points older than the retention limit', async () => {
      const store = await make({ retention: { rawMs: HOUR } });
      expect(store.retention.rawMs).toBe(HOUR);
      const now = Date.now();
      await store.write([
        occupancy('b1', 'f01', now - 50 * MINUTE, 1),
        occupancy('b1', 'f02', now - 50 * MINUTE, 2),
      ]);
      await store.write([occupancy('b1', 'f01', now - 10 * MINUTE, 3)]);
      await store.applyRetention(now + 20 * MINUTE);
      const latest = await store.latest({ measurement: 'occupancy' });
      expect(latest.map((p) => [p.tags.device, p.fields.people])).toEqual([['f01', 3]]);
      const raw = await store.series({ measurement: 'occupancy' }, now - HOUR, now, 1_000, 'count', 'people');
      expect(raw.map((p) => p.value)).toEqual([1]);
    });

    it('groups a district-wide series by building', async () => {
      const store = await make();
      const points: TelemetryPoint[] = [];
      for (const [b, base] of [
        ['b3', 30],
        ['b1', 10],
        ['b2', 20],
      ] as const) {
        for (let i = 0; i < 6; i++) points.push(occupancy(b, `f0${i % 2}`, T0 + i * 20 * MINUTE, base + i));
      }
      await store.write(points);
      const grouped = await store.seriesByBuilding(
        { measurement: 'occupancy' },
        T0,
        T0 + 2 * HOUR,
        HOUR,
        'sum',
        'people',
      );
      expect(grouped.map((g) => g.building)).toEqual(['b1', 'b2', 'b3']);
      expect(grouped[0]?.points).toEqual([
        { ts: T0, value: 10 + 11 + 12 },
        { ts: T0 + HOUR, value: 13 + 14 + 15 },
      ]);
      const some = await store.seriesByBuilding(
        { measurement: 'occupancy', building: ['b2'] },
        T0,
        T0 + HOUR,
        HOUR,
        'max',
        'people',
      );
      expect(some).toEqual([{ building: 'b2', points: [{ ts: T0, value: 22 }] }]);
    });

    it('groups a district-wide series by building and device, for any of several devices', async () => {
      const store = await make();
      const points: TelemetryPoint[] = [];
      for (const [b, base] of [
        ['b2', 20],
        ['b1', 10],
      ] as const) {
        for (let i = 0; i < 6; i++) points.push(occupancy(b, `f0${i % 3}`, T0 + i * 20 * MINUTE, base + i));
      }
      await store.write([...points, { ...occupancy('b1', 'f00', T0, 1), tags: { device: 'f00' } }]);
      const all = await store.seriesByDevice(
        { measurement: 'occupancy' },
        T0,
        T0 + 2 * HOUR,
        HOUR,
        'sum',
        'people',
      );
      expect(all.map((s) => `${s.building}/${s.device}`)).toEqual([
        'b1/f00',
        'b1/f01',
        'b1/f02',
        'b2/f00',
        'b2/f01',
        'b2/f02',
      ]);
      expect(all[0]).toEqual({
        building: 'b1',
        device: 'f00',
        points: [
          { ts: T0, value: 10 },
          { ts: T0 + HOUR, value: 13 },
        ],
      });
      const some = await store.seriesByDevice(
        { measurement: 'occupancy', device: ['f02', 'f00'] },
        T0,
        T0 + HOUR,
        30 * MINUTE,
        'max',
        'people',
      );
      expect(some).toEqual([
        { building: 'b1', device: 'f00', points: [{ ts: T0, value: 10 }] },
        { building: 'b1', device: 'f02', points: [{ ts: T0 + 30 * MINUTE, value: 12 }] },
        { building: 'b2', device: 'f00', points: [{ ts: T0, value: 20 }] },
        { building: 'b2', device: 'f02', points: [{ ts: T0 + 30 * MINUTE, value: 22 }] },
      ]);
      expect(
        await store.seriesByDevice(
          { measurement: 'occupancy', device: [] },
          T0,
          T0 + HOUR,
          HOUR,
          'max',
          'people',
        ),
      ).toEqual([]);
      await expect(
        store.seriesByDevice(
          { measurement: 'occupancy', device: ['f00', 'F 1'] },
          T0,
          T0 + HOUR,
          HOUR,
          'max',
          'people',
        ),
      ).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    });

    it('reads only the buckets that start within the given spans, each over its whole width', async () => {
      const store = await make();
      const points: TelemetryPoint[] = [];
      for (let i = 0; i < 12; i++) {
        points.push(
          occupancy('b1', 'f01', T0 + i * 10 * MINUTE, i),
          occupancy('b2', 'f01', T0 + i * 10 * MINUTE, 100 + i),
        );
      }
      await store.write(points);
      const args = [
        { measurement: 'occupancy' },
        T0 + 5 * MINUTE,
        T0 + 2 * HOUR,
        30 * MINUTE,
        'sum',
        'people',
      ] as const;
      const whole = await store.seriesByBuilding(...args);
      const within = [
        { from: T0 + 70 * MINUTE, to: T0 + 95 * MINUTE },
        { from: T0 - HOUR, to: T0 + 10 * MINUTE },
        { from: T0 + 90 * MINUTE, to: T0 + 100 * MINUTE },
      ];
      const some = await store.seriesByBuilding(...args, { within });
      // The buckets starting at T0 (before the range's start, overlapping it) and T0 + 90 min, nothing else.
      expect(some).toEqual(
        whole.map((s) => ({
          ...s,
          points: s.points.filter((p) => p.ts === T0 || p.ts === T0 + 90 * MINUTE),
        })),
      );
      expect(some[0]?.points).toEqual([
        { ts: T0, value: 0 + 1 + 2 },
        { ts: T0 + 90 * MINUTE, value: 9 + 10 + 11 },
      ]);
      const byDevice = await store.seriesByDevice(...args, { within, preferRollups: true });
      expect(byDevice.map((s) => [s.building, s.device, s.points])).toEqual(
        some.map((s) => [s.building, 'f01', s.points]),
      );
      expect(await store.seriesByBuilding(...args, { within: [] })).toEqual([]);
      await expect(store.seriesByBuilding(...args, { within: [{ from: T0, to: T0 }] })).rejects.toMatchObject(
        {
          code: 'INVALID_QUERY',
        },
      );
    });

    it('writes a batch of 10,000 points', async () => {
      const store = await make();
      const points = Array.from({ length: 10_000 }, (_, i) =>
        occupancy(`b${i % 20}`, `f${Math.floor(i / 20) % 5}`, T0 + Math.floor(i / 100) * 1_000, i % 7),
      );
      await store.write(points);
      const count = await store.series({ measurement: 'occupancy' }, T0, T0 + HOUR, HOUR, 'count', 'people');
      expect(count).toEqual([{ ts: T0, value: 10_000 }]);
      expect(await store.latest({ measurement: 'occupancy' })).toHaveLength(100);
    });

    it('returns raw points in a range, newest first, at most the limit, with their tags and fields', async () => {
      const store = await make();
      const event = (device: string, ts: number, event: string): TelemetryPoint => ({
        measurement: 'alarm_event',
        tags: { building: 'b1', device, type: 'elevator_fault' },
        fields: { event, severity: 'major', raised_at: T0, detail: `car ${device} "E42"` },
        ts,
      });
      const written = [
        event('car1', T0 + 1_000, 'raised'),
        event('car2', T0 + 2_000, 'raised'),
        event('car1', T0 + 3_000, 'acknowledged'),
        event('car1', T0 + 4_000, 'cleared'),
        event('car2', T0 + 5_000, 'cleared'),
        { ...event('car1', T0 + 6_000, 'raised'), tags: { building: 'b2', device: 'car1', type: 'fire' } },
      ];
      await store.write(written);
      const all = await store.points({ measurement: 'alarm_event' }, T0, T0 + MINUTE, 100);
      expect(all).toEqual([...written].reverse());
      // The range is [from, to); the limit keeps the newest across every series.
      const some = await store.points({ measurement: 'alarm_event' }, T0 + 2_000, T0 + 6_000, 3);
      expect(some.map((p) => p.ts)).toEqual([T0 + 5_000, T0 + 4_000, T0 + 3_000]);
      const car1 = await store.points(
        { measurement: 'alarm_event', building: 'b1', device: 'car1' },
        T0,
        T0 + MINUTE,
        10,
      );
      expect(car1.map((p) => p.fields.event)).toEqual(['cleared', 'acknowledged', 'raised']);
      const fires = await store.points(
        { measurement: 'alarm_event', tags: { type: 'fire' } },
        T0,
        T0 + MINUTE,
        10,
      );
      expect(fires).toEqual([written[5]]);
      expect(await store.points({ measurement: 'alarm_event', building: [] }, T0, T0 + MINUTE, 10)).toEqual(
        [],
      );
      expect(await store.points({ measurement: 'parking' }, T0, T0 + MINUTE, 10)).toEqual([]);
    });

    it('refuses a points query without a bound or with a bad range', async () => {
      const store = await make();
      const filter = { measurement: 'occupancy' };
      for (const [from, to, limit] of [
        [T0, T0 + MINUTE, 0],
        [T0, T0 + MINUTE, 10_001],
        [T0, T0 + MINUTE, 1.5],
        [T0 + MINUTE, T0, 10],
        [-1, T0, 10],
      ] as const) {
        const error = await rejection(store.points(filter, from, to, limit));
        expect(error.code).toBe('INVALID_QUERY');
      }
      await rejection(store.points({ measurement: 'occupancy', building: "b1' OR 1=1" }, T0, T0 + 1, 1));
    });

    it('answers ping while open', async () => {
      const store = await make();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
