import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadLetterLog } from '../src/dead-letters/log.ts';
import { readDeadLetters } from '../src/dead-letters/files.ts';
import { tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const T0 = 1_750_000_000_000;
const DAY = 86_400_000;

function bad(i: number, bytes = 10, at = T0 + i): Parameters<DeadLetterLog['add']>[0] {
  return {
    receivedAt: at,
    topic: `louyu/v1/b001/occupancy/f${i}`,
    payload: Buffer.alloc(bytes, 'x'),
    reason: 'rule',
    field: 'people',
    rule: 'max_capacity',
    detail: 'people must not exceed capacity',
    building: 'b001',
    kind: 'occupancy',
  };
}

/** Bytes the log's files take on disk. */
function onDiskBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

describe('dead-letter log', () => {
  it('is bounded by bytes, in memory and on disk, however many arrive; the newest are kept', () => {
    const { dir, remove } = tempDir('dead-letters');
    cleanups.push(remove);
    const maxBytes = 64 * 1024;
    const log = new DeadLetterLog({ maxBytes, maxAgeMs: 7 * DAY, dir, now: () => T0 + 5000 });
    for (let i = 0; i < 5000; i++) {
      log.add(bad(i, 100));
      if (i % 97 === 0) log.flush();
    }
    log.close();
    expect(log.added).toBe(5000);
    expect(log.bytes).toBeLessThanOrEqual(maxBytes);
    const newest = log.list();
    expect(newest.length).toBeGreaterThan(50);
    expect(newest.length).toBeLessThan(5000);
    expect(newest[0]?.receivedAt).toBe(T0 + 4999);
    expect(onDiskBytes(dir)).toBeLessThanOrEqual(maxBytes);
    expect(readDeadLetters(dir).entries.at(-1)?.receivedAt).toBe(T0 + 4999);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('keeps the field and rule a message broke', () => {
    const log = new DeadLetterLog({ maxBytes: 1 << 20, maxAgeMs: DAY, now: () => T0 });
    log.add(bad(1));
    expect(log.list()[0]).toMatchObject({ reason: 'rule', field: 'people', rule: 'max_capacity' });
  });

  it('forgets entries older than its age bound, in memory and after a restart', () => {
    const { dir, remove } = tempDir('dead-letters');
    cleanups.push(remove);
    let now = T0;
    const first = new DeadLetterLog({ maxBytes: 1 << 20, maxAgeMs: DAY, dir, now: () => now });
    first.add(bad(1, 10, T0));
    now = T0 + DAY / 2;
    first.add(bad(2, 10, now));
    first.close();
    now = T0 + DAY + 1;
    expect(first.list().map((e) => e.topic)).toEqual(['louyu/v1/b001/occupancy/f2']);
    const second = new DeadLetterLog({ maxBytes: 1 << 20, maxAgeMs: DAY, dir, now: () => now });
    second.close();
    expect(second.list().map((e) => e.topic)).toEqual(['louyu/v1/b001/occupancy/f2']);
  });

  it('cuts a message at 16 KiB, keeps its size, and survives a restart; files are 0600', () => {
    const { dir, remove } = tempDir('dead-letters');
    cleanups.push(remove);
    const first = new DeadLetterLog({ maxBytes: 1 << 20, maxAgeMs: DAY, dir, now: () => T0 });
    first.add(bad(1, 100_000));
    first.close();
    const second = new DeadLetterLog({ maxBytes: 1 << 20, maxAgeMs: DAY, dir, now: () => T0 });
    second.close();
    const [entry] = second.list();
    expect(entry?.bytes).toBe(100_000);
    expect(Buffer.from(entry?.payloadBase64 ?? '', 'base64')).toHaveLength(16 * 1024);
    expect(onDiskBytes(dir)).toBeLessThan(30_000);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
  });
});
