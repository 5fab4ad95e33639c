import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedis, type RedisHarness } from '../../tests/harness/redis.ts';
import type { CredentialStore, RunningBroker } from '../src/index.ts';
import { connectAs, connectWithInbox, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

// aedes-persistence-redis hands a returning session at most `maxSessionDelivery` queued messages (1,000
// by default) and leaves the rest in Redis, undelivered, until some later reconnect: an ingest worker
// that was away for 25 s got 1,001 of 9,417 back (issue 17, item 2).
describe('a persistent subscriber away while thousands of messages queue up in Redis', () => {
  let redis: RedisHarness;
  let credentials: CredentialStore;
  let broker: RunningBroker;
  beforeAll(async () => {
    redis = await startRedis();
    credentials = await testCredentials();
    broker = await startTestBroker({ credentials, redis: redis.url });
  });
  afterAll(async () => {
    await broker?.close();
    await redis?.stop();
  });

  test('gets every queued message when it comes back, and the queue depth is measured', async () => {
    const N = 3000;
    const session = { clientId: 'ingest-away', clean: false };
    const ingest = await connectAs(broker.ports.mqtt, 'ingest', session);
    expect(await subscribeCodes(ingest, ['louyu/v1/+/energy/#'], 1)).toEqual([1]);
    await ingest.endAsync();

    const gateway = await connectAs(broker.ports.mqtt, 'gw-hp001');
    for (let i = 0; i < N; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          gateway.publishAsync('louyu/v1/hp001/energy/m1', `q-${i + j}`, { qos: 1 }),
        ),
      );
    await gateway.endAsync();
    await expect.poll(() => gauge(broker, 'louyu_broker_redis_queued_messages'), { timeout: 30_000 }).toBe(N);

    const { client: back, seen } = await connectWithInbox(broker.ports.mqtt, 'ingest', session);
    await expect.poll(() => new Set(seen.messages.map((m) => m.payload)).size, { timeout: 60_000 }).toBe(N);
    await expect.poll(() => gauge(broker, 'louyu_broker_redis_queued_messages'), { timeout: 30_000 }).toBe(0);
    await back.endAsync();
  });
});

async function gauge(broker: RunningBroker, name: string): Promise<number> {
  const metric = await broker.broker.metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? NaN;
}
