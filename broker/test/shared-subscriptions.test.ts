import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoSub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import { connectAs, PASSWORDS, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

// Issue 14 item 3: aedes 1.2 has no shared subscriptions, so a `$share/{group}/{filter}` subscription
// was granted and matched nothing (nobody publishes on `$share/...`): a worker pointed at it stored
// nothing while looking healthy. Until the broker has them, it refuses them (SUBACK 0x80) and says why.

describe('shared subscriptions are refused, not silently granted', () => {
  let broker: RunningBroker;
  let logText = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logText += chunk.toString();
        done();
      },
    });
    broker = await startTestBroker({
      credentials: await testCredentials(),
      demo: true,
      logger: pino({ level: 'info' }, sink),
    });
  });
  afterAll(async () => broker.close());

  test('a service subscribing to $share/g/louyu/v1/# gets SUBACK 0x80, counted and logged with the reason', async () => {
    const ingest = await connectAs(broker.ports.mqtt, 'ingest');
    expect(await subscribeCodes(ingest, ['$share/g/louyu/v1/#', 'louyu/v1/#'])).toEqual([0x80, 1]);
    // The connection stays open (MQTT 3.1.1 §3.9.3).
    expect(ingest.connected).toBe(true);
    expect(await broker.broker.metrics.refusalCount('shared_subscription')).toBe(1);
    const line = logText
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.filter === '$share/g/louyu/v1/#');
    expect(line).toMatchObject({ reason: 'shared_subscription', clientId: ingest.options.clientId });
    expect(String(line?.msg)).toMatch(/shared subscriptions/i);
    await ingest.endAsync();
  });

  test('admin and anonymous clients are refused too, for any group and filter ($queue/ as well)', async () => {
    const admin = await connectAs(broker.ports.mqtt, 'admin');
    expect(await subscribeCodes(admin, ['$share/workers/#', '$share/a/b', '$queue/louyu/v1/#'], 0)).toEqual([
      0x80, 0x80, 0x80,
    ]);
    await admin.endAsync();
    const visitor = await connectAs(broker.ports.mqtt, null);
    expect(await subscribeCodes(visitor, ['$share/g/louyu/v1/#'])).toEqual([0x80]);
    await visitor.endAsync();
  });

  test('mosquitto_sub on $share/g/louyu/v1/# is told the subscription was denied', async () => {
    const run = await mosquittoSub([
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-V',
      'mqttv311',
      '-u',
      'ingest',
      '-P',
      PASSWORDS.ingest,
      '-t',
      '$share/g/louyu/v1/#',
      '-C',
      '1',
      '-W',
      '5',
    ]);
    expect(run.stderr + run.stdout).toMatch(/denied/i);
  });
});
