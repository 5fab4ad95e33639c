// The writer lingers so a partial batch can fill, counting from when the batch began to gather: when the
// store is what limits (a write took longer than the linger), the next batch goes at once, with what came
// in during that write. Lingering again after every write left the store idle while its backlog grew.
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { TelemetryPoint } from '@louyu/core';
import { SqliteStore } from '@louyu/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSpool } from '../src/spool/spool.ts';
import { Writer, type PointSink } from '../src/writer.ts';
import { BASE_TS, countStored, point, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const LINGER_MS = 100;

describe('writer linger', () => {
  it('writes the next batch at once after a write that took longer than the linger', async () => {
    const { dir, remove } = tempDir('writer-linger');
    cleanups.push(remove);
    const store = new SqliteStore({ path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    cleanups.push(() => store.close());
    const spool = openSpool({
      dir: join(dir, 'spool'),
      maxBytes: 1 << 30,
      segmentBytes: 1 << 20,
      fsync: { intervalMs: 5 },
    });
    cleanups.push(() => spool.close());

    // A slow store: the first write waits until the test lets it finish (the real store behind it).
    const writes: number[][] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const slow: PointSink = {
      async write(points: readonly TelemetryPoint[]) {
        writes.push(points.map((p) => p.ts - BASE_TS));
        if (writes.length === 1) await firstHeld;
        await store.write(points);
      },
    };
    const writer = new Writer({
      spool,
      store: slow,
      batchSize: 1000,
      lingerMs: LINGER_MS,
      retry: { minMs: 1, maxMs: 5 },
    });
    cleanups.push(() => writer.stop(30_000));

    for (let i = 0; i < 5; i++) spool.append([point(i)]);
    writer.start();
    await vi.waitFor(() => expect(writes).toHaveLength(1), { timeout: 30_000, interval: 5 });
    // Seven readings arrive while the store takes longer than a linger over the first batch.
    for (let i = 5; i < 12; i++) spool.append([point(i)]);
    await sleep(LINGER_MS * 2);
    releaseFirst();
    // Half a linger after the first write ends, more readings come: a writer that lingers again after
    // the write would take them into the second batch; this one has already sent it.
    await sleep(LINGER_MS / 2);
    for (let i = 12; i < 15; i++) spool.append([point(i)]);

    await writer.stop(30_000);
    expect(writes.slice(0, 2)).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9, 10, 11],
    ]);
    expect(writes.flat().sort((a, b) => a - b)).toEqual([...Array(15).keys()]);
    expect(await countStored(store)).toBe(15);
  });
});
