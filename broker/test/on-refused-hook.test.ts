import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RefusalReason, RunningBroker } from '../src/index.ts';
import { connectAs, inbox, startTestBroker, subscribeCodes, testCredentials } from './helpers.ts';

// A publish the broker refuses never reaches onPublish (so never ingest). The onRefused hook sees it first,
// as the client sent it: the all-in-one mode keeps it in ingest's dead letters (issue 15, item 10).
describe('the onRefused hook', () => {
  let broker: RunningBroker;
  const refused: { topic: string; bytes: number; client: string; reason: RefusalReason }[] = [];
  beforeAll(async () => {
    broker = await startTestBroker({
      credentials: await testCredentials(),
      onRefused: (packet, client, reason) =>
        refused.push({ topic: packet.topic, bytes: packet.payload.length, client: client.id, reason }),
    });
  });
  afterAll(async () => broker.close());

  test('sees an oversized payload and a foreign topic before they are dropped', async () => {
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'gw-hp001-big' });
    await gw.publishAsync('louyu/v1/hp001/energy/m1', Buffer.alloc(20 * 1024, 'x'), { qos: 1 });
    await gw.publishAsync('louyu/v1/hp002/energy/m1', 'foreign', { qos: 1 });
    expect(refused).toEqual([
      {
        topic: 'louyu/v1/hp001/energy/m1',
        bytes: 20 * 1024,
        client: 'gw-hp001-big',
        reason: 'payload_too_large',
      },
      { topic: 'louyu/v1/hp002/energy/m1', bytes: 7, client: 'gw-hp001-big', reason: 'publish_acl' },
    ]);
    await gw.endAsync();
  });

  test('a service may publish its own state under louyu/ops/, not data', async () => {
    const before = refused.length;
    const reader = await connectAs(broker.ports.mqtt, 'admin');
    const seen = inbox(reader);
    expect(await subscribeCodes(reader, ['louyu/ops/#'])).toEqual([1]);
    const ingest = await connectAs(broker.ports.mqtt, 'ingest');
    await ingest.publishAsync('louyu/ops/ingest/w1/spool', '{"full":true}', { qos: 1, retain: true });
    await seen.waitFor('louyu/ops/ingest/w1/spool', '{"full":true}');
    await ingest.publishAsync('louyu/v1/hp001/energy/m1', 'data', { qos: 1 });
    expect(refused.slice(before).map((r) => r.reason)).toEqual(['publish_acl']);
    await ingest.endAsync();
    await reader.endAsync();
  });
});
