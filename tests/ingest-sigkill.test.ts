// Fault test with real processes: the ingest process is killed with SIGKILL mid-stream and restarted.
// Every message the publisher got a PUBACK for must end up stored exactly once (SQLite store).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '@louyu/store';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ackKey,
  occupancyMessages,
  publishAll,
  startIngestProcess,
  startTestBroker,
  stopGracefully,
  type IngestProcess,
  type TestBroker,
} from './ingest-process.ts';

const N = 3000;
const dataDir = mkdtempSync(join(tmpdir(), 'louyu-ingest-sigkill-'));
let broker: TestBroker | undefined;
const running: IngestProcess[] = [];

afterAll(async () => {
  for (const ingest of running) if (ingest.child.exitCode === null) ingest.child.kill('SIGKILL');
  await broker?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ingest killed with SIGKILL mid-stream', () => {
  it('stores every acknowledged message once after a restart', async () => {
    broker = await startTestBroker();
    const args = [
      '--mqtt-url',
      broker.url,
      '--data-dir',
      dataDir,
      '--batch-size',
      '500',
      '--linger-ms',
      '20',
    ];
    const first = await startIngestProcess(args);
    running.push(first);
    const baseTs = Date.now() - 600_000;
    const messages = occupancyMessages(N, baseTs);
    const publishing = publishAll(broker.url, messages);

    await broker.waitForAcked(N / 3, 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const ackedBeforeKill = broker.acked.size;
    expect(ackedBeforeKill).toBeLessThan(N); // the kill landed mid-stream

    const second = await startIngestProcess(args);
    running.push(second);
    await publishing;
    await broker.waitForAcked(N, 60_000);
    expect(messages.every((m) => broker?.acked.has(ackKey(m)))).toBe(true);
    expect(await stopGracefully(second)).toBe(0);

    const store = new SqliteStore({ path: join(dataDir, 'louyu.db'), retentionIntervalMs: 0 });
    try {
      const buckets = await store.series(
        { measurement: 'occupancy', building: 'b001', device: 'f01' },
        baseTs,
        baseTs + N,
        1,
        'count',
        'people',
      );
      // One bucket per ms: every ts present, each holding exactly one point.
      expect(buckets).toHaveLength(N);
      expect(buckets.every((bucket, i) => bucket.ts === baseTs + i && bucket.value === 1)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
