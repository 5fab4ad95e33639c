// The embedded store answers long ranges from its hour rollups, which outlive the raw points.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '@louyu/core';
import { bucketStart, SqliteStore } from '../src/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dir = mkdtempSync(join(tmpdir(), 'louyu-sqlite-rollups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function power(building: string, ts: number, kw: number): TelemetryPoint {
  return {
    measurement: 'energy',
    tags: { building, device: 'main', circuit: 'total' },
    fields: { power_kw: kw },
    ts,
  };
}

describe('SQLite rollups', () => {
  it('answer a two-month range at hour steps after the raw points are gone', async () => {
    const path = join(dir, 'long.db');
    const store = new SqliteStore({ path, retentionIntervalMs: 0, retention: { rawMs: 7 * DAY } });
    const start = bucketStart(Date.UTC(2026, 0, 1), DAY);
    const points: TelemetryPoint[] = [];
    // Every 10 minutes for 60 days, two buildings: 17,280 points.
    for (let ts = start; ts < start + 60 * DAY; ts += 10 * 60_000) {
      points.push(power('b1', ts, (ts / 60_000) % 7), power('b2', ts, 10));
    }
    for (let i = 0; i < points.length; i += 5_000) await store.write(points.slice(i, i + 5_000));
    const before = await store.series(
      { measurement: 'energy' },
      start,
      start + 60 * DAY,
      DAY,
      'mean',
      'power_kw',
    );

    await store.applyRetention(start + 60 * DAY);
    const db = new Database(path, { readonly: true });
    const raw = db.prepare('SELECT count(*) FROM points').pluck().get() as number;
    db.close();
    expect(raw).toBe(2 * 7 * 24 * 6); // only the last week of raw points is left

    const after = await store.series(
      { measurement: 'energy' },
      start,
      start + 60 * DAY,
      DAY,
      'mean',
      'power_kw',
    );
    expect(after).toHaveLength(60);
    after.forEach((p, i) => expect(p.value).toBeCloseTo(before[i]!.value, 9));
    const count = await store.series(
      { measurement: 'energy' },
      start,
      start + 60 * DAY,
      60 * DAY,
      'count',
      'power_kw',
    );
    // Epoch-aligned 60-day buckets: the range touches two of them, and every point is counted once.
    expect(count).toHaveLength(2);
    expect(count.reduce((sum, p) => sum + p.value, 0)).toBe(points.length);
    const byBuilding = await store.seriesByBuilding(
      { measurement: 'energy' },
      start,
      start + 60 * DAY,
      30 * DAY,
      'max',
      'power_kw',
    );
    expect(byBuilding.map((b) => [b.building, Math.max(...b.points.map((p) => p.value))])).toEqual([
      ['b1', 6],
      ['b2', 10],
    ]);
    // Raw steps see only what raw retention kept.
    const rawCount = await store.series(
      { measurement: 'energy' },
      start,
      start + 60 * DAY,
      10 * DAY + 1,
      'count',
      'power_kw',
    );
    expect(rawCount.reduce((sum, p) => sum + p.value, 0)).toBe(raw);
    await store.close();
  });

  it('drop minute and hour rollups at their own retention', async () => {
    const store = new SqliteStore({
      path: join(dir, 'tiers.db'),
      retentionIntervalMs: 0,
      retention: { rawMs: HOUR, minuteRollupMs: DAY, rollupMs: 10 * DAY },
    });
    const now = Date.UTC(2026, 5, 1);
    await store.write([
      power('b1', now - 20 * DAY, 1),
      power('b1', now - 5 * DAY, 2),
      power('b1', now - 1_000, 3),
    ]);
    await store.applyRetention(now);
    const minutes = await store.series(
      { measurement: 'energy' },
      now - 30 * DAY,
      now,
      60_000,
      'sum',
      'power_kw',
    );
    const hours = await store.series({ measurement: 'energy' }, now - 30 * DAY, now, HOUR, 'sum', 'power_kw');
    expect(minutes.map((p) => p.value)).toEqual([3]);
    expect(hours.map((p) => p.value)).toEqual([2, 3]);
    await store.close();
  });

  it('keep the rollups exact when a replay mixes old and new points in one bucket', async () => {
    const store = new SqliteStore({ path: ':memory:', retentionIntervalMs: 0 });
    const t = Date.UTC(2026, 5, 1, 8);
    await store.write([power('b1', t, 1), power('b1', t + 10_000, 2)]);
    // Replay one point with a new value, add one new point to the same minute and hour.
    await store.write([power('b1', t + 10_000, 5), power('b1', t + 20_000, 4)]);
    for (const step of [60_000, HOUR]) {
      const q = (agg: 'count' | 'sum' | 'min' | 'max' | 'last' | 'mean') =>
        store.series({ measurement: 'energy' }, t, t + HOUR, step, agg, 'power_kw');
      expect(await q('count')).toEqual([{ ts: t, value: 3 }]);
      expect(await q('sum')).toEqual([{ ts: t, value: 10 }]);
      expect(await q('max')).toEqual([{ ts: t, value: 5 }]);
      expect(await q('last')).toEqual([{ ts: t, value: 4 }]);
    }
    await store.close();
  });
});

describe('SQLite file', () => {
  it('keeps its points, series and rollups when it is opened again', async () => {
    const path = join(dir, 'nested', 'reopen.db');
    const t = Date.UTC(2026, 5, 1, 8);
    const first = new SqliteStore({ path, retentionIntervalMs: 0 });
    await first.write([power('b1', t, 1), power('b2', t, 2)]);
    await first.close();
    await expect(first.latest({ measurement: 'energy' })).rejects.toMatchObject({ code: 'CLOSED' });

    const second = new SqliteStore({ path, retentionIntervalMs: 0 });
    expect((await second.latest({ measurement: 'energy' })).map((p) => p.tags.building).sort()).toEqual([
      'b1',
      'b2',
    ]);
    // The series catalogue was reloaded: writing a known series again reuses it and replays stay idempotent.
    await second.write([power('b1', t, 7), power('b3', t, 3)]);
    expect(await second.series({ measurement: 'energy' }, t, t + HOUR, HOUR, 'sum', 'power_kw')).toEqual([
      { ts: t, value: 12 },
    ]);
    expect(await second.latest({ measurement: 'energy' })).toHaveLength(3);
    await second.close();
  });
});
