import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoPub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import { connackCode, connectAs, PASSWORDS, startTestBroker, testCredentials } from './helpers.ts';

describe('authentication with device accounts', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials() });
  });
  afterAll(async () => broker.close());

  test('a gateway with its own password is accepted', async () => {
    const client = await connectAs(broker.ports.mqtt, 'gw-hp001');
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  test('a wrong password is refused with CONNACK 4 (mqtt.js)', async () => {
    const code = await connackCode(broker.ports.mqtt, { username: 'gw-hp001', password: 'not-the-password' });
    expect(code).toBe(4);
    expect(await broker.broker.metrics.refusalCount('bad_credentials')).toBeGreaterThanOrEqual(1);
  });

  test("another account's password does not open a gateway account", async () => {
    const code = await connackCode(broker.ports.mqtt, {
      username: 'gw-hp001',
      password: PASSWORDS['gw-hp002'],
    });
    expect(code).toBe(4);
  });

  test('an unknown user is refused with CONNACK 4', async () => {
    expect(await connackCode(broker.ports.mqtt, { username: 'nobody', password: 'whatever-password' })).toBe(
      4,
    );
  });

  test('a wrong password is refused (mosquitto_pub)', async () => {
    const base = [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-V',
      'mqttv311',
      '-t',
      'louyu/v1/hp001/energy/m1',
      '-m',
      '{}',
    ];
    const bad = await mosquittoPub([...base, '-u', 'gw-hp001', '-P', 'wrong-password']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not authori[sz]ed|bad user name or password/i);
    const good = await mosquittoPub([...base, '-u', 'gw-hp001', '-P', PASSWORDS['gw-hp001'], '-q', '1']);
    expect(good).toMatchObject({ code: 0 });
  });

  test('anonymous clients are refused with CONNACK 5 when demo mode is off', async () => {
    expect(await connackCode(broker.ports.mqtt, {})).toBe(5);
    expect(await broker.broker.metrics.refusalCount('anonymous')).toBeGreaterThanOrEqual(1);
    const run = await mosquittoPub([
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-t',
      'x',
      '-m',
      'y',
    ]);
    expect(run.code).not.toBe(0);
  });

  test('a gateway whose Last Will targets another building is refused at CONNECT', async () => {
    const code = await connackCode(broker.ports.mqtt, {
      username: 'gw-hp001',
      password: PASSWORDS['gw-hp001'],
      will: { topic: 'louyu/v1/hp002/status', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    expect(code).toBe(5);
    expect(await broker.broker.metrics.refusalCount('will_acl')).toBe(1);
  });
});
