import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoPub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import {
  connectAs,
  inbox,
  PASSWORDS,
  rawConnect,
  readBytes,
  startTestBroker,
  subscribeCodes,
  testCredentials,
  type Inbox,
} from './helpers.ts';

const BURST = 5;

describe('payload size, topic depth and publish rate', () => {
  let broker: RunningBroker;
  let ingest: MqttClient;
  let seen: Inbox;
  beforeAll(async () => {
    broker = await startTestBroker({
      credentials: await testCredentials(),
      maxPayloadBytes: 1024,
      maxTopicDepth: 6,
    });
    ingest = await connectAs(broker.ports.mqtt, 'ingest');
    seen = inbox(ingest);
    await subscribeCodes(ingest, ['louyu/v1/#']);
  });
  afterAll(async () => {
    await ingest.endAsync();
    await broker.close();
  });

  test('an oversize payload is refused and the client stays connected (mqtt.js and mosquitto_pub)', async () => {
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'size-test' });
    await gw.publishAsync('louyu/v1/hp001/tenancy/prop', Buffer.alloc(1025, 0x61), { qos: 1 });
    await gw.publishAsync('louyu/v1/hp001/tenancy/prop', Buffer.alloc(1024, 0x62), { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/tenancy/prop', 'b'.repeat(1024));
    expect(seen.messages.some((m) => m.payload.startsWith('a'))).toBe(false);
    expect(gw.connected).toBe(true);
    await gw.endAsync();

    const args = [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-u',
      'gw-hp002',
      '-P',
      PASSWORDS['gw-hp002'],
      '-q',
      '1',
    ];
    await mosquittoPub([...args, '-t', 'louyu/v1/hp002/tenancy/prop', '-m', 'c'.repeat(2000)]);
    await mosquittoPub([...args, '-t', 'louyu/v1/hp002/tenancy/prop', '-m', 'small']);
    await seen.waitFor('louyu/v1/hp002/tenancy/prop', 'small');
    expect(seen.messages.some((m) => m.payload.startsWith('ccc'))).toBe(false);
    expect(await broker.broker.metrics.refusalCount('payload_too_large')).toBe(2);
  });

  test('a packet declaring more bytes than any allowed message is cut off before its body is buffered', async () => {
    const socket = await rawConnect(broker.ports.mqtt);
    // PUBLISH with a remaining length of 1,000,000 (varint c0 84 3d); the body never needs to arrive.
    socket.write(Buffer.from([0x30, 0xc0, 0x84, 0x3d, 0x00, 0x01]));
    expect(await readBytes(socket, 1)).toEqual({ bytes: Buffer.alloc(0), closed: true });
    expect(await broker.broker.metrics.refusalCount('frame_too_large')).toBe(1);
  });

  test('a topic deeper than the limit is refused for publish and subscribe', async () => {
    const admin = await connectAs(broker.ports.mqtt, 'admin');
    expect(await subscribeCodes(admin, ['a/b/c/d/e/f/g'])).toEqual([0x80]);
    await admin.publishAsync('louyu/v1/hp001/energy/m1/x/y', 'deep', { qos: 1 });
    await admin.publishAsync('louyu/v1/hp001/energy/m1', 'shallow', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/energy/m1', 'shallow');
    expect(seen.messages.some((m) => m.payload === 'deep')).toBe(false);
    expect(admin.connected).toBe(true);
    expect(await broker.broker.metrics.refusalCount('topic_too_deep')).toBe(2);
    await admin.endAsync();
  });
});

describe('publish rate per account: held back, never dropped', () => {
  let broker: RunningBroker;
  let ingest: MqttClient;
  let seen: Inbox;
  beforeAll(async () => {
    broker = await startTestBroker({
      credentials: await testCredentials(),
      // The rate's clock stands still, so no token comes back during a test: a publish past the burst
      // is held exactly (over-burst / perSecond) s, whatever the machine's speed. The counts are exact.
      rateLimit: { perSecond: 1000, burst: BURST },
      now: () => 0,
    });
    ingest = await connectAs(broker.ports.mqtt, 'ingest');
    seen = inbox(ingest);
    await subscribeCodes(ingest, ['louyu/v1/#'], 1);
  });
  afterAll(async () => {
    await ingest.endAsync();
    await broker.close();
  });

  test('a gateway over its rate is slowed: every message it was acknowledged for is delivered, once', async () => {
    const flooder = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'flooder' });
    const steady = await connectAs(broker.ports.mqtt, 'gw-hp002', { clientId: 'steady' });
    const flood = Array.from({ length: 300 }, (_, i) =>
      flooder.publishAsync('louyu/v1/hp001/occupancy/f1', `flood-${i}`, { qos: 1 }),
    );
    const calm = Array.from({ length: BURST }, (_, i) =>
      steady.publishAsync('louyu/v1/hp002/occupancy/f1', `calm-${i}`, { qos: 1 }),
    );
    // Every publish is acknowledged (PUBACK), the held ones later than the others.
    await Promise.all([...flood, ...calm]);
    await seen.waitFor('louyu/v1/hp001/occupancy/f1', 'flood-299');
    await seen.waitFor('louyu/v1/hp002/occupancy/f1', `calm-${BURST - 1}`);

    const fromFlooder = seen.messages.filter((m) => m.payload.startsWith('flood-')).map((m) => m.payload);
    expect(fromFlooder).toEqual(Array.from({ length: 300 }, (_, i) => `flood-${i}`));
    expect(seen.messages.filter((m) => m.payload.startsWith('calm-'))).toHaveLength(BURST);
    // The other account's burst was its own: none of its messages waited.
    expect(await counter(broker, 'louyu_broker_throttled_publishes_total')).toBe(300 - BURST);
    expect(await counter(broker, 'louyu_broker_refusals_total')).toBe(0);
    expect(flooder.connected).toBe(true);
    expect(await gauge(broker, 'louyu_broker_rate_limited_clients')).toBe(1);
    await Promise.all([flooder.endAsync(), steady.endAsync()]);
    await expect.poll(() => gauge(broker, 'louyu_broker_rate_limited_clients')).toBe(0);
  });

  test("an account's connections share one rate (three connections do not get three bursts)", async () => {
    const before = await counter(broker, 'louyu_broker_throttled_publishes_total');
    // gw-hp002 used its burst in the test before: its bucket outlives its connections.
    const clients = await Promise.all(
      ['a', 'b', 'c'].map((id) => connectAs(broker.ports.mqtt, 'gw-hp002', { clientId: `shared-${id}` })),
    );
    await Promise.all(
      clients.flatMap((client, c) =>
        Array.from({ length: 4 }, (_, i) =>
          client.publishAsync('louyu/v1/hp002/parking/p1', `shared-${c}-${i}`, { qos: 1 }),
        ),
      ),
    );
    await expect.poll(() => seen.messages.filter((m) => m.payload.startsWith('shared-')).length).toBe(12);
    expect((await counter(broker, 'louyu_broker_throttled_publishes_total')) - before).toBe(12);
    await Promise.all(clients.map((client) => client.endAsync()));
  });
});

async function counter(broker: RunningBroker, name: string): Promise<number> {
  const metric = await broker.broker.metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

async function gauge(broker: RunningBroker, name: string): Promise<number> {
  const metric = await broker.broker.metrics.registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? NaN;
}
