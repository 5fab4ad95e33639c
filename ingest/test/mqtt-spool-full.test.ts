import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { SqliteStore } from '@louyu/store';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveIngestConfig } from '../src/config.ts';
import { until } from '../../tests/harness/until.ts';
import { createIngest } from '../src/ingest.ts';
import { BASE_TS, countStored, FlakyStore, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBroker(): Promise<string> {
  const aedes = await Aedes.createBroker();
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  return `mqtt://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('MQTT source when the spool is full', () => {
  it('withholds acknowledgements, raises the alarm, and gets every message from the broker once drained', async () => {
    const { dir, remove } = tempDir('mqtt-full');
    cleanups.push(remove);
    const url = await startBroker();
    const store = new SqliteStore({ path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    cleanups.push(() => store.close());
    const flaky = new FlakyStore(store, Number.MAX_SAFE_INTEGER); // the database is down
    const alarms: boolean[] = [];
    const ingest = createIngest(
      resolveIngestConfig({
        spoolDir: join(dir, 'spool'),
        spoolMaxBytes: 64 * 1024, // room for a few hundred readings
        spoolSegmentBytes: 8192,
        batchSize: 100,
        lingerMs: 5,
        retryMinMs: 5,
        retryMaxMs: 20,
        mqtt: { url, clientId: 'ingest-full-test', reconnectPeriodMs: 50 },
      }),
      { store: flaky, onSpoolFull: (full) => alarms.push(full) },
    );
    await ingest.start();
    cleanups.push(() => ingest.stop());
    // Subscription is asynchronous: wait until a probe message reaches ingest before publishing for real.
    const publisher = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'publisher' });
    cleanups.push(() => publisher.endAsync());
    await until(async () => {
      await publisher.publishAsync('louyu/v1/probe/occupancy/p', 'probe', { qos: 1 });
      return ingest.deadLetters().length > 0;
    }, 'the subscription');

    const total = 2000;
    for (let i = 0; i < total; i++) {
      await publisher.publishAsync(
        'louyu/v1/b001/occupancy/f01',
        JSON.stringify({ ts: BASE_TS + i, people: 1, capacity: 9 }),
        { qos: 1 },
      );
    }
    await until(() => alarms.includes(true), 'the spool_full alarm');
    expect(ingest.status().spool.full).toBe(true);

    flaky.failures = 0; // the database is back
    await until(async () => (await countStored(store)) === total, `all ${total} points stored`);
    expect(alarms).toEqual([true, false]);
    const refused = await ingest.metricsRegistry.getSingleMetricAsString(
      'louyu_ingest_messages_refused_full_total',
    );
    expect(Number(refused.trim().split(' ').at(-1))).toBeGreaterThan(0);
  });
});
