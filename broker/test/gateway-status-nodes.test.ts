import type { MqttClient } from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedis, type RedisHarness } from '../../tests/harness/redis.ts';
import { until } from '../../tests/harness/until.ts';
import type { RunningBroker } from '../src/index.ts';
import { RedisPresence } from '../src/status/redis-presence.ts';
import {
  closed,
  connectAs,
  inbox,
  startTestBroker,
  subscribeCodes,
  testCredentials,
  type Inbox,
} from './helpers.ts';

// With --redis, a building's gateways may be connected to different broker nodes: the building is
// offline only when the last of them, on any node, is gone.

const STATUS = 'louyu/v1/hp001/status';
const MARKER = 'marker/status-nodes';
const WILL = { topic: STATUS, payload: Buffer.from('offline'), qos: 1 as const, retain: true };

/** A wait that fails naming what never came, before the test's own timeout. */
async function within<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a building whose gateways are on two broker nodes', () => {
  let redis: RedisHarness;
  let a: RunningBroker;
  let b: RunningBroker;
  let watcher: MqttClient;
  let admin: MqttClient;
  let seen: Inbox;
  beforeAll(async () => {
    redis = await startRedis();
    const credentials = await testCredentials();
    a = await startTestBroker({ credentials, redis: redis.url });
    b = await startTestBroker({ credentials, redis: redis.url });
    watcher = await connectAs(a.ports.mqtt, 'ingest');
    seen = inbox(watcher);
    await subscribeCodes(watcher, [STATUS, MARKER]);
    admin = await connectAs(b.ports.mqtt, 'admin');
  });
  afterAll(async () => {
    await Promise.all([watcher?.endAsync(), admin?.endAsync()]);
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  async function retainedStatus(node: RunningBroker): Promise<string> {
    const probe = await connectAs(node.ports.mqtt, 'admin');
    const box = inbox(probe);
    await subscribeCodes(probe, [STATUS]);
    await within(box.waitFor(STATUS), 'the retained status');
    await probe.endAsync();
    return box.messages[0]?.payload ?? '';
  }

  /** Waits until `node` has let go of `clientId`, then for a marker sent through the other node. */
  async function settled(node: RunningBroker, clientId: string): Promise<void> {
    const clients = (node.broker.aedes as unknown as { clients: Record<string, unknown> }).clients;
    await until(() => clients[clientId] === undefined, `the node to drop ${clientId}`);
    const from = seen.messages.length;
    await admin.publishAsync(MARKER, String(from), { qos: 1 });
    await within(seen.waitFor(MARKER, String(from), from), 'the marker through the other node');
  }

  const statusesSince = (from: number) =>
    seen.messages
      .slice(from)
      .filter((m) => m.topic === STATUS)
      .map((m) => m.payload);

  test('the gateway on one node leaving, cleanly or not, leaves the building online while the other is connected', async () => {
    const from = seen.messages.length;
    const onA = await connectAs(a.ports.mqtt, 'gw-hp001', { clientId: 'hp001-a', will: WILL });
    await within(seen.waitFor(STATUS, 'online', from), 'online');
    const onB = await connectAs(b.ports.mqtt, 'gw-hp001', { clientId: 'hp001-b', will: WILL });
    await onB.endAsync();
    await settled(b, 'hp001-b');
    const onB2 = await connectAs(b.ports.mqtt, 'gw-hp001', { clientId: 'hp001-b2', will: WILL });
    onB2.stream.destroy();
    await closed(onB2);
    onB2.end(true);
    await settled(b, 'hp001-b2');
    expect(statusesSince(from)).not.toContain('offline');
    expect(await retainedStatus(b)).toBe('online');

    // And the other way round: A's gateway goes while B has one (counted once B has said online).
    const counted = seen.messages.length;
    const onB3 = await connectAs(b.ports.mqtt, 'gw-hp001', { clientId: 'hp001-b3', will: WILL });
    await within(seen.waitFor(STATUS, 'online', counted), 'online from the second gateway');
    await onA.endAsync();
    await settled(a, 'hp001-a');
    expect(statusesSince(from)).not.toContain('offline');
    expect(await retainedStatus(a)).toBe('online');

    // The last one, on B: offline, seen on A.
    await onB3.endAsync();
    await within(seen.waitFor(STATUS, 'offline', from), 'offline');
    expect(await retainedStatus(a)).toBe('offline');
  });

  test("one node's orderly shutdown says stopped only for the buildings that have no gateway left anywhere", async () => {
    const credentials = await testCredentials();
    const c = await startTestBroker({ credentials, redis: redis.url });
    const from = seen.messages.length;
    const onA = await connectAs(a.ports.mqtt, 'gw-hp001', { clientId: 'hp001-a', will: WILL });
    await within(seen.waitFor(STATUS, 'online', from), 'online');
    const counted = seen.messages.length;
    const onC = await connectAs(c.ports.mqtt, 'gw-hp001', { clientId: 'hp001-c', will: WILL });
    await within(seen.waitFor(STATUS, 'online', counted), 'online from the second gateway');
    const gone = closed(onC);
    await c.close();
    await gone;
    onC.end(true);
    await settled(a, 'hp001-c');
    expect(statusesSince(from)).not.toContain('offline');
    expect(statusesSince(from)).not.toContain('stopped');
    expect(await retainedStatus(a)).toBe('online');
    await onA.endAsync();
    await within(seen.waitFor(STATUS, 'offline', from), 'offline');
  });
});

