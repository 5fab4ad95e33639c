import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedis, type RedisHarness } from '../../tests/harness/redis.ts';
import type { CredentialStore, RunningBroker } from '../src/index.ts';
import { connectAs, connectWithInbox, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

describe('Redis persistence', () => {
  let redis: RedisHarness;
  let credentials: CredentialStore;
  let broker: RunningBroker | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    credentials = await testCredentials();
  });
  afterAll(async () => {
    await broker?.close();
    await redis?.stop();
  });

  test('QoS 1 messages published while a persistent subscriber is away are delivered after a broker restart', async () => {
    broker = await startTestBroker({ credentials, redis: redis.url });
    const session = { clientId: 'ingest-worker-1', clean: false };
    const ingest = await connectAs(broker.ports.mqtt, 'ingest', session);
    expect(await subscribeCodes(ingest, ['louyu/v1/+/energy/#'], 1)).toEqual([1]);
    await ingest.endAsync();

    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    for (let i = 0; i < 5; i++)
      await gw.publishAsync(`louyu/v1/hp001/energy/m${i}`, `reading-${i}`, { qos: 1 });
    await gw.endAsync();

    // The broker goes away entirely; a new one (new process state, same Redis) takes its place.
    await broker.close();
    broker = await startTestBroker({ credentials, redis: redis.url });

    const {
      client: back,
      seen,
      sessionPresent,
    } = await connectWithInbox(broker.ports.mqtt, 'ingest', session);
    expect(sessionPresent).toBe(true);
    await seen.waitFor('louyu/v1/hp001/energy/m4', 'reading-4');
    expect(seen.messages.map((m) => m.payload)).toEqual([
      'reading-0',
      'reading-1',
      'reading-2',
      'reading-3',
      'reading-4',
    ]);

    // The restored session keeps receiving live messages too.
    const gw2 = await connectAs(broker.ports.mqtt, 'gw-hp002');
    await gw2.publishAsync('louyu/v1/hp002/energy/live', 'live', { qos: 1 });
    await seen.waitFor('louyu/v1/hp002/energy/live', 'live');
    await Promise.all([gw2.endAsync(), back.endAsync()]);
  });
});
