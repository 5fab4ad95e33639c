// Issue 17, "Done when", with real processes: two `louyu node` processes (broker + in-process ingest +
// writer, each with its own spool) on one redis-server and one influxd, and two gateways (mqtt.js clients
// given both nodes' URLs, failing over by themselves, no load balancer) publishing QoS 1 readings with a
// unique ts each. Every count is exact: what the gateways published, what the nodes acknowledged, what
// InfluxDB holds, what is missing and what is there twice. Node 1 is SIGKILLed mid-stream and started
// again on its data folder (its spool is stored then); Redis restarts mid-stream under both nodes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialStore, hashPassword, saveCredentials } from '@louyu/broker';
import { brokerConnectOptions } from '@louyu/core';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthStatus as status } from './harness/broker-accounts.ts';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { startRedis, type RedisHarness } from './harness/redis.ts';
import { freePort, spawnServer, type ServerProcess } from './harness/spawn-server.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

const LOUYU = join(import.meta.dirname, '..', 'cli', 'bin', 'louyu.js');
const DATABASE = 'louyu_scale_out';
// Two buildings of the Heping registry the nodes validate against; each has its own gateway account.
const BUILDINGS = ['new-world-commercial-tower', 'yinji-development-center'] as const;
const PASSWORD = 'scale-out-gateway-secret-17';
/** Readings each gateway publishes per scenario. */
const PER_GATEWAY = 1500;
/** Unacknowledged publishes a gateway allows at once (mqtt.js keeps them while it is away). */
const WINDOW = 400;

const dirs: string[] = [];
const processes: ServerProcess[] = [];
const gateways: CountingGateway[] = [];
let redis: RedisHarness | undefined;
let influxd: InfluxdHandle | undefined;
let credentialsFile = '';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'louyu-scale-out-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  [redis, influxd] = await Promise.all([startRedis(), startInfluxd()]);
  credentialsFile = join(tempDir(), 'credentials.json');
  const createdAt = new Date().toISOString();
  const password = await hashPassword(PASSWORD);
  await saveCredentials(
    credentialsFile,
    new CredentialStore(
      BUILDINGS.map((building) => ({
        username: `gw-${building}`,
        role: 'gateway' as const,
        building,
        password,
        createdAt,
      })),
    ),
  );
}, 120_000);

afterAll(() =>
  stopAll(
    ...gateways.map((g) => () => g.client.endAsync(true)),
    ...processes.map((p) => () => p.stop()),
    () => redis?.stop(),
    () => influxd?.dispose(),
    () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  ),
);

/** One `louyu node`; `start()` runs it (again) on the same ports and data folder. */
interface Node {
  name: string;
  mqttPort: number;
  metricsPort: number;
  dataDir: string;
  url: string;
  process?: ServerProcess;
}

async function defineNode(name: string): Promise<Node> {
  const mqttPort = await freePort();
  const metricsPort = await freePort();
  return { name, mqttPort, metricsPort, dataDir: tempDir(), url: `mqtt://127.0.0.1:${mqttPort}` };
}

/** Starts the node, ready once its /readyz says 200 (what a load balancer waits for). */
async function start(node: Node): Promise<void> {
  const server = await spawnServer({
    name: `louyu node ${node.name}`,
    command: process.execPath,
    args: [
      LOUYU,
      'node',
      '--node-name',
      node.name,
      '--host',
      '127.0.0.1',
      '--mqtt-port',
      String(node.mqttPort),
      '--metrics-port',
      String(node.metricsPort),
      '--redis',
      redis!.url,
      '--influx',
      influxd!.url,
      '--influx-database',
      DATABASE,
      '--credentials',
      credentialsFile,
      '--data-dir',
      node.dataDir,
    ],
    ready: async () => (await status(node.metricsPort, '/readyz')) === 200,
    // A node loads broker, ingest and the store worker through tsx: on a 2-core machine at load 25 that took
    // up to a minute.
    startTimeoutMs: 180_000,
  });
  processes.push(server);
  node.process = server;
}

/**
 * A building's gateway as a real one runs: one mqtt.js client (MQTT 3.1.1, clean session) given every
 * node, moving to the next at each reconnect, QoS 1 publishes that mqtt.js keeps and sends again until
 * acknowledged. It remembers the ts of every reading a node acknowledged.
 */
class CountingGateway {
  readonly client: MqttClient;
  readonly acked = new Set<number>();
  published = 0;
  inFlight = 0;
  readonly errors: Error[] = [];

  constructor(
    readonly building: string,
    urls: string,
  ) {
    this.client = mqtt.connect({
      ...brokerConnectOptions(urls, '--mqtt-url'),
      protocolVersion: 4,
      clientId: `gw-${building}`,
      username: `gw-${building}`,
      password: PASSWORD,
      clean: true,
      reconnectPeriod: 200,
      connectTimeout: 10_000,
    });
    this.client.on('error', (error) => this.errors.push(error));
  }

  /** Publishes `count` readings from `baseTs` on, `perTick` at a time, keeping at most {@link WINDOW} in flight. */
  async stream(baseTs: number, count: number, perTick = 20): Promise<void> {
    const topic = `louyu/v1/${this.building}/occupancy/f01`;
    for (let i = 0; i < count; i += perTick) {
      for (let j = i; j < Math.min(count, i + perTick); j++) {
        const ts = baseTs + j;
        this.published++;
        this.inFlight++;
        this.client.publish(
          topic,
          JSON.stringify({ ts, people: j % 400, capacity: 400 }),
          { qos: 1 },
          (e) => {
            this.inFlight--;
            if (e) this.errors.push(e);
            else this.acked.add(ts);
          },
        );
      }
      // A deliberate pace, so the faults land mid-stream; and a bounded window while a node is away.
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (this.inFlight > WINDOW)
        await until(() => this.inFlight <= WINDOW / 2, 'the in-flight window to drain', 120_000);
    }
  }
}

