// What ingest's writer learns from the InfluxDB store's errors: retry when the database is away, never when
// the data or the query is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '@louyu/core';
import { freePort, startInfluxd, type InfluxdHandle } from '../../tests/harness/influxd.ts';
import { stopAll } from '../../tests/harness/stop-all.ts';
import { canRetry, createStore, StoreError, type TelemetryStore } from '../src/index.ts';

let influxd: InfluxdHandle;
let store: TelemetryStore;
beforeAll(async () => {
  influxd = await startInfluxd();
  store = await createStore({ kind: 'influx', url: influxd.url, database: 'retry', timeoutMs: 5_000 });
});
afterAll(() =>
  stopAll(
    () => store?.close(),
    () => influxd?.dispose(),
  ),
);

const now = Date.now();
const point = (device: string, fields: TelemetryPoint['fields'], ts = now - 60_000): TelemetryPoint => ({
  measurement: 'elevator',
  tags: { building: 'b1', device },
  fields,
  ts,
});

async function failure(promise: Promise<unknown>): Promise<StoreError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('InfluxDB store errors', () => {
  it('says retry when nothing listens at the URL', async () => {
    const away = await createStore({
      kind: 'influx',
      url: `http://127.0.0.1:${await freePort()}`,
      database: 'x',
      setup: false,
    });
    const error = await failure(away.write([point('car1', { floor: 1 })]));
    expect(error.code).toBe('UNAVAILABLE');
    expect(canRetry(error)).toBe(true);
    await expect(away.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('says do not retry when InfluxDB refuses the data (field type conflict)', async () => {
    await store.write([point('car2', { floor: 3 })]);
    const error = await failure(store.write([point('car2', { floor: 'third' }, now - 30_000)]));
    expect(error.code).toBe('REJECTED');
    expect(error.canRetry()).toBe(false);
    expect(error.message).toMatch(/field type conflict/);
  });

  it('turns an InfluxQL error sent with HTTP 200 into a thrown error', async () => {
    await store.write([point('car3', { online: true })]);
    const error = await failure(
      store.series({ measurement: 'elevator' }, now - 3_600_000, now, 60_000, 'mean', 'online'),
    );
    expect(error.code).toBe('REJECTED');
    expect(error.canRetry()).toBe(false);
    expect(error.message).toMatch(/InfluxQL error/);
  });

  it('says retry while influxd is stopped, and keeps its data across the restart', async () => {
    await store.write([point('car4', { floor: 7 })]);
    await influxd.stop();
    const error = await failure(store.write([point('car4', { floor: 8 }, now - 10_000)]));
    expect(error.canRetry()).toBe(true);
    await expect(store.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await influxd.restart();
    await store.ping();
    await store.write([point('car4', { floor: 8 }, now - 10_000)]);
    const [latest] = await store.latest({ measurement: 'elevator', device: 'car4' });
    expect(latest?.fields).toEqual({ floor: 8 });
    const count = await store.series(
      { measurement: 'elevator', device: 'car4' },
      now - 3_600_000,
      now,
      3_600_000,
      'count',
      'floor',
    );
    expect(count.reduce((sum, p) => sum + p.value, 0)).toBe(2);
  });
});
