import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoPub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import { connectAs, inbox, startTestBroker, subscribeCodes, testCredentials, type Inbox } from './helpers.ts';

describe('demo mode: anonymous visitors look around', () => {
  let broker: RunningBroker;
  let visitor: MqttClient;
  let seen: Inbox;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials(), demo: true });
    visitor = await connectAs(broker.ports.mqtt, null);
    seen = inbox(visitor);
  });
  afterAll(async () => {
    await visitor.endAsync();
    await broker.close();
  });

  test('an anonymous client connects and may read louyu/v1/#', async () => {
    expect(await subscribeCodes(visitor, ['louyu/v1/#'])).toEqual([1]);
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    await gw.publishAsync('louyu/v1/hp001/energy/m1', 'real', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/energy/m1', 'real');
    await gw.endAsync();
  });

  test('an anonymous client never publishes building data (mqtt.js and mosquitto_pub)', async () => {
    await visitor.publishAsync('louyu/v1/hp001/energy/m1', 'fake', { qos: 1 });
    expect(
      await mosquittoPub([
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.ports.mqtt),
        '-q',
        '1',
        '-t',
        'louyu/v1/hp002/status',
        '-m',
        'fake',
      ]),
    ).toMatchObject({ code: 0 });
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    await gw.publishAsync('louyu/v1/hp001/energy/m1', 'after', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/energy/m1', 'after');
    expect(seen.messages.some((m) => m.payload === 'fake')).toBe(false);
    expect(visitor.connected).toBe(true);
    await gw.endAsync();
  });

  test('anonymous clients use anything outside louyu/, retained messages included', async () => {
    expect(await subscribeCodes(visitor, ['playground/#'])).toEqual([1]);
    await visitor.publishAsync('playground/retained', 'kept', { qos: 1, retain: true });
    await seen.waitFor('playground/retained', 'kept');
    const other = await connectAs(broker.ports.mqtt, null);
    const otherSeen = inbox(other);
    await subscribeCodes(other, ['playground/+']);
    await otherSeen.waitFor('playground/retained', 'kept');
    expect(otherSeen.messages[0]?.retain).toBe(true);
    await other.endAsync();
  });

  test('anonymous subscriptions elsewhere under louyu/ are refused with 0x80; a wide # is trimmed', async () => {
    expect(await subscribeCodes(visitor, ['louyu/private/#', 'louyu/v2/x'])).toEqual([0x80, 0x80]);
    const wide = await connectAs(broker.ports.mqtt, null);
    const wideSeen = inbox(wide);
    expect(await subscribeCodes(wide, ['#'])).toEqual([1]);
    const admin = await connectAs(broker.ports.mqtt, 'admin');
    await admin.publishAsync('louyu/internal/secret', 'hidden', { qos: 1 });
    await admin.publishAsync('louyu/v1/hp002/energy/m1', 'visible', { qos: 1 });
    await wideSeen.waitFor('louyu/v1/hp002/energy/m1', 'visible');
    expect(wideSeen.messages.some((m) => m.payload === 'hidden')).toBe(false);
    await Promise.all([wide.endAsync(), admin.endAsync()]);
  });

  test('a wrong password is still refused in demo mode (no fallback to anonymous)', async () => {
    const run = await mosquittoPub([
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-u',
      'gw-hp001',
      '-P',
      'wrong',
      '-t',
      'x',
      '-m',
      'y',
    ]);
    expect(run.code).not.toBe(0);
  });
});
