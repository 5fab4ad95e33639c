import type { PublishPacket } from 'aedes';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningBroker } from '../src/index.ts';
import { connectAs, inbox, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

// The all-in-one mode appends to the ingest spool inside the publish path, before aedes writes the
// QoS 1 PUBACK (DESIGN.md "Delivery"). These tests run a stand-in spool as the hook.
describe('the onPublish hook', () => {
  let broker: RunningBroker;
  const spool: { topic: string; payload: string; fromClient: boolean }[] = [];
  // The one topic whose next message the hook refuses: not any next message, since the broker's own status
  // publications (a gateway's online) go through the hook too, at a time of their own.
  let refuseNextOn: string | null = null;
  beforeAll(async () => {
    broker = await startTestBroker({
      credentials: await testCredentials(),
      onPublish: async (packet: PublishPacket, client) => {
        await Promise.resolve();
        if (packet.topic === refuseNextOn) {
          refuseNextOn = null;
          throw new Error('spool full');
        }
        spool.push({ topic: packet.topic, payload: packet.payload.toString(), fromClient: client !== null });
      },
    });
  });
  afterAll(async () => broker.close());

  test('a message is in the spool by the time its publisher receives PUBACK', async () => {
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    for (let i = 0; i < 10; i++) {
      await gw.publishAsync('louyu/v1/hp001/energy/m1', `kwh-${i}`, { qos: 1 });
      expect(spool.at(-1)).toEqual({
        topic: 'louyu/v1/hp001/energy/m1',
        payload: `kwh-${i}`,
        fromClient: true,
      });
    }
    await gw.endAsync();
  });

  test('refused messages never reach the hook; gateway status changes do', async () => {
    const before = spool.length;
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp002');
    await gw.publishAsync('louyu/v1/hp001/energy/m1', 'foreign', { qos: 1 });
    await gw.publishAsync('louyu/v1/hp002/energy/m1', 'own', { qos: 1 });
    const added = spool.slice(before);
    expect(added).toContainEqual({ topic: 'louyu/v1/hp002/status', payload: 'online', fromClient: false });
    expect(added.map((e) => e.payload)).not.toContain('foreign');
    expect(added.at(-1)?.payload).toBe('own');
    await gw.endAsync();
  });

  test('when the hook fails, the message is not acknowledged: the client reconnects, resends, and it is delivered once', async () => {
    const ingest = await connectAs(broker.ports.mqtt, 'ingest');
    const seen = inbox(ingest);
    await subscribeCodes(ingest, ['louyu/v1/hp001/parking/#']);
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001', {
      clientId: 'gw-hp001-retry',
      clean: false,
      reconnectPeriod: 50,
    });
    let disconnects = 0;
    gw.on('close', () => disconnects++);
    refuseNextOn = 'louyu/v1/hp001/parking/p1';
    // Resolves only once PUBACK arrives, which needs the retry after the refusal.
    await gw.publishAsync('louyu/v1/hp001/parking/p1', 'cars-42', { qos: 1 });
    expect(disconnects).toBeGreaterThanOrEqual(1);
    await seen.waitFor('louyu/v1/hp001/parking/p1', 'cars-42');
    expect(spool.filter((e) => e.payload === 'cars-42')).toHaveLength(1);
    expect(seen.messages.filter((m) => m.payload === 'cars-42')).toHaveLength(1);
    expect(await broker.broker.metrics.refusalCount('ingest_refused')).toBe(1);
    await Promise.all([gw.endAsync(), ingest.endAsync()]);
  });
});