describe('an orderly shutdown with Redis', () => {
  test('the retained status says stopped after the restart', async () => {
    const redis = await startRedis();
    try {
      const credentials = await testCredentials();
      const first = await startTestBroker({ credentials, redis: redis.url });
      const gw = await connectAs(first.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
      expect(await retained(first)).toBe('online');
      const gone = closed(gw);
      await first.close();
      await gone;
      gw.end(true);
      const second = await startTestBroker({ credentials, redis: redis.url });
      expect(await retained(second)).toBe('stopped');
      await second.close();
    } finally {
      await redis.stop();
    }
  });

  async function retained(node: RunningBroker): Promise<string> {
    const probe = await connectAs(node.ports.mqtt, 'admin');
    const box = inbox(probe);
    await subscribeCodes(probe, [STATUS]);
    await within(box.waitFor(STATUS), 'the retained status');
    await probe.endAsync();
    return box.messages[0]?.payload ?? '';
  }
});

describe('gateway connections of a node that died', () => {
  let redis: RedisHarness;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  test('stop counting once its heartbeat expires; one sweep reports the building that has none left', async () => {
    const log = pino({ level: 'silent' });
    const live = new RedisPresence(redis.url, log, { nodeTtlMs: 60_000 });
    const dying = new RedisPresence(redis.url, log, { nodeTtlMs: 300 });
    try {
      await live.heartbeat('live-node');
      await dying.heartbeat('dying-node');
      await dying.join('hp001', 'hp001-x', 'dying-node');
      await dying.join('hp002', 'hp002-x', 'dying-node');
      await live.join('hp002', 'hp002-y', 'live-node');
      expect(await live.count('hp001')).toBe(1);
      // The dying node says nothing more; its heartbeat expires.
      await until(async () => (await live.count('hp001')) === 0, 'the dead node to stop counting');
      await dying.join('hp001', 'hp001-x', 'dying-node');
      expect(await live.sweep()).toEqual(['hp001']);
      expect(await live.sweep()).toEqual([]);
      expect(await live.count('hp002')).toBe(1);
      // A node that was given up for dead learns it from its next heartbeat.
      expect(await dying.heartbeat('dying-node')).toBe(false);
      expect(await live.heartbeat('live-node')).toBe(true);
    } finally {
      await live.close();
      await dying.close();
    }
  });
});
