// Interest-based forwarding between broker nodes (DESIGN.md "Scale-out"), with real processes: two
// `louyu broker --redis` nodes on one redis-server, a gateway and a service subscriber (mqtt.js). A
// message crosses Redis only to a node with a subscriber that wants it, and a subscription completes only
// once every node would forward to it: a message published on the other node right after the SUBACK
// arrives. Redis' own count of PUBLISH commands (INFO commandstats) shows what crossed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveGatewayAndIngest } from './harness/broker-accounts.ts';
import { startBrokerNode, type BrokerNode } from './harness/broker-node.ts';
import { startRedis, type RedisHarness } from './harness/redis.ts';
import { POLL } from './harness/until.ts';

const GATEWAY_PASSWORD = 'b001-gateway-secret-interest';
const INGEST_PASSWORD = 'ingest-service-secret-interest';

let dir = '';
let redis: RedisHarness | undefined;
let admin: Redis | undefined;
let nodeA: BrokerNode | undefined;
let nodeB: BrokerNode | undefined;
const clients: MqttClient[] = [];
/** Nodes a test starts for itself, stopped after it whatever happens. */
const extraNodes: BrokerNode[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'louyu-interest-'));
  redis = await startRedis();
  admin = new Redis(redis.url);
  const credentialsFile = join(dir, 'credentials.json');
  await saveGatewayAndIngest(credentialsFile, {
    building: 'b001',
    gateway: GATEWAY_PASSWORD,
    ingest: INGEST_PASSWORD,
  });
  [nodeA, nodeB] = await Promise.all([
    startBrokerNode('broker node A', { redisUrl: redis.url, credentialsFile }),
    startBrokerNode('broker node B', { redisUrl: redis.url, credentialsFile }),
  ]);
}, 240_000);

