import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addCredential,
  revokeCredential,
  rotateCredential,
  type IssuedCredential,
  type RunningBroker,
} from '../src/index.ts';
import { closed, connackCode, inbox, startTestBroker, subscribeCodes } from './helpers.ts';

// A revoked gateway kept publishing, and was stored, on the connection it already had (issue 15,
// item 5). The operator's change to the credentials file must reach connections already open.
describe('revoking or rotating an account cuts its open connections', () => {
  let dir: string;
  let file: string;
  let broker: RunningBroker;
  const issued: Record<string, IssuedCredential> = {};
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-revoke-'));
    file = join(dir, 'credentials.json');
    for (const [username, building] of [
      ['gw-a', 'hpa'],
      ['gw-b', 'hpb'],
      ['gw-c', 'hpc'],
    ] as const)
      issued[username] = await addCredential(file, { username, role: 'gateway', building });
    issued.ingest = await addCredential(file, { username: 'ingest', role: 'service' });
    broker = await startTestBroker({ credentialsFile: file });
  });
  afterAll(async () => {
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });

  const connect = (username: string, password = issued[username]!.password): Promise<MqttClient> =>
    mqtt.connectAsync(`mqtt://127.0.0.1:${broker.ports.mqtt}`, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      username,
      password,
      clientId: `${username}-main`,
    });

  test('a revoked gateway is disconnected and cannot publish again; the others stay', async () => {
    const ingest = await connect('ingest');
    const seen = inbox(ingest);
    expect(await subscribeCodes(ingest, ['louyu/v1/#'], 1)).toEqual([1]);
    const a = await connect('gw-a');
    const c = await connect('gw-c');
    await a.publishAsync('louyu/v1/hpa/energy/m1', 'before', { qos: 1 });
    await seen.waitFor('louyu/v1/hpa/energy/m1', 'before');

    const gone = closed(a);
    expect(await revokeCredential(file, 'gw-a')).toBe(true);
    await gone;

    expect(
      await connackCode(broker.ports.mqtt, { username: 'gw-a', password: issued['gw-a']!.password }),
    ).toBe(4);
    expect(c.connected).toBe(true);
    await c.publishAsync('louyu/v1/hpc/energy/m1', 'still-here', { qos: 1 });
    await seen.waitFor('louyu/v1/hpc/energy/m1', 'still-here');
    expect(
      seen.messages.filter((m) => m.topic.startsWith('louyu/v1/hpa/energy/')).map((m) => m.payload),
    ).toEqual(['before']);
    expect(await refusals(broker)).toBe(1);
    await Promise.all([c.endAsync(), ingest.endAsync()]);
  });

  test('a rotated gateway is disconnected; it gets back in with the new password only', async () => {
    const b = await connect('gw-b');
    const gone = closed(b);
    const rotated = await rotateCredential(file, 'gw-b');
    await gone;
    expect(
      await connackCode(broker.ports.mqtt, { username: 'gw-b', password: issued['gw-b']!.password }),
    ).toBe(4);
    const back = await connect('gw-b', rotated.password);
    expect(back.connected).toBe(true);
    await back.endAsync();
  });
});

async function refusals(broker: RunningBroker): Promise<number> {
  const metric = await broker.broker.metrics.registry.getSingleMetric('louyu_broker_refusals_total')?.get();
  return metric?.values.find((v) => v.labels.reason === 'account_revoked')?.value ?? 0;
}
