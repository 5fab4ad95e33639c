import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { until } from '../../tests/harness/until.ts';
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

// DESIGN.md "MQTT contract": a building may have several gateways; it is offline only when all of them
// are. Status is per gateway: one of them leaving (cleanly, by a broken link, or saying goodbye) while
// another is still connected leaves the building online.

const STATUS = 'louyu/v1/hp001/status';
const OTHER = 'louyu/v1/hp002/status';
const MARKER = 'marker/status-test';
const WILL = { topic: STATUS, payload: Buffer.from('offline'), qos: 1 as const, retain: true };

describe('a building with several gateways (one broker node)', () => {
  let broker: RunningBroker;
  let watcher: MqttClient;
  let admin: MqttClient;
  let seen: Inbox;
  /** What the broker hands its onPublish hook (the all-in-one ingest stores these). */
  const hooked: string[] = [];
  beforeAll(async () => {
    broker = await startTestBroker({
      credentials: await testCredentials(),
      onPublish: (packet) => {
        if (packet.topic.endsWith('/status'))
          hooked.push(`${packet.topic.split('/')[2]} ${String(packet.payload)}`);
      },
    });
    watcher = await connectAs(broker.ports.mqtt, 'ingest');
    seen = inbox(watcher);
    await subscribeCodes(watcher, [STATUS, OTHER, MARKER]);
    admin = await connectAs(broker.ports.mqtt, 'admin');
  });
  afterAll(async () => {
    await Promise.all([watcher?.endAsync(), admin?.endAsync()]);
    await broker?.close();
  });

  /** What a client that subscribes now is told: the retained status. */
  async function retainedStatus(topic = STATUS): Promise<string> {
    const probe = await connectAs(broker.ports.mqtt, 'admin');
    const box = inbox(probe);
    await subscribeCodes(probe, [topic]);
    await box.waitFor(topic);
    await probe.endAsync();
    expect(box.messages[0]?.retain).toBe(true);
    return box.messages[0]?.payload ?? '';
  }

  /** Waits until the broker has let go of `clientId`, then until a marker has passed through it. */
  async function settled(clientId: string): Promise<void> {
    const clients = (broker.broker.aedes as unknown as { clients: Record<string, unknown> }).clients;
    await until(() => clients[clientId] === undefined, `the broker to drop ${clientId}`);
    const from = seen.messages.length;
    await admin.publishAsync(MARKER, String(from), { qos: 1 });
    await seen.waitFor(MARKER, String(from), from);
  }

  /** Status payloads the watcher received from index `from` on (markers left out). */
  const statusesSince = (from: number) =>
    seen.messages
      .slice(from)
      .filter((m) => m.topic === STATUS)
      .map((m) => m.payload);

  test('a second client of the building (a technician tool) leaving cleanly leaves it online', async () => {
    const from = seen.messages.length;
    const main = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
    await seen.waitFor(STATUS, 'online', from);
    const tool = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-tool' });
    await tool.endAsync();
    await settled('hp001-tool');
    expect(statusesSince(from)).not.toContain('offline');
    expect(await retainedStatus()).toBe('online');

    // The last one going takes the building offline.
    await main.endAsync();
    await seen.waitFor(STATUS, 'offline', from);
    expect(await retainedStatus()).toBe('offline');
  });

  test('a second gateway whose link breaks does not take the building offline, its Last Will notwithstanding', async () => {
    const from = seen.messages.length;
    const main = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
    const second = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-second', will: WILL });
    await seen.waitFor(STATUS, 'online', from);
    second.stream.destroy();
    await closed(second);
    second.end(true);
    await settled('hp001-second');
    expect(statusesSince(from)).not.toContain('offline');
    expect(await retainedStatus()).toBe('online');

    // Now the only gateway's link breaks: that is an outage.
    main.stream.destroy();
    await closed(main);
    main.end(true);
    await seen.waitFor(STATUS, 'offline', from);
    expect(await retainedStatus()).toBe('offline');
    expect(hooked.at(-1)).toBe('hp001 offline');
  });

  test('a gateway that says offline itself while another is connected leaves the building online', async () => {
    const from = seen.messages.length;
    const main = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
    const second = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-second', will: WILL });
    await seen.waitFor(STATUS, 'online', from);
    await second.publishAsync(STATUS, 'offline', { qos: 1, retain: true });
    await second.endAsync();
    await settled('hp001-second');
    expect(statusesSince(from)).not.toContain('offline');
    expect(await retainedStatus()).toBe('online');
    await main.endAsync();
    await seen.waitFor(STATUS, 'offline', from);
  });

  test('every gateway saying goodbye before a clean disconnect is an orderly stop, not an outage', async () => {
    const from = seen.messages.length;
    const hookedFrom = hooked.length;
    const main = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
    await seen.waitFor(STATUS, 'online', from);
    // What the simulator's gateways do when stopped: `offline` retained, then DISCONNECT.
    await main.publishAsync(STATUS, 'offline', { qos: 1, retain: true });
    await main.endAsync();
    await seen.waitFor(STATUS, 'stopped', from);
    expect(statusesSince(from)).toEqual(['online', 'stopped']);
    expect(hooked.slice(hookedFrom)).toEqual(['hp001 online', 'hp001 stopped']);
    expect(await retainedStatus()).toBe('stopped');
  });

  test("a gateway's own status messages never speak for the building while it is connected", async () => {
    const from = seen.messages.length;
    const main = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
    await seen.waitFor(STATUS, 'online', from);
    await main.publishAsync(STATUS, 'online', { qos: 1, retain: true });
    await main.publishAsync(STATUS, 'garbage', { qos: 1, retain: true });
    await settledMarker();
    expect(await retainedStatus()).toBe('online');
    expect(statusesSince(from).every((s) => s === 'online')).toBe(true);
    await main.endAsync();
    await seen.waitFor(STATUS, 'offline', from);
  });

  test("one building's gateways do not count for another", async () => {
    const from = seen.messages.length;
    const a = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
    const b = await connectAs(broker.ports.mqtt, 'gw-hp002', { clientId: 'hp002-main' });
    await seen.waitFor(OTHER, 'online', from);
    await b.endAsync();
    await seen.waitFor(OTHER, 'offline', from);
    expect(await retainedStatus()).toBe('online');
    await a.endAsync();
    await seen.waitFor(STATUS, 'offline', from);
  });

  async function settledMarker(): Promise<void> {
    const from = seen.messages.length;
    await admin.publishAsync(MARKER, `m${from}`, { qos: 1 });
    await seen.waitFor(MARKER, `m${from}`, from);
  }
});

describe('an orderly broker shutdown', () => {
  test('publishes stopped, not offline, for the buildings whose gateways it disconnects', async () => {
    const hooked: string[] = [];
    const broker = await startTestBroker({
      credentials: await testCredentials(),
      onPublish: (packet) => {
        if (packet.topic.endsWith('/status'))
          hooked.push(`${packet.topic.split('/')[2]} ${String(packet.payload)}`);
      },
    });
    const withWill = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-main', will: WILL });
    const without = await connectAs(broker.ports.mqtt, 'gw-hp002', { clientId: 'hp002-main' });
    await until(() => hooked.length === 2, 'both buildings online');
    const gone = Promise.all([closed(withWill), closed(without)]);
    await broker.close();
    await gone;
    withWill.end(true);
    without.end(true);
    expect(hooked.slice(2).sort()).toEqual(['hp001 stopped', 'hp002 stopped']);
  });
});
