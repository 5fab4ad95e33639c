import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoPub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import {
  connectAs,
  inbox,
  PASSWORDS,
  startTestBroker,
  subscribeCodes,
  testCredentials,
  type Inbox,
} from './helpers.ts';
import type { MqttClient } from 'mqtt';

// A refused publish is dropped and counted; the publisher stays connected. Each test proves the drop
// with a barrier: the same client then publishes an allowed message, which arrives after the refused
// one would have, since aedes handles one client's packets in order.
describe('a gateway publishes only under its own building', () => {
  let broker: RunningBroker;
  let ingest: MqttClient;
  let seen: Inbox;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials() });
    ingest = await connectAs(broker.ports.mqtt, 'ingest');
    seen = inbox(ingest);
    expect(await subscribeCodes(ingest, ['louyu/v1/#', 'elsewhere/#'])).toEqual([1, 1]);
  });
  afterAll(async () => {
    await ingest.endAsync();
    await broker.close();
  });

  test('publishing into another building is refused; the subscriber never sees it (mqtt.js)', async () => {
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    await gw.publishAsync('louyu/v1/hp002/energy/m1', '{"power_kw":1}', { qos: 1 });
    await gw.publishAsync('louyu/v1/hp001/energy/m1', '{"power_kw":2}', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/energy/m1', '{"power_kw":2}');
    expect(seen.messages.filter((m) => m.topic.startsWith('louyu/v1/hp002/'))).toEqual([]);
    expect(gw.connected).toBe(true);
    expect(await broker.broker.metrics.refusalCount('publish_acl')).toBeGreaterThanOrEqual(1);
    await gw.endAsync();
  });

  test('publishing into another building is refused (mosquitto_pub)', async () => {
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
    // mosquitto_pub gets its PUBACK (MQTT 3.1.1 has no negative one) and exits normally.
    expect(
      await mosquittoPub([...args, '-t', 'louyu/v1/hp001/occupancy/f1', '-m', 'intruder']),
    ).toMatchObject({ code: 0 });
    expect(await mosquittoPub([...args, '-t', 'louyu/v1/hp002/occupancy/f1', '-m', 'own'])).toMatchObject({
      code: 0,
    });
    await seen.waitFor('louyu/v1/hp002/occupancy/f1', 'own');
    expect(seen.messages.some((m) => m.payload === 'intruder')).toBe(false);
  });

  test('a gateway cannot publish outside louyu/v1/{building}/ at all, nor on $SYS', async () => {
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    await gw.publishAsync('elsewhere/x', 'no', { qos: 1 });
    await gw.publishAsync('$SYS/fake', 'no', { qos: 1 });
    await gw.publishAsync('louyu/v1/hp001/status', 'online', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/status', 'online');
    expect(seen.messages.some((m) => m.payload === 'no')).toBe(false);
    expect(await broker.broker.metrics.refusalCount('read_only')).toBeGreaterThanOrEqual(1);
    await gw.endAsync();
  });

  test('a service account may not publish telemetry; an admin may publish for any building', async () => {
    const svc = await connectAs(broker.ports.mqtt, 'ingest', { clientId: 'ingest-publisher' });
    await svc.publishAsync('louyu/v1/hp001/energy/m9', 'forged', { qos: 1 });
    await svc.publishAsync('elsewhere/ok', 'service-note', { qos: 1 });
    await seen.waitFor('elsewhere/ok', 'service-note');
    expect(seen.messages.some((m) => m.payload === 'forged')).toBe(false);
    const admin = await connectAs(broker.ports.mqtt, 'admin');
    await admin.publishAsync('louyu/v1/hp002/energy/m9', 'by-admin', { qos: 1 });
    await seen.waitFor('louyu/v1/hp002/energy/m9', 'by-admin');
    await svc.endAsync();
    await admin.endAsync();
  });
});
