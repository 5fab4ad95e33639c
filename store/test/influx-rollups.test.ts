// InfluxDB 1.x set-up (databases, retention policies, the rollup continuous query) and hour rollups
// answering ranges whose raw data retention has already removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '@louyu/core';
import { startInfluxd, type InfluxdHandle } from '../../tests/harness/influxd.ts';
import { bucketStart, createStore, InfluxStore } from '../src/index.ts';

const HOUR = 3_600_000;
/**
 * The wall clock, moved back out of an hour's first 2 minutes: the hour-rollup tests' readings end a minute
 * before `now` and must reach into its hour (run in an hour's first minute, they all fell in the hour before).
 */
function nowPastHourStart(): number {
  const now = Date.now();
  const hour = bucketStart(now, HOUR);
  return now - hour < 2 * 60_000 ? hour - 60_000 : now;
}
let influxd: InfluxdHandle;
beforeAll(async () => {
  influxd = await startInfluxd();
});
afterAll(async () => {
  await influxd?.dispose();
});

async function influxql(q: string, db?: string): Promise<unknown[][]> {
  const params = new URLSearchParams({ q });
  if (db) params.set('db', db);
  const response = await fetch(`${influxd.url}/query?${params.toString()}`);
  const body = (await response.json()) as { results: { series?: { values: unknown[][] }[] }[] };
  return body.results[0]?.series?.[0]?.values ?? [];
}

describe('InfluxDB 1.x set-up', () => {
  it('creates the raw and rollup retention policies and the continuous query, and updates them', async () => {
    const first = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'setup',
      retention: { rawMs: 48 * HOUR },
    });
    await first.close();
    const rawPolicies = await influxql('SHOW RETENTION POLICIES ON "setup"');
    expect(rawPolicies).toContainEqual(['louyu_raw', '48h0m0s', '24h0m0s', 1, true]);
    expect(await influxql('SHOW RETENTION POLICIES ON "setup_rollup"')).toContainEqual([
      'louyu_rollup',
      '17520h0m0s',
      '168h0m0s',
      1,
      true,
    ]);
    const cqs = JSON.stringify(await influxql('SHOW CONTINUOUS QUERIES'));
    expect(cqs).toContain('louyu_rollup_1h');
    expect(cqs).toContain('INTO setup_rollup.louyu_rollup.:MEASUREMENT');

    // Opening again with other settings changes the policy instead of failing on "already exists".
    const second = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'setup',
      retention: { rawMs: 72 * HOUR },
    });
    await second.close();
    expect(await influxql('SHOW RETENTION POLICIES ON "setup"')).toContainEqual([
      'louyu_raw',
      '72h0m0s',
      '24h0m0s',
      1,
      true,
    ]);
  });

  it('leaves databases alone for InfluxDB 2.x and 3.x (the bucket or first write creates them)', async () => {
    const store = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'bucket_v2',
      flavor: '2.x',
    });
    const databases = JSON.stringify(await influxql('SHOW DATABASES'));
    expect(databases).not.toContain('bucket_v2');
    await expect(store.applyRetention(Date.now())).resolves.toBeUndefined();
    await store.close();
  });
});

