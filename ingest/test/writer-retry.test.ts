import { join } from 'node:path';
import { SqliteStore } from '@louyu/store';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestMetrics } from '../src/metrics.ts';
import { openSpool } from '../src/spool/spool.ts';
import { Writer } from '../src/writer.ts';
import { countStored, FlakyStore, point, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('writer while the store is down', () => {
  it('retries with backoff and then stores every point exactly once', async () => {
    const { dir, remove } = tempDir('writer');
    cleanups.push(remove);
    const store = new SqliteStore({ path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    cleanups.push(() => store.close());
    const spool = openSpool({
      dir: join(dir, 'spool'),
      maxBytes: 1 << 30,
      segmentBytes: 1 << 16,
      fsync: { intervalMs: 5 },
    });
    cleanups.push(() => spool.close());
    const flaky = new FlakyStore(store, 6);
    const registry = new Registry();
    const metrics = new IngestMetrics(registry);
    const writer = new Writer({
      spool,
      store: flaky,
      batchSize: 400,
      lingerMs: 5,
      retry: { minMs: 1, maxMs: 20 },
      metrics,
    });
    writer.start();
    for (let i = 0; i < 2000; i++) spool.append([point(i)]);
    await writer.stop(30_000);

    expect(flaky.attempts).toBeGreaterThan(6);
    expect(spool.depth).toBe(0);
    expect(await countStored(store)).toBe(2000);
    const errors = await registry.getSingleMetricAsString('louyu_ingest_store_errors_total');
    expect(errors).toContain('louyu_ingest_store_errors_total{code="UNAVAILABLE"} 6');
  });

  it('leaves the batch in the spool when stopped while the store is still down, for the next start', async () => {
    const { dir, remove } = tempDir('writer');
    cleanups.push(remove);
    const store = new SqliteStore({ path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    cleanups.push(() => store.close());
    const spoolDir = join(dir, 'spool');
    const first = openSpool({ dir: spoolDir, maxBytes: 1 << 30, segmentBytes: 1 << 16, fsync: 'always' });
    for (let i = 0; i < 300; i++) first.append([point(i)]);
    const down = new FlakyStore(store, Number.MAX_SAFE_INTEGER);
    const stuck = new Writer({
      spool: first,
      store: down,
      batchSize: 100,
      lingerMs: 0,
      retry: { minMs: 1, maxMs: 5 },
    });
    stuck.start();
    await stuck.stop(200);
    expect(await countStored(store)).toBe(0);
    await first.close();

    const second = openSpool({ dir: spoolDir, maxBytes: 1 << 30, segmentBytes: 1 << 16, fsync: 'always' });
    cleanups.push(() => second.close());
    expect(second.depth).toBe(300);
    const writer = new Writer({
      spool: second,
      store,
      batchSize: 100,
      lingerMs: 0,
      retry: { minMs: 1, maxMs: 5 },
    });
    writer.start();
    await writer.stop(30_000);
    expect(await countStored(store)).toBe(300);
  });
});