/** The ts of every occupancy reading InfluxDB holds for a building in [from, to), one per row. */
async function storedTs(building: string, from: number, to: number): Promise<number[]> {
  const q = `SELECT "people" FROM "occupancy" WHERE "building" = '${building}' AND time >= ${from}ms AND time < ${to}ms`;
  const response = await fetch(`${influxd!.url}/query?db=${DATABASE}&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = (await response.json()) as {
    results: { series?: { values: [number, number][] }[]; error?: string }[];
  };
  if (body.results[0]?.error) throw new Error(body.results[0].error);
  return (body.results[0]?.series ?? []).flatMap((s) => s.values.map(([ts]) => ts));
}

/** Published, acknowledged, stored, missing (acknowledged, not stored) and duplicated rows, per building and in all. */
async function tally(baseTs: number) {
  const figures = { published: 0, acked: 0, stored: 0, missing: 0, duplicated: 0 };
  for (const gateway of gateways) {
    const rows = await storedTs(gateway.building, baseTs, baseTs + PER_GATEWAY);
    const distinct = new Set(rows);
    figures.published += gateway.published;
    figures.acked += gateway.acked.size;
    figures.stored += distinct.size;
    figures.duplicated += rows.length - distinct.size;
    figures.missing += [...gateway.acked].filter((ts) => !distinct.has(ts)).length;
  }
  return figures;
}

const ackedTotal = () => gateways.reduce((sum, g) => sum + g.acked.size, 0);

describe('scale-out: louyu node processes that survive their faults', () => {
  let node1: Node;
  let node2: Node;

  it('two nodes start on one Redis and one InfluxDB; each gateway connects to the first node of its list', async () => {
    [node1, node2] = await Promise.all([defineNode('node-1'), defineNode('node-2')]);
    await Promise.all([start(node1), start(node2)]);
    gateways.push(
      new CountingGateway(BUILDINGS[0], `${node1.url},${node2.url}`),
      new CountingGateway(BUILDINGS[1], `${node2.url},${node1.url}`),
    );
    await until(() => gateways.every((g) => g.client.connected), 'both gateways connected');
    expect(gateways[0]!.client.options.port).toBe(node1.mqttPort);
    expect(gateways[1]!.client.options.port).toBe(node2.mqttPort);
  }, 400_000);

  it('a node SIGKILLed mid-stream and started again on its data folder: nothing lost, nothing twice', async () => {
    const baseTs = Date.now() - 3 * 3_600_000;
    const total = PER_GATEWAY * gateways.length;
    const streaming = Promise.all(gateways.map((g) => g.stream(baseTs, PER_GATEWAY)));

    await until(() => ackedTotal() >= total / 4, 'a quarter of the readings acknowledged', 120_000);
    node1.process!.child.kill('SIGKILL');
    await new Promise((resolve) => node1.process!.child.once('exit', resolve));
    const ackedAtKill = ackedTotal();
    // Its gateway moves to node 2 by itself and the stream goes on there.
    await until(
      () => gateways[0]!.client.connected && gateways[0]!.client.options.port === node2.mqttPort,
      'gateway 1 on node 2',
      120_000,
    );
    await until(() => ackedTotal() >= ackedAtKill + total / 4, 'readings acknowledged by node 2', 120_000);
    // The operator starts node 1 again on its data folder: what its spool held is stored.
    await start(node1);

    await streaming;
    await until(() => gateways.every((g) => g.inFlight === 0), 'every reading acknowledged', 120_000);
    await until(async () => (await tally(baseTs)).stored >= total, 'every reading stored', 120_000);
    const figures = await tally(baseTs);
    const restarted = /louyu node node-1: spool .*/.exec(node1.process!.output())?.[0];
    console.log('scale-out, node 1 SIGKILLed mid-stream:', figures, { ackedAtKill, restarted });
    expect(figures).toEqual({ published: total, acked: total, stored: total, missing: 0, duplicated: 0 });
    expect(node2.process!.child.exitCode).toBeNull();
  }, 400_000);

  it('Redis restarts mid-stream: both nodes stay up; nothing lost, nothing twice', async () => {
    for (const gateway of gateways) {
      gateway.acked.clear();
      gateway.published = 0;
    }
    const baseTs = Date.now() - 2 * 3_600_000;
    const total = PER_GATEWAY * gateways.length;
    const streaming = Promise.all(gateways.map((g) => g.stream(baseTs, PER_GATEWAY)));

    await until(() => ackedTotal() >= total / 4, 'a quarter of the readings acknowledged', 120_000);
    // Redis stops, stays away 2 s, and comes back empty on the same port.
    // (/readyz saying 503 meanwhile is tests/broker-failover.test.ts's: here only what is stored counts.)
    await redis!.restart(2000);
    const ackedWhenBack = ackedTotal();
    await until(
      async () =>
        (await status(node1.metricsPort, '/readyz')) === 200 &&
        (await status(node2.metricsPort, '/readyz')) === 200,
      'both nodes ready again',
      120_000,
    );

    await streaming;
    await until(() => gateways.every((g) => g.inFlight === 0), 'every reading acknowledged', 120_000);
    await until(async () => (await tally(baseTs)).stored >= total, 'every reading stored', 120_000);
    const figures = await tally(baseTs);
    console.log('scale-out, Redis restarted mid-stream:', figures, { ackedWhenBack });
    expect(figures).toEqual({ published: total, acked: total, stored: total, missing: 0, duplicated: 0 });
    expect(node1.process!.child.exitCode).toBeNull();
    expect(node2.process!.child.exitCode).toBeNull();
  }, 400_000);
});
