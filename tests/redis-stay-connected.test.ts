// Issue 17, "Sentinel URLs are handled": a Redis connection of Louyu follows the master through every
// failover, including the one where the Sentinels announce the new master while the connection is asking
// them where the master is. ioredis ends such a connection for good (core/src/redis-stay-connected.ts
// says how); it made a broker node's /readyz say 503 for good in 1 of 3 CI runs. Here the race is made
// certain: a proxy in front of the Sentinel holds back its answers to the connection's retries until the
// failover has been announced on the connection's older Sentinel subscription.
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl } from '@louyu/core/redis-url';
import { stayConnected } from '@louyu/core/redis-stay-connected';
import { startHoldingProxy, type HoldingProxy } from './harness/holding-proxy.ts';
import { startSentinelGroup, type SentinelGroupHarness } from './harness/redis-sentinel.ts';
import { until } from './harness/until.ts';

let group: SentinelGroupHarness | undefined;
let proxy: HoldingProxy | undefined;
const connections: Redis[] = [];

beforeAll(async () => {
  group = await startSentinelGroup();
  proxy = await startHoldingProxy(group.sentinelPort);
});

afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await proxy?.close();
  await group?.stop();
});

/** A connection as the broker opens one: the redis+sentinel:// URL (through the proxy), its back-off. */
function open(extra: RedisOptions = {}): Redis {
  const connection = new Redis({
    ...parseRedisUrl(`redis+sentinel://127.0.0.1:${proxy!.port}/${group!.masterName}`),
    retryStrategy: (times: number) => Math.min(times * 50, 2000),
    ...extra,
  });
  connection.on('error', () => {});
  connections.push(connection);
  return connection;
}

describe('a Redis connection under Sentinel', () => {
  it('connects to the new master when the failover is announced in the middle of a reconnect', async () => {
    const commands = open();
    const subscriber = open({ enableReadyCheck: false, disableClientInfo: true });
    stayConnected(commands);
    stayConnected(subscriber);
    const subscribed = [commands, subscriber].map(
      (connection) => new Promise((resolve) => connection.once('failoverSubscribed', resolve)),
    );
    const received: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    await subscriber.subscribe('louyu-test');
    await commands.set('before', '1');
    await Promise.all(subscribed);

    // From here the Sentinel's answers to new connections (the retries' questions) wait until the
    // Sentinel has announced the new master (heard here on a connection of the test's own).
    const watcher = new Redis({ port: group!.sentinelPort });
    connections.push(watcher);
    await watcher.subscribe('+switch-master');
    const announced = new Promise((resolve) => watcher.once('message', resolve));
    proxy!.hold();
    await group!.killMaster();
    await group!.waitForPromotion();
    await announced;
    proxy!.release();

    // Both connections end up on the promoted replica, the subscriber subscribed again.
    await until(
      () => commands.status === 'ready' && subscriber.status === 'ready',
      'both connections ready again',
    );
    expect(await commands.call('ROLE').then((role) => (role as string[])[0])).toBe('master');
    expect(commands.stream.remotePort).toBe(group!.replicaPort);
    await commands.set('after', '1');
    const publisher = new Redis({ port: group!.replicaPort, lazyConnect: true });
    connections.push(publisher);
    await until(async () => {
      await publisher.publish('louyu-test', 'after the failover');
      return received.includes('after the failover');
    }, 'the subscriber to receive a message published on the new master');
  });
});
