import { appendFileSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool, type Spool } from '../src/spool/spool.ts';
import { BASE_TS, point, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const options = { maxBytes: 1 << 30, segmentBytes: 1 << 20, fsync: 'always' as const };

function segments(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.seg'))
    .sort();
}

function drainTs(spool: Spool): number[] {
  const seen: number[] = [];
  for (let batch = spool.read(1000); batch; batch = spool.read(1000)) {
    seen.push(...batch.points.map((p) => p.ts - BASE_TS));
    spool.commit(batch);
  }
  return seen;
}

async function writeTen(dir: string): Promise<string> {
  const spool = openSpool({ dir, ...options });
  for (let i = 0; i < 10; i++) spool.append([point(i)]);
  await spool.close();
  const last = segments(dir).filter((name) => statSync(join(dir, name)).size > 0);
  return join(dir, last.at(-1) ?? '');
}

describe('spool torn tail', () => {
  it('drops a record cut mid-way by a crash and keeps every record before it', async () => {
    const { dir, remove } = tempDir('spool-torn');
    cleanups.push(remove);
    const file = await writeTen(dir);
    truncateSync(file, statSync(file).size - 5);
    const dropped: number[] = [];
    const spool = openSpool({ dir, ...options, onRecovery: (event) => dropped.push(event.droppedBytes) });
    cleanups.push(() => spool.close());
    expect(dropped).toHaveLength(1);
    expect(spool.depth).toBe(9);
    expect(drainTs(spool)).toEqual([...Array(9).keys()]);
  });

  it('drops a record whose bytes were garbled, never reading it back as data', async () => {
    const { dir, remove } = tempDir('spool-torn');
    cleanups.push(remove);
    const file = await writeTen(dir);
    const size = statSync(file).size;
    truncateSync(file, size - 3);
    appendFileSync(file, Buffer.from('zzz')); // same length, wrong bytes: only the checksum can tell
    const spool = openSpool({ dir, ...options });
    cleanups.push(() => spool.close());
    expect(drainTs(spool)).toEqual([...Array(9).keys()]);
  });

  it('drops a zero-filled tail left by a file extended before a crash', async () => {
    const { dir, remove } = tempDir('spool-torn');
    cleanups.push(remove);
    const file = await writeTen(dir);
    appendFileSync(file, Buffer.alloc(4096));
    const spool = openSpool({ dir, ...options });
    cleanups.push(() => spool.close());
    expect(drainTs(spool)).toEqual([...Array(10).keys()]);
    spool.append([point(10)]);
    await spool.written();
    expect(drainTs(spool)).toEqual([10]);
  });
});
