// The morning-peak history of the shortfall evaluation keeps the workday mornings that have ended
// (issue 18: reading the whole 8-day look-back again every minute was most of an evaluation on InfluxDB).
// What it returns must be what the store returns for the same spans, at every moment: while today's peak
// goes on, once it has ended, when the look-back cuts into its oldest morning, and after late readings.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '@louyu/core';
import { createStore, type TelemetryStore, type TimeRange } from '@louyu/store';
import { PeakHistory } from '../src/shortfalls/peak-history.ts';
import { morningPeakSpans } from '../src/shortfalls/shortfall-service.ts';
import { recordingWithin } from './helpers/recording-store.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LOOKBACK = 8 * DAY;
const TZ = 'Asia/Shanghai';
// Wednesday 2025-03-12, 08:00 in Shenyang: today's peak (07:30-09:30) is on.
const NOW = Date.UTC(2025, 2, 12, 0, 0, 0);

/** Queues every minute and lift readings every 30 s for two buildings, each morning 07:00-10:00. */
function mornings(): TelemetryPoint[] {
  const points: TelemetryPoint[] = [];
  for (let day = -9; day <= 1; day++) {
    const start = NOW + day * DAY - HOUR;
    for (let ts = start; ts < start + 3 * HOUR; ts += 30_000) {
      for (const building of ['alpha', 'beta']) {
        const tags = { building, cluster: 'taiyuanjie' };
        const wave = ((ts / MINUTE + day * 7 + building.length) % 17) + 1;
        if (ts % MINUTE === 0)
          points.push({
            measurement: 'parking',
            tags: { ...tags, device: 'lot-a' },
            fields: { occupied: 50, capacity: 80, queue: wave % 9, entries: 1, exits: 0 },
            ts,
          });
        points.push({
          measurement: 'elevator',
          tags: { ...tags, device: 'car-1' },
          fields: { wait_s: 10 + wave, trips: wave % 4, in_service: 1 },
          ts,
        });
      }
    }
  }
  return points;
}

describe('morning-peak history', () => {
  let dir: string;
  let store: TelemetryStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-peak-history-'));
    store = await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    await store.write(mornings());
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The store's own answer over the whole look-back. */
  const direct = async (now: number) => {
    const from = now - LOOKBACK;
    const within = morningPeakSpans(from, now, TZ);
    const [queues, waits, trips] = await Promise.all([
      store.seriesByBuilding({ measurement: 'parking' }, from, now, MINUTE, 'max', 'queue', { within }),
      store.seriesByBuilding({ measurement: 'elevator' }, from, now, 5 * MINUTE, 'mean', 'wait_s', {
        within,
      }),
      store.seriesByBuilding({ measurement: 'elevator' }, from, now, 5 * MINUTE, 'sum', 'trips', { within }),
    ]);
    return { queues, waits, trips };
  };

  it('answers as the store does, reading only what it has not kept', async () => {
    const { store: recorded, asked } = recordingWithin(store, 'seriesByBuilding');
    // Kept mornings are read again hourly (the next test): not within the hours this one steps through.
    const peaks = new PeakHistory(recorded, { refreshMs: 6 * HOUR });
    const read = (now: number) => peaks.read(now - LOOKBACK, now, morningPeakSpans(now - LOOKBACK, now, TZ));
    const hours = (spans: TimeRange[]) => spans.reduce((sum, s) => sum + (s.to - s.from), 0) / HOUR;

    // First: everything, in one query per kind.
    let now = NOW;
    expect(await read(now)).toEqual(await direct(now));
    expect(asked).toHaveLength(3);
    expect(hours(asked[0]!)).toBeGreaterThan(5 * 2);

    // Minutes later, during today's peak: today's morning, and the oldest one while the look-back (8 days
    // back to this time of day) cuts into it; not the six mornings between.
    const today = { from: NOW - 30 * MINUTE, to: NOW + 90 * MINUTE };
    const oldest = { from: today.from - 8 * DAY, to: today.to - 8 * DAY };
    for (const step of [MINUTE, MINUTE, 7 * MINUTE]) {
      now += step;
      asked.length = 0;
      expect(await read(now)).toEqual(await direct(now));
      expect(asked).toHaveLength(3);
      expect(asked[0]).toEqual([oldest, today]);
    }

    // Once today's peak ended (and settled): it is read once more, whole, then nothing at all.
    now = NOW + 2 * HOUR;
    asked.length = 0;
    expect(await read(now)).toEqual(await direct(now));
    expect(asked[0]).toEqual([today]);
    now += MINUTE;
    asked.length = 0;
    expect(await read(now)).toEqual(await direct(now));
    expect(asked).toEqual([]);

    // A week on, Wednesday 08:00: read whole again (no morning of this look-back was kept but the last
    // week's), then a minute later only the two mornings that are not over: the oldest, which the
    // look-back cuts into (Tuesday a week before), and today's.
    now = NOW + 7 * DAY;
    asked.length = 0;
    expect(await read(now)).toEqual(await direct(now));
    now += MINUTE;
    asked.length = 0;
    expect(await read(now)).toEqual(await direct(now));
    expect(asked[0]).toEqual([
      { from: today.from - DAY, to: today.to - DAY },
      { from: today.from + 7 * DAY, to: today.to + 7 * DAY },
    ]);
  });

  it('takes in late readings of an ended morning within the hour', async () => {
    const peaks = new PeakHistory(store);
    const read = (now: number) => peaks.read(now - LOOKBACK, now, morningPeakSpans(now - LOOKBACK, now, TZ));
    let now = NOW + 3 * HOUR; // 11:00, today's peak over
    await read(now);
    // A spool replayed after an outage brings a long queue of yesterday's morning.
    await store.write([
      {
        measurement: 'parking',
        tags: { building: 'alpha', cluster: 'taiyuanjie', device: 'lot-b' },
        fields: { occupied: 80, capacity: 80, queue: 40, entries: 0, exits: 0 },
        ts: NOW - DAY + 15 * MINUTE,
      },
    ]);
    now += 2 * MINUTE;
    const soon = await read(now);
    now += HOUR;
    const later = await read(now);
    expect(later).toEqual(await direct(now));
    const peakOf = (s: typeof soon) =>
      Math.max(...s.queues.find((q) => q.building === 'alpha')!.points.map((p) => p.value));
    expect(peakOf(later)).toBe(40);
    // Until then the morning read before the replay is what the evaluation sees.
    expect(peakOf(soon)).toBeLessThan(40);
  });
});
