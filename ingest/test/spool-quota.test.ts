import { afterEach, describe, expect, it } from 'vitest';
import { openSpool } from '../src/spool/spool.ts';
import { BASE_TS, point, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('spool quota', () => {
  it('refuses appends past the quota, reports full, and accepts again once drained', async () => {
    const { dir, remove } = tempDir('spool-quota');
    cleanups.push(remove);
    const changes: boolean[] = [];
    const spool = openSpool({
      dir,
      maxBytes: 10_000,
      segmentBytes: 2048,
      fsync: { intervalMs: 5 },
      onFullChange: (full) => changes.push(full),
    });
    cleanups.push(() => spool.close());
    let accepted = 0;
    while (spool.append([point(accepted)]) === 'appended') accepted += 1;
    expect(accepted).toBeGreaterThan(10);
    expect(spool.bytes).toBeLessThanOrEqual(10_000);
    expect(spool.isFull).toBe(true);
    expect(spool.append([point(accepted)])).toBe('full');
    expect(changes).toEqual([true]);
    await spool.written();

    const stored: number[] = [];
    for (let batch = spool.read(7); batch; batch = spool.read(7)) {
      stored.push(...batch.points.map((p) => p.ts - BASE_TS));
      spool.commit(batch);
    }
    expect(stored).toEqual([...Array(accepted).keys()]);
    expect(changes).toEqual([true, false]);
    expect(spool.append([point(accepted)])).toBe('appended');
  });
});
