import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedis, type RedisHarness } from '../../tests/harness/redis.ts';
import type { RunningBroker } from '../src/index.ts';
import { closed, connectAs, inbox, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

// DESIGN.md "Scale-out": several broker nodes share state and messages through Redis.
describe('two broker nodes on one Redis', () => {
  let redis: RedisHarness;
  let a: RunningBroker;
  let b: RunningBroker;
  beforeAll(async () => {
    redis = await startRedis();
    const credentials = await testCredentials();
    a = await startTestBroker({ credentials, redis: redis.url });
    b = await startTestBroker({ credentials, redis: redis.url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  test('a message published on one node reaches a subscriber on the other, with the ACL applied on both', async () => {
    const ingest = await connectAs(a.ports.mqtt, 'ingest');
    const seen = inbox(ingest);
    await subscribeCodes(ingest, ['louyu/v1/#']);
    const gw = await connectAs(b.ports.mqtt, 'gw-hp001');
    await gw.publishAsync('louyu/v1/hp002/energy/m1', 'foreign', { qos: 1 });
    await gw.publishAsync('louyu/v1/hp001/energy/m1', 'across', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/energy/m1', 'across');
    expect(seen.messages.some((m) => m.payload === 'foreign')).toBe(false);
    await Promise.all([gw.endAsync(), ingest.endAsync()]);
  });

  test('one live session per client id across nodes: connecting on B closes the session on A, the status stays online', async () => {
    const watcher = await connectAs(a.ports.mqtt, 'ingest');
    const seen = inbox(watcher);
    await subscribeCodes(watcher, ['louyu/v1/hp002/status', 'marker']);
    const will = {
      topic: 'louyu/v1/hp002/status',
      payload: Buffer.from('offline'),
      qos: 1 as const,
      retain: true,
    };
    const onA = await connectAs(a.ports.mqtt, 'gw-hp002', { clientId: 'gw-hp002-main', will });
    await seen.waitFor('louyu/v1/hp002/status', 'online');
    const gone = closed(onA);
    const from = seen.messages.length;
    const onB = await connectAs(b.ports.mqtt, 'gw-hp002', { clientId: 'gw-hp002-main', will });
    await gone;
    expect(onB.connected).toBe(true);
    // Barrier through both nodes, then: the gateway moved, so nothing said it went offline.
    const admin = await connectAs(b.ports.mqtt, 'admin');
    await admin.publishAsync('marker', 'end', { qos: 1 });
    await seen.waitFor('marker', 'end', from);
    expect(
      seen.messages
        .slice(from)
        .filter((m) => m.topic !== 'marker')
        .map((m) => m.payload),
    ).toEqual(['online']);
    onA.end(true);
    await Promise.all([onB.endAsync(), admin.endAsync(), watcher.endAsync()]);
  });

  test("an in-process listener on B's router (a node's dashboard follows every reading so) gets the readings published on A", async () => {
    const readings: string[] = [];
    const follow = (packet: { topic: string; payload: Buffer | string }, done: () => void) => {
      readings.push(`${packet.topic} ${packet.payload.toString()}`);
      done();
    };
    // What cli/src/run/cluster-feed.ts does: no MQTT client, a subscription on aedes itself.
    await new Promise<void>((resolve) => b.broker.aedes.subscribe('louyu/v1/#', follow, () => resolve()));
    const gw = await connectAs(a.ports.mqtt, 'gw-hp001');
    await gw.publishAsync('louyu/v1/hp001/energy/m1', 'to the dashboard', { qos: 1 });
    // The gateway's status messages come along; the reading is what this is about.
    await expect
      .poll(() => readings, { timeout: 30_000 })
      .toContain('louyu/v1/hp001/energy/m1 to the dashboard');
    await new Promise<void>((resolve) => b.broker.aedes.unsubscribe('louyu/v1/#', follow, () => resolve()));
    await gw.endAsync();
  });
});