afterAll(async () => {
  for (const client of clients) await client.endAsync(true).catch(() => undefined);
  for (const node of extraNodes) await node.process.stop();
  await nodeA?.process.stop();
  await nodeB?.process.stop();
  admin?.disconnect();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(node: BrokerNode, username: string, password: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(node.url, {
    username,
    password,
    clientId: `${username}-${clients.length}-${process.pid}`,
    reconnectPeriod: 0,
  });
  clients.push(client);
  return client;
}

/** Messages a client received, by topic. */
function inbox(client: MqttClient): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  client.on('message', (topic, payload) => {
    seen.set(topic, [...(seen.get(topic) ?? []), payload.toString()]);
  });
  return seen;
}

/** The counter `name` of a node's /metrics. */
async function metric(node: BrokerNode, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${node.httpPort}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

/** How many PUBLISH commands Redis has run since it started (every node's, forwarded or control). */
async function redisPublishes(): Promise<number> {
  const stats = await admin!.info('commandstats');
  return Number(/cmdstat_publish:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('broker nodes forward a message only to nodes whose subscribers want it', () => {
  it('a message published on node A right after the SUBACK on node B reaches B’s subscriber, every time', async () => {
    const gateway = await connect(nodeA!, 'gw-b001', GATEWAY_PASSWORD);
    const subscriber = await connect(nodeB!, 'ingest', INGEST_PASSWORD);
    const seen = inbox(subscriber);
    const rounds = 40;
    for (let i = 0; i < rounds; i++) {
      // A filter nobody held before, exact or with a wildcard: B has to announce it to A every time.
      const topic = `louyu/v1/b001/energy/after-suback-${i}`;
      const filter = i % 2 === 0 ? topic : `louyu/v1/+/energy/after-suback-${i}`;
      await subscriber.subscribeAsync(filter, { qos: 1 });
      // No pause: the publish races the announcement, as a service's first reading would.
      await gateway.publishAsync(topic, `reading ${i}`, { qos: 1 });
    }
    await expect
      .poll(
        () => Array.from({ length: rounds }, (_, i) => seen.get(`louyu/v1/b001/energy/after-suback-${i}`)),
        POLL,
      )
      .toEqual(Array.from({ length: rounds }, (_, i) => [`reading ${i}`]));
  }, 120_000);

  it('telemetry with no subscriber on the other node does not cross Redis; once one subscribes there, it does', async () => {
    const gateway = await connect(nodeA!, 'gw-b001', GATEWAY_PASSWORD);
    // A subscriber on the gateway's own node: delivered there, nothing for node B.
    const local = await connect(nodeA!, 'ingest', INGEST_PASSWORD);
    const localSeen = inbox(local);
    const topic = 'louyu/v1/b001/energy/no-remote';
    await local.subscribeAsync(topic, { qos: 1 });
    const messages = 200;
    const before = await redisPublishes();
    for (let i = 0; i < messages; i++) await gateway.publishAsync(topic, `m${i}`, { qos: 1 });
    await expect.poll(() => localSeen.get(topic)?.length ?? 0, POLL).toBe(messages);
    // Heartbeats and control messages only (each node says it is alive every few seconds), not one
    // PUBLISH per reading as before.
    const crossed = (await redisPublishes()) - before;
    expect(crossed).toBeLessThan(messages / 10);

    // The same telemetry with a subscriber on node B: now each reading crosses, and arrives.
    const remote = await connect(nodeB!, 'ingest', INGEST_PASSWORD);
    const remoteSeen = inbox(remote);
    await remote.subscribeAsync('louyu/v1/b001/energy/#', { qos: 1 });
    const beforeRemote = await redisPublishes();
    for (let i = 0; i < messages; i++) await gateway.publishAsync(topic, `r${i}`, { qos: 1 });
    await expect.poll(() => remoteSeen.get(topic)?.length ?? 0, POLL).toBe(messages);
    expect(remoteSeen.get(topic)).toEqual(Array.from({ length: messages }, (_, i) => `r${i}`));
    expect((await redisPublishes()) - beforeRemote).toBeGreaterThanOrEqual(messages);
  }, 120_000);

  it('a node killed without a goodbye: its filters expire and the others stop forwarding to it; started again, it gets messages again', async () => {
    // Nodes that count a silent node dead after 2 s (30 s by default), so the test need not wait long.
    process.env.LOUYU_BROKER_NODE_TTL_MS = '2000';
    const started = async (name: string) => {
      const node = await startBrokerNode(name, {
        redisUrl: redis!.url,
        credentialsFile: join(dir, 'credentials.json'),
      });
      extraNodes.push(node);
      return node;
    };
    let nodeC: BrokerNode;
    let nodeD: BrokerNode;
    try {
      [nodeC, nodeD] = await Promise.all([started('broker node C'), started('broker node D')]);
    } finally {
      delete process.env.LOUYU_BROKER_NODE_TTL_MS;
    }
    const filterKeys = async () => (await admin!.keys('louyu:mq:filters:*')).length;
    // A and B of the tests above, C and D.
    await expect.poll(filterKeys, POLL).toBe(4);
    const gateway = await connect(nodeC, 'gw-b001', GATEWAY_PASSWORD);
    const subscriber = await connect(nodeD, 'ingest', INGEST_PASSWORD);
    const seen = inbox(subscriber);
    const topic = 'louyu/v1/b001/energy/killed-node';
    await subscriber.subscribeAsync('louyu/v1/b001/#', { qos: 1 });
    await gateway.publishAsync(topic, 'before the kill', { qos: 1 });
    await expect.poll(() => seen.get(topic), POLL).toEqual(['before the kill']);
    const forwarded = 'louyu_broker_cluster_forwarded_messages_total';
    expect(await metric(nodeC, forwarded)).toBeGreaterThanOrEqual(1);

    nodeD.process.child.kill('SIGKILL');
    await new Promise((resolve) => nodeD.process.child.once('exit', resolve));
    // Its filters expire in Redis, and node C stops sending it the readings nobody else wants.
    await expect.poll(filterKeys, POLL).toBe(3);
    await expect
      .poll(async () => {
        const before = await metric(nodeC, forwarded);
        await gateway.publishAsync(topic, 'after the kill', { qos: 1 });
        return (await metric(nodeC, forwarded)) - before;
      }, POLL)
      .toBe(0);

    // Started again (a new node as far as the others know): its subscriber gets the next reading.
    const again = await started('broker node D again');
    const back = await connect(again, 'ingest', INGEST_PASSWORD);
    const seenAgain = inbox(back);
    await back.subscribeAsync('louyu/v1/b001/#', { qos: 1 });
    await gateway.publishAsync(topic, 'after the restart', { qos: 1 });
    await expect.poll(() => seenAgain.get(topic), POLL).toEqual(['after the restart']);
  }, 180_000);
});