describe('InfluxDB hour rollups', () => {
  it('answer hour steps beyond raw retention, with the hour not yet rolled up read from raw data', async () => {
    let clock = nowPastHourStart();
    const now = clock;
    const store = await InfluxStore.open({
      url: influxd.url,
      database: 'rollups',
      retention: { rawMs: 3 * HOUR },
      clock: () => clock,
    });
    const points: TelemetryPoint[] = [];
    // From half an hour before the current hour up to a minute ago: always two hours touched.
    const first = bucketStart(now, HOUR) - 30 * 60_000;
    for (let i = 0; i < 40; i++) {
      const ts = first + Math.floor((i * (now - 60_000 - first)) / 39);
      for (const building of ['b1', 'b2']) {
        points.push({
          measurement: 'parking',
          tags: { building, device: 'lot1' },
          fields: { occupied: building === 'b1' ? i : 100 + (i % 3), capacity: 300, state: 'ok' },
          ts,
        });
      }
    }
    await store.write(points);
    const from = now - 4 * HOUR;
    const to = now + HOUR;
    const expected = (building: string, agg: 'mean' | 'max' | 'last') => {
      const byHour = new Map<number, number[]>();
      for (const p of points.filter((p) => p.tags.building === building)) {
        const hour = bucketStart(p.ts, HOUR);
        byHour.set(hour, [...(byHour.get(hour) ?? []), p.fields.occupied as number]);
      }
      return [...byHour.entries()]
        .sort(([a], [b]) => a - b)
        .map(([ts, vs]) => {
          const value = {
            mean: vs.reduce((a, b) => a + b, 0) / vs.length,
            max: Math.max(...vs),
            last: vs.at(-1)!,
          }[agg];
          return { ts, value };
        });
    };
    const check = async () => {
      for (const agg of ['mean', 'max', 'last'] as const) {
        const grouped = await store.seriesByBuilding(
          { measurement: 'parking' },
          from,
          to,
          HOUR,
          agg,
          'occupied',
        );
        expect(grouped.map((b) => b.building)).toEqual(['b1', 'b2']);
        for (const { building, points: actual } of grouped) {
          const wanted = expected(building, agg);
          expect(actual.map((p) => p.ts)).toEqual(wanted.map((p) => p.ts));
          actual.forEach((p, i) => expect(p.value).toBeCloseTo(wanted[i]!.value, 9));
        }
      }
      const count = await store.series({ measurement: 'parking' }, from, to, HOUR, 'count', 'occupied');
      expect(count.reduce((sum, p) => sum + p.value, 0)).toBe(points.length);
    };

    // The continuous query has not run for the current hour: earlier hours come from rollups, the
    // current one from raw data, stitched into one answer.
    await store.backfillRollups(from, bucketStart(now - 5 * 60_000, HOUR));
    expect((await store.series({ measurement: 'parking' }, from, to, HOUR, 'count', 'occupied')).length).toBe(
      2,
    );
    await check();

    // Hours later: raw data is gone, the rollups answer alone.
    await store.backfillRollups(from, to);
    clock = now + 6 * HOUR;
    await store.applyRetention(clock);
    expect(await store.latest({ measurement: 'parking' })).toEqual([]);
    await check();
    await store.close();
  });
});

describe('InfluxDB hour rollups preferred (looks back over days of frequent readings)', () => {
  it('answer whole hours the continuous query folded from rollups, the newest from raw data', async () => {
    const now = nowPastHourStart();
    const store = await InfluxStore.open({ url: influxd.url, database: 'preferred', clock: () => now });
    const points: TelemetryPoint[] = [];
    // Every 10 minutes over the last 5 hours, for two cars of one building.
    const first = bucketStart(now, HOUR) - 5 * HOUR;
    for (let ts = first; ts < now - 60_000; ts += 10 * 60_000) {
      for (const device of ['car-1', 'car-2']) {
        const inService = device === 'car-1' || ts % (20 * 60_000) === 0 ? 1 : 0;
        points.push({
          measurement: 'elevator',
          tags: { building: 'b1', device },
          fields: { in_service: inService },
          ts,
        });
      }
    }
    await store.write(points);
    const args = [{ measurement: 'elevator' }, first, now, HOUR, 'mean', 'in_service'] as const;
    const raw = await store.seriesByDevice(...args);
    expect(raw.map((s) => s.points.length)).toEqual([6, 6]);
    // Before the continuous query ran: the hours it has not folded are missing; the newest comes from raw.
    const unfolded = await store.seriesByDevice(...args, { preferRollups: true });
    const folds = bucketStart(now - 5 * 60_000, HOUR); // the continuous query runs minutes after the hour
    expect(unfolded.map((s) => s.points)).toEqual(raw.map((s) => s.points.filter((p) => p.ts >= folds)));
    // Once folded (what the continuous query does each hour), the same figures as raw data, exactly.
    await store.backfillRollups(first, folds);
    expect(await store.seriesByDevice(...args, { preferRollups: true })).toEqual(raw);
    await store.close();
  });
});
