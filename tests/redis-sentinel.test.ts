// Issue 17, "Sentinel URLs are handled", with real processes: a Redis master, its replica and a Sentinel
// (tests/harness/redis-sentinel.ts); two `louyu broker --redis redis+sentinel://...` nodes. A gateway
// publishes QoS 1 readings on node A; a service subscriber with a persistent session on node B receives
// them through Redis. The master is SIGKILLed mid-stream and the Sentinel promotes the replica: the
// brokers follow it (ioredis asks the Sentinel for the master at every reconnect and moves when it
// announces a new one) and never exit. Counted exactly: every message acknowledged, before the kill, during
// the failover and after it, reaches the subscriber. Messages cross nodes by Redis pub/sub, which keeps
// nothing for a node that is away: node A holds what it publishes for a second after its own reconnect
// (broker/src/cluster/publish-gate.ts), by which time node B has resubscribed (before: 0, 4, 64 and 68 of
// 400 lost in four runs). Duplicates (QoS 1 is at least once) are reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthStatus, saveGatewayAndIngest } from './harness/broker-accounts.ts';
import { startBrokerNode, type BrokerNode } from './harness/broker-node.ts';
import { startSentinelGroup, type SentinelGroupHarness } from './harness/redis-sentinel.ts';
import type { ServerProcess } from './harness/spawn-server.ts';
import { until } from './harness/until.ts';

const GATEWAY_PASSWORD = 'b001-gateway-secret-sentinel';
const SERVICE_PASSWORD = 'ingest-service-secret-sentinel';
const TOPIC = 'louyu/v1/b001/occupancy/f01';
/** Readings carry ts = BASE_TS + their sequence number. */
const BASE_TS = 1_750_000_000_000;

let group: SentinelGroupHarness | undefined;
let dir = '';
const nodes: ServerProcess[] = [];
const clients: MqttClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'louyu-sentinel-test-'));
  group = await startSentinelGroup();
  await saveGatewayAndIngest(join(dir, 'credentials.json'), {
    building: 'b001',
    gateway: GATEWAY_PASSWORD,
    ingest: SERVICE_PASSWORD,
  });
});

afterAll(async () => {
  for (const client of clients) await client.endAsync(true).catch(() => undefined);
  for (const node of nodes) await node.stop();
  await group?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const readyz = (port: number): Promise<number> => healthStatus(port, '/readyz');

/** `louyu broker --redis redis+sentinel://...`, ready once /readyz says 200 (its Redis connections are up). */
async function startNode(name: string): Promise<BrokerNode> {
  const node = await startBrokerNode(name, {
    redisUrl: group!.url,
    credentialsFile: join(dir, 'credentials.json'),
  });
  nodes.push(node.process);
  return node;
}

function connect(port: number, options: mqtt.IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    protocolVersion: 4,
    connectTimeout: 10_000,
    reconnectPeriod: 500,
    ...options,
  });
}

describe('brokers on a Redis under Sentinel', () => {
  // This failed in 1 of 3 CI runs (one node's /readyz 503 for good): ioredis had ended a connection in the
  // middle of the failover. core/src/redis-stay-connected.ts says how, and tests/redis-stay-connected.test.ts
  // makes that race certain.
  it('follow the master through a failover and never exit; messages cross exactly before and after it', async () => {
    const a = await startNode('broker A');
    const b = await startNode('broker B');

    const received = new Map<number, number>();
    const subscriber = await connect(b.mqttPort, {
      username: 'ingest',
      password: SERVICE_PASSWORD,
      clientId: 'sentinel-watcher',
      clean: false,
    });
    clients.push(subscriber);
    subscriber.on('message', (_topic, payload) => {
      const seq = (JSON.parse(payload.toString()) as { ts: number }).ts - BASE_TS;
      received.set(seq, (received.get(seq) ?? 0) + 1);
    });
    await subscriber.subscribeAsync(TOPIC, { qos: 1 });

    const gateway = await connect(a.mqttPort, {
      username: 'gw-b001',
      password: GATEWAY_PASSWORD,
      clientId: 'gw-b001-sentinel',
    });
    clients.push(gateway);
    const acked = new Set<number>();
    const refused: number[] = [];
    let next = 0;
    /** Publishes `count` readings at a steady pace without waiting for each PUBACK (a gateway's window). */
    const publish = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const seq = next++;
        const reading = JSON.stringify({ ts: BASE_TS + seq, people: seq % 400, capacity: 400 });
        gateway.publish(TOPIC, reading, { qos: 1 }, (error) => {
          if (error) refused.push(seq);
          else acked.add(seq);
        });
        // A deliberate pace, not a wait for a condition: the stream spans the kill and the promotion.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    const missingIn = (from: number, to: number): number[] =>
      [...acked].filter((seq) => seq >= from && seq < to && !received.has(seq));

    // Before: exact.
    await publish(300);
    await until(() => acked.size === 300, 'node A to acknowledge the first 300');
    await until(() => received.size === 300, 'the subscriber on node B to receive the first 300');

    // The failover: keep publishing while the Sentinel notices (1 s down-after), elects itself and
    // promotes the replica.
    await group!.killMaster();
    const during = publish(400);
    await group!.waitForPromotion();
    await during;
    const windowEnd = next;
    // Both nodes' Redis connections are on the new master (/readyz 200), and messages cross again: probes
    // (sequence numbers from 1,000,000 on, outside the counted ones) until one arrives.
    await until(
      async () => (await readyz(a.httpPort)) === 200 && (await readyz(b.httpPort)) === 200,
      'both nodes ready on the new master',
    );
    next = 1_000_000;
    await until(async () => {
      await publish(1);
      return [...received.keys()].some((seq) => seq >= 1_000_000);
    }, 'a message to cross from A to B on the new master');

    // After: exact.
    next = windowEnd;
    await publish(300);
    const total = next;
    const answered = (seq: number): boolean => acked.has(seq) || refused.includes(seq);
    await until(
      () => Array.from({ length: total }, (_, seq) => seq).every(answered),
      'every publish to be acknowledged or refused',
      120_000,
    );
    await until(
      () => missingIn(windowEnd, total).length === 0,
      'every message acknowledged after the failover to cross',
      120_000,
    );

    // Those of the failover may come a little later (a resent one is acknowledged once it crossed);
    // a lost one never does: the count below says how many.
    await until(() => missingIn(300, windowEnd).length === 0, 'the failover window to cross', 10_000).catch(
      () => undefined,
    );
    const window = {
      acked: [...acked].filter((seq) => seq >= 300 && seq < windowEnd).length,
      missing: missingIn(300, windowEnd).length,
    };
    const duplicates = [...received.values()].filter((n) => n > 1).length;
    console.log(
      `sentinel failover: before 300/300 acknowledged and received; during the failover ${windowEnd - 300} published, ` +
        `${window.acked} acknowledged, ${refused.filter((seq) => seq < windowEnd).length} refused, ${window.missing} acknowledged but not received; ` +
        `after ${total - windowEnd} published, ${[...acked].filter((seq) => seq >= windowEnd && seq < total).length} acknowledged, ` +
        `${missingIn(windowEnd, total).length} missing; ${duplicates} received more than once`,
    );
    expect(missingIn(0, 300)).toEqual([]);
    expect(refused.filter((seq) => seq >= windowEnd && seq < total)).toEqual([]);
    expect(missingIn(300, windowEnd)).toEqual([]);
    expect(missingIn(windowEnd, total)).toEqual([]);
    // Neither node exited.
    for (const node of [a, b]) expect(node.process.child.exitCode).toBeNull();
  });
});
