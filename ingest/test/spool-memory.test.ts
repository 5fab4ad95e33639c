// The spool keeps what it has just appended in memory too (the records' bytes), so the writer does not read
// back what it was handed a moment ago. These tests hold it to reading exactly what the files hold: the same
// points in the same order, whether a record comes from memory or from disk, across gaps where the budget
// ran out.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TelemetryPoint } from '@louyu/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool, type Spool, type SpoolBatch, type SpoolOptions } from '../src/spool/spool.ts';
import { point, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function open(options: Partial<SpoolOptions> = {}): { spool: Spool; dir: string } {
  const { dir, remove } = tempDir('spool-memory');
  cleanups.push(remove);
  const spool = openSpool({
    dir,
    maxBytes: 1 << 30,
    segmentBytes: 4096,
    fsync: { intervalMs: 5 },
    ...options,
  });
  cleanups.push(() => spool.close());
  return { spool, dir };
}

/** One record: two points, so records and points are told apart. */
function record(i: number): TelemetryPoint[] {
  return [point(2 * i), point(2 * i + 1)];
}

function appendAll(spool: Spool, records: readonly TelemetryPoint[][]): Promise<void> {
  for (const points of records) spool.append(points);
  return spool.written();
}

/**
 * Overwrites every segment file with zeros (same sizes): a record read from disk after this is corrupt, so a
 * read that succeeds came from memory.
 */
function zeroSegments(dir: string): void {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.seg'))) {
    const file = join(dir, name);
    writeFileSync(file, Buffer.alloc(statSync(file).size));
  }
}

function drainBatches(spool: Spool, maxPoints: number): SpoolBatch[] {
  const batches: SpoolBatch[] = [];
  for (let batch = spool.read(maxPoints); batch; batch = spool.read(maxPoints)) {
    batches.push(batch);
    spool.commit(batch);
  }
  return batches;
}

describe('spool memory of recent records', () => {
  it('hands the writer the appended records from memory, without a disk read', async () => {
    const { spool, dir } = open();
    const appended = Array.from({ length: 50 }, (_, i) => record(i));
    await appendAll(spool, appended);
    zeroSegments(dir);
    const batch = spool.read(1000);
    expect(batch?.count).toBe(100);
    expect(batch?.records).toBe(50);
    expect(batch?.points).toEqual(appended.flat());
    // As the store's thread gets them: one JSON array of the batch's points.
    expect(JSON.parse(Buffer.from(batch!.json()).toString('utf8'))).toEqual(appended.flat());
  });

  it('reads from disk, and finds corrupt, what the memory did not keep', async () => {
    const { spool, dir } = open({ memoryBytes: 0 });
    await appendAll(spool, [record(0)]);
    zeroSegments(dir);
    expect(() => spool.read(1000)).toThrow(/corrupt/);
  });

  it('reads the same batches, points and positions with the memory on as with it off', async () => {
    const appended = Array.from({ length: 300 }, (_, i) => record(i));
    const runs: { ts: number[]; records: number; bytes: number; end: unknown }[][] = [];
    for (const memoryBytes of [0, 1 << 20, 2000]) {
      const { spool } = open({ memoryBytes });
      await appendAll(spool, appended);
      runs.push(
        drainBatches(spool, 37).map((b) => ({
          ts: b.points.map((p) => p.ts),
          records: b.records,
          bytes: b.bytes,
          end: b.end,
        })),
      );
    }
    expect(runs[0]?.flatMap((b) => b.ts)).toEqual(appended.flat().map((p) => p.ts));
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('reads records past the memory budget from disk, then goes back to memory once it has room', async () => {
    // Room for about 10 records: the next 20 go to disk only, then the writer drains and memory is used again.
    const { spool, dir } = open({ memoryBytes: 10 * 260 });
    const first = Array.from({ length: 30 }, (_, i) => record(i));
    await appendAll(spool, first);
    const drained = drainBatches(spool, 6);
    const points = drained.flatMap((b) => b.points);
    expect(points).toEqual(first.flat());

    const later = record(100);
    await appendAll(spool, [later]);
    zeroSegments(dir);
    expect(spool.read(10)?.points).toEqual(later);
  });

  it('reads a released batch again, from disk, in the same order', async () => {
    const { spool } = open();
    const appended = Array.from({ length: 20 }, (_, i) => record(i));
    await appendAll(spool, appended);
    const batch = spool.read(10) as SpoolBatch;
    spool.release(batch);
    const again = drainBatches(spool, 10);
    expect(again.flatMap((b) => b.points.map((p) => p.ts))).toEqual(appended.flat().map((p) => p.ts));
    expect(again[0]?.points).toEqual(batch.points);
  });

  it('replays from disk after a reopen what was held in memory and never stored', async () => {
    const { spool, dir } = open();
    const appended = Array.from({ length: 40 }, (_, i) => record(i));
    await appendAll(spool, appended);
    await spool.close();
    const reopened = openSpool({ dir, maxBytes: 1 << 30, segmentBytes: 4096, fsync: { intervalMs: 5 } });
    cleanups.push(() => reopened.close());
    const points = drainBatches(reopened, 25).flatMap((b) => b.points);
    expect(points).toEqual(appended.flat());
  });
});
