// Fault test with real processes: a flood of malformed messages mixed into valid traffic. Every valid
// point must be stored, every invalid message counted by reason and acknowledged (never redelivered).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '@louyu/store';
import { afterAll, describe, expect, it } from 'vitest';
import {
  metricSum,
  occupancyMessages,
  publishAll,
  startIngestProcess,
  startTestBroker,
  stopGracefully,
  type IngestProcess,
  type Message,
  type TestBroker,
} from './ingest-process.ts';

const VALID = 2000;
const dataDir = mkdtempSync(join(tmpdir(), 'louyu-ingest-flood-'));
let broker: TestBroker | undefined;
let ingest: IngestProcess | undefined;

afterAll(async () => {
  if (ingest?.child.exitCode === null) ingest.child.kill('SIGKILL');
  await broker?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Five kinds of bad message per round, each distinct so the broker's ack count sees every one. */
function malformed(i: number, now: number): Message[] {
  return [
    { topic: 'louyu/v1/b001/occupancy/f01', payload: `{"people": ${i}, ` }, // not_json
    {
      topic: 'louyu/v1/b001/occupancy/f01',
      payload: JSON.stringify({ ts: now + i, people: -i - 1, capacity: 10 }),
    }, // schema
    { topic: `louyu/v1/b001/nosuchkind/d${i}`, payload: '{}' }, // bad_topic
    {
      topic: 'louyu/v1/b001/occupancy/f02',
      payload: JSON.stringify({ ts: now - 30 * 86_400_000 + i, people: 1, capacity: 10 }),
    }, // ts_out_of_window
    { topic: 'louyu/v1/b001/elevator/car1', payload: 'x'.repeat(17 * 1024) + String(i) }, // too_large
  ];
}

describe('ingest under a flood of malformed messages', () => {
  it('stores every valid point and counts every invalid message', async () => {
    broker = await startTestBroker();
    ingest = await startIngestProcess([
      '--mqtt-url',
      broker.url,
      '--data-dir',
      dataDir,
      '--batch-size',
      '500',
    ]);
    const now = Date.now();
    const baseTs = now - 600_000;
    const valid = occupancyMessages(VALID, baseTs);
    const mixed: Message[] = [];
    let invalid = 0;
    valid.forEach((message, i) => {
      mixed.push(message);
      if (i % 2 === 0) {
        const bad = malformed(i, now);
        mixed.push(...bad);
        invalid += bad.length;
      }
    });

    await publishAll(broker.url, mixed, 250, 10);
    await broker.waitForAcked(mixed.length, 60_000);

    const metrics = await ingest.metrics();
    expect(metricSum(metrics, 'louyu_ingest_messages_rejected_total')).toBe(invalid);
    for (const reason of ['not_json', 'schema', 'bad_topic', 'ts_out_of_window', 'too_large']) {
      const line = metrics
        .split('\n')
        .find(
          (l) => l.startsWith('louyu_ingest_messages_rejected_total{') && l.includes(`reason="${reason}"`),
        );
      expect(Number(line?.split(' ').at(-1)), reason).toBe(invalid / 5);
    }
    expect(metricSum(metrics, 'louyu_ingest_messages_spooled_total')).toBe(VALID);
    const deadLetters = (await (
      await fetch(`http://127.0.0.1:${ingest.httpPort}/dead-letters`)
    ).json()) as unknown[];
    expect(deadLetters).toHaveLength(100);
    expect(await stopGracefully(ingest)).toBe(0);

    const store = new SqliteStore({ path: join(dataDir, 'louyu.db'), retentionIntervalMs: 0 });
    try {
      const buckets = await store.series(
        { measurement: 'occupancy', building: 'b001' },
        baseTs,
        baseTs + VALID,
        1,
        'count',
        'people',
      );
      expect(buckets).toHaveLength(VALID);
      expect(buckets.every((bucket, i) => bucket.ts === baseTs + i && bucket.value === 1)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
