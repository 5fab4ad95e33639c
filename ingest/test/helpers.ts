import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryPoint } from '@louyu/core';
import { StoreError, type TelemetryStore } from '@louyu/store';
import type { PointSink } from '../src/writer.ts';

/** A fresh temporary folder and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `louyu-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Timestamps of test points start here: an hour ago, well inside every retention window. */
export const BASE_TS = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;

/** The i-th occupancy point of one floor counter: distinct ts, so every point is its own row. */
export function point(i: number, building = 'b001'): TelemetryPoint {
  return {
    measurement: 'occupancy',
    tags: { building, cluster: 'unknown', device: 'f01' },
    fields: { people: i % 500, capacity: 500 },
    ts: BASE_TS + i,
  };
}

/** How many occupancy rows the store holds for one building, counted by the store itself. */
export async function countStored(
  store: TelemetryStore,
  building = 'b001',
  count = 100_000,
): Promise<number> {
  const buckets = await store.series(
    { measurement: 'occupancy', building },
    BASE_TS - 86_400_000,
    BASE_TS + count + 86_400_000,
    86_400_000,
    'count',
    'people',
  );
  return buckets.reduce((sum, bucket) => sum + bucket.value, 0);
}

/** A real store that fails its first `failures` writes as if the database were down. */
export class FlakyStore implements PointSink {
  attempts = 0;

  constructor(
    private readonly inner: PointSink,
    public failures: number,
  ) {}

  async write(points: readonly TelemetryPoint[]): Promise<void> {
    this.attempts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new StoreError('UNAVAILABLE', 'store is down (test)');
    }
    await this.inner.write(points);
  }
}
