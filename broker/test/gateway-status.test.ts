import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningBroker } from '../src/index.ts';
import {
  closed,
  connectAs,
  inbox,
  startTestBroker,
  subscribeCodes,
  testCredentials,
  type Inbox,
} from './helpers.ts';

const STATUS = 'louyu/v1/hp001/status';

describe("a building's retained gateway status", () => {
  let broker: RunningBroker;
  let ingest: MqttClient;
  let seen: Inbox;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials() });
    ingest = await connectAs(broker.ports.mqtt, 'ingest');
    seen = inbox(ingest);
    await subscribeCodes(ingest, [STATUS]);
  });
  afterAll(async () => {
    await ingest.endAsync();
    await broker.close();
  });

  /** What a client that subscribes now is told: the retained status. */
  async function retainedStatus(): Promise<string> {
    const probe = await connectAs(broker.ports.mqtt, 'admin');
    const box = inbox(probe);
    await subscribeCodes(probe, [STATUS]);
    await box.waitFor(STATUS);
    await probe.endAsync();
    const first = box.messages[0];
    expect(first?.retain).toBe(true);
    return first?.payload ?? '';
  }

  test('the broker sets it online when the gateway connects, and offline when the link breaks (its Last Will is taken as its own)', async () => {
    const count = seen.messages.length;
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001', {
      clientId: 'gw-hp001',
      will: { topic: STATUS, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await seen.waitFor(STATUS, 'online', count);
    expect(await retainedStatus()).toBe('online');
    // A broken link, not a clean DISCONNECT: the building's only gateway is lost.
    gw.stream.destroy();
    await closed(gw);
    gw.end(true);
    await seen.waitFor(STATUS, 'offline', count);
    expect(seen.messages.slice(count).map((m) => m.payload)).toEqual(['online', 'offline']);
    expect(await retainedStatus()).toBe('offline');
  });

  test('a gateway without a will is marked offline by the broker when it disconnects', async () => {
    const count = seen.messages.length;
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'no-will' });
    await gw.endAsync();
    await seen.waitFor(STATUS, 'offline', count);
    expect(seen.messages.slice(count).map((m) => m.payload)).toEqual(['online', 'offline']);
    expect(await retainedStatus()).toBe('offline');
  });

  test('a gateway with a will that disconnects cleanly is marked offline too', async () => {
    const count = seen.messages.length;
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001', {
      will: { topic: STATUS, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await gw.endAsync();
    await seen.waitFor(STATUS, 'offline', count);
    expect(seen.messages.slice(count).map((m) => m.payload)).toEqual(['online', 'offline']);
  });

  test('no status is published for service accounts', async () => {
    const count = seen.messages.length;
    const svc = await connectAs(broker.ports.mqtt, 'admin');
    await svc.endAsync();
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    await seen.waitFor(STATUS, 'online', count);
    expect(seen.messages.slice(count).map((m) => m.payload)).toEqual(['online']);
    await gw.endAsync();
  });
});
