import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedis, type RedisHarness } from '../../tests/harness/redis.ts';
import type { CredentialStore, RunningBroker } from '../src/index.ts';
import { connectAs, inbox, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

// A Redis restart must cost a pause, never a process (DESIGN.md "Scale-out"). Before Louyu made its own
// Redis connections, mqemitter-redis re-emitted the first connection error on an EventEmitter nobody
// listened to, and the throw ended both broker nodes; under vitest that throw is an unhandled error,
// which fails the run even when every assertion here passes.
describe('two broker nodes through a Redis restart', () => {
  let redis: RedisHarness;
  let credentials: CredentialStore;
  const nodes: RunningBroker[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    credentials = await testCredentials();
    for (let i = 0; i < 2; i++) nodes.push(await startTestBroker({ credentials, redis: redis.url }));
  });
  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await redis?.stop();
  });

  test('both nodes stay up while Redis is away for 3 s, and messages cross between them again after', async () => {
    const [a, b] = nodes as [RunningBroker, RunningBroker];
    const watcher = await connectAs(b.ports.mqtt, 'ingest', { clientId: 'watcher-on-b' });
    const seen = inbox(watcher);
    expect(await subscribeCodes(watcher, ['louyu/v1/+/energy/#'], 1)).toEqual([1]);
    const gateway = await connectAs(a.ports.mqtt, 'gw-hp001', { clientId: 'gw-on-a' });
    await gateway.publishAsync('louyu/v1/hp001/energy/m1', 'before', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/energy/m1', 'before');

    await redis.restart(3000);

    // The nodes reconnect and resubscribe by themselves; until they have, a message may not cross.
    let n = 0;
    await expect
      .poll(
        async () => {
          await gateway.publishAsync('louyu/v1/hp001/energy/m1', `after-${n++}`, { qos: 1 }).catch(() => {});
          return seen.messages.some((m) => m.payload.startsWith('after-'));
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe(true);

    // Both nodes still take new connections.
    for (const node of nodes) {
      const probe = await connectAs(node.ports.mqtt, 'admin');
      expect(probe.connected).toBe(true);
      await probe.endAsync();
    }
    await Promise.all([gateway.endAsync(), watcher.endAsync()]);
  });
});
