import { join } from 'node:path';
import type { TelemetryPoint } from '@louyu/core';
import { SqliteStore } from '@louyu/store';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool } from '../src/spool/spool.ts';
import { openStoreInWorker } from '../src/store-worker/sink.ts';
import { Writer, type PointSink } from '../src/writer.ts';
import { BASE_TS, countStored, point, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// In-thread, the writer hands the store point objects; to the store worker (as `louyu start` and `louyu
// ingest` run it) a batch goes as its JSON, and the halves of a refused batch as objects.
type Sink = PointSink & { close(): Promise<void> };
const sinks: { name: string; open: (path: string) => Sink | Promise<Sink> }[] = [
  { name: 'a store on this thread', open: (path) => new SqliteStore({ path, retentionIntervalMs: 0 }) },
  {
    name: 'the store worker',
    open: (path) => openStoreInWorker({ kind: 'sqlite', path, retentionIntervalMs: 0 }),
  },
];

describe.each(sinks)('writer and a point $name refuses', ({ open }) => {
  it('splits the batch, dead-letters only the refused points and stores all the others', async () => {
    const { dir, remove } = tempDir('writer-split');
    cleanups.push(remove);
    const sink = await open(join(dir, 'louyu.db'));
    cleanups.push(() => sink.close());
    const spool = openSpool({
      dir: join(dir, 'spool'),
      maxBytes: 1 << 30,
      segmentBytes: 1 << 16,
      fsync: { intervalMs: 5 },
    });
    cleanups.push(() => spool.close());
    const refused: TelemetryPoint[] = [];
    const writer = new Writer({
      spool,
      store: sink,
      batchSize: 256,
      lingerMs: 0,
      retry: { minMs: 1, maxMs: 5 },
      onRejectedPoint: (p) => refused.push(p),
    });
    for (let i = 0; i < 1000; i++) {
      // Every 100th point has a measurement name no store can hold.
      spool.append([i % 100 === 37 ? { ...point(i), measurement: 'not a name' } : point(i)]);
    }
    writer.start();
    await writer.stop(30_000);
    expect(refused.map((p) => p.ts - BASE_TS).sort((a, b) => a - b)).toEqual(
      [...Array(10).keys()].map((k) => k * 100 + 37),
    );
    const store = new SqliteStore({ path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    cleanups.push(() => store.close());
    expect(await countStored(store)).toBe(990);
    expect(spool.depth).toBe(0);
  });
});
