// Issue 14, item 4: a write the disk refuses (ENOSPC, EFBIG) is not a spooled message. The refused turn's
// messages are not counted in messages_spooled_total, the spool-full hook is raised with the reason (the
// `spool_full` alarm), the status says not ready, and all of it lifts once a write succeeds again.
// The disk is made to refuse by a stand-in for the one function that writes segment files (the real
// refusal, EFBIG under `ulimit -f`, is spool-write-failure.test.ts).
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveIngestConfig } from '../src/config.ts';
import { createIngest } from '../src/ingest.ts';
import type * as SegmentFiles from '../src/spool/segment-files.ts';
import { BASE_TS, FlakyStore, tempDir } from './helpers.ts';

const disk = vi.hoisted(() => ({ refuse: undefined as string | undefined }));

vi.mock('../src/spool/segment-files.ts', async (importOriginal) => {
  const real = await importOriginal<typeof SegmentFiles>();
  return {
    ...real,
    appendAll(fd: number, bytes: Buffer, position: number): void {
      if (disk.refuse) {
        const error = new Error(`${disk.refuse}: the disk refused the write`) as NodeJS.ErrnoException;
        error.code = disk.refuse;
        throw error;
      }
      real.appendAll(fd, bytes, position);
    },
  };
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  disk.refuse = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TOPIC = 'louyu/v1/b001/occupancy/f01';
const reading = (i: number): Buffer =>
  Buffer.from(JSON.stringify({ ts: BASE_TS + i, people: i % 50, capacity: 50 }));

async function counter(metric: { get(): Promise<{ values: { value: number }[] }> }): Promise<number> {
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

describe('a spool write the disk refuses', () => {
  it('is not counted as spooled, raises spool_full with the reason and clears once writes succeed', async () => {
    const { dir, remove } = tempDir('write-refused');
    cleanups.push(remove);
    const events: { full: boolean; detail: string | null }[] = [];
    const ingest = createIngest(
      resolveIngestConfig({ spoolDir: join(dir, 'spool'), retryMinMs: 1, retryMaxMs: 5, stopTimeoutMs: 50 }),
      {
        store: new FlakyStore({ write: () => Promise.resolve() }, Number.MAX_SAFE_INTEGER),
        onSpoolFull: (full, detail) => events.push({ full, detail: detail ?? null }),
      },
    );
    cleanups.push(() => ingest.stop());
    await ingest.start();

    let acked = 0;
    let i = 0;
    const publish = async (count: number): Promise<number> => {
      let refused = 0;
      const turn = Array.from({ length: count }, () =>
        ingest.publishHook({ topic: TOPIC, payload: reading(i++) }),
      );
      for (const pending of turn) {
        await pending?.then(
          () => void acked++,
          () => void refused++,
        );
      }
      return refused;
    };

    expect(await publish(10)).toBe(0);
    expect(ingest.status().ready).toBe(true);

    disk.refuse = 'ENOSPC';
    expect(await publish(7)).toBe(7);
    expect(await counter(ingest.metrics.spooled)).toBe(10);
    expect(await counter(ingest.metrics.spoolWriteFailures)).toBe(1);
    expect(ingest.status().spool).toMatchObject({ records: 10, writeFailed: true });
    expect(ingest.status().ready).toBe(false);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ full: true });
    expect(events[0]?.detail).toMatch(/ENOSPC/);

    disk.refuse = 'EFBIG';
    expect(await publish(3)).toBe(3);
    expect(await counter(ingest.metrics.spooled)).toBe(10);
    expect(events).toHaveLength(1); // still raised, not raised again

    disk.refuse = undefined;
    expect(await publish(5)).toBe(0);
    expect(acked).toBe(15);
    expect(await counter(ingest.metrics.spooled)).toBe(15);
    expect(ingest.status().spool).toMatchObject({ records: 15, writeFailed: false });
    expect(ingest.status().ready).toBe(true);
    expect(events.map((e) => e.full)).toEqual([true, false]);
  });
});
