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

function bad(i: number, bytes = 10): Parameters<DeadLetterLog['add']>[0] {
  return {
    receivedAt: 1_750_000_000_000 + i,
    topic: `louyu/v1/b001/occupancy/f${i}`,
    payload: Buffer.alloc(bytes, 'x'),
    reason: 'not_json',
    detail: 'payload is not JSON',
    building: 'b001',
    kind: 'occupancy',
  };
}

describe('dead-letter log', () => {
  it('keeps only the newest entries, in memory and on disk, however many arrive', () => {
    const { dir, remove } = tempDir('dead-letters');
    cleanups.push(remove);
    const log = new DeadLetterLog({ maxEntries: 50, dir });
    for (let i = 0; i < 1000; i++) {
      log.add(bad(i));
      if (i % 97 === 0) log.flush();
    }
    log.close();
    expect(log.added).toBe(1000);
    const newest = log.list();
    expect(newest).toHaveLength(50);
    expect(newest[0]?.receivedAt).toBe(1_750_000_000_999);
    const onDisk = readDeadLetters(dir).entries;
    expect(onDisk.length).toBeLessThanOrEqual(50);
    expect(onDisk.at(-1)?.receivedAt).toBe(1_750_000_000_999);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('cuts a message at 16 KiB, keeps its size, and survives a restart', () => {
    const { dir, remove } = tempDir('dead-letters');
    cleanups.push(remove);
    const first = new DeadLetterLog({ maxEntries: 10, dir });
    first.add(bad(1, 100_000));
    first.close();
    const second = new DeadLetterLog({ maxEntries: 10, dir });
    second.close();
    const [entry] = second.list();
    expect(entry?.bytes).toBe(100_000);
    expect(Buffer.from(entry?.payloadBase64 ?? '', 'base64')).toHaveLength(16 * 1024);
    const total = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(total).toBeLessThan(30_000);
  });
});
