import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoSub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import { connectAs, inbox, PASSWORDS, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

describe('who may subscribe to what', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials() });
  });
  afterAll(async () => broker.close());

  test('a gateway subscribing to louyu/v1/# gets SUBACK 0x80 and stays connected', async () => {
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    const own = inbox(gw);
    expect(await subscribeCodes(gw, ['louyu/v1/#'])).toEqual([0x80]);
    expect(await subscribeCodes(gw, ['#', 'louyu/v1/+/energy/#', 'louyu/v1/hp002/#', '$SYS/#'])).toEqual([
      0x80, 0x80, 0x80, 0x80,
    ]);
    expect(gw.connected).toBe(true);
    // Still usable: it may subscribe under its own building, e.g. for commands.
    expect(await subscribeCodes(gw, ['louyu/v1/hp001/cmd/#'])).toEqual([1]);
    await gw.publishAsync('louyu/v1/hp001/cmd/reboot', 'now', { qos: 1 });
    await own.waitFor('louyu/v1/hp001/cmd/reboot', 'now');
    expect(await broker.broker.metrics.refusalCount('subscribe_acl')).toBeGreaterThanOrEqual(5);
    await gw.endAsync();
  });

  test('a mixed SUBSCRIBE gets a code per filter', async () => {
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp002');
    expect(await subscribeCodes(gw, ['louyu/v1/hp002/cmd/#', 'louyu/v1/hp001/cmd/#'], 0)).toEqual([0, 0x80]);
    await gw.endAsync();
  });

  test('mosquitto_sub as a gateway on louyu/v1/# is denied', async () => {
    const run = await mosquittoSub([
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-V',
      'mqttv311',
      '-u',
      'gw-hp001',
      '-P',
      PASSWORDS['gw-hp001'],
      '-t',
      'louyu/v1/#',
      '-C',
      '1',
      '-W',
      '5',
    ]);
    expect(run.stderr + run.stdout).toMatch(/denied/i);
  });

  test('service accounts subscribe anywhere, $SYS included; nobody subscribes under $louyu/', async () => {
    const svc = await connectAs(broker.ports.mqtt, 'ingest');
    expect(await subscribeCodes(svc, ['louyu/v1/#', '#', '$SYS/#', '$louyu/#'])).toEqual([1, 1, 1, 0x80]);
    await svc.endAsync();
  });
});
