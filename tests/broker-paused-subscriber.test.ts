// Issue 14, item 2: the broker must hold messages for a subscriber that stops acknowledging (ingest with a
// full spool), bounded, and never crash. Real brokers and clients over TCP: 33 gateways publishing QoS 1
// through mqtt.js, and a persistent QoS 1 subscriber (clean = false) that first stops reading while
// connected (its handler never calls back, so mqtt.js reads no more), then goes away as ingest does when
// its spool is full, then comes back and acknowledges everything. Counted: published, acknowledged to the
// gateways, delivered to the subscriber after it came back (each message carries a unique id), missing,
// duplicated; and that the broker is still alive (no uncaught error, a new client still gets in).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CredentialStore,
  generatePassword,
  hashGeneratedSecret,
  saveCredentials,
  type RunningBroker,
} from '../broker/src/index.ts';
import { startTestBroker } from '../broker/test/helpers.ts';
import { freePort } from './harness/spawn-server.ts';
import { until } from './harness/until.ts';

const ROOT = join(import.meta.dirname, '..');
const GATEWAYS = 33;
// A generated secret, as gateways get: it is checked with a hash, not scrypt, so 34 logins at once cost
// no seconds of CPU on a busy machine (that made CONNACKs time out under load).
const PASSWORD = generatePassword();
const SUBSCRIBER_ID = 'louyu-ingest-paused';
const building = (i: number) => `pb${String(i).padStart(3, '0')}`;

interface BrokerChild {
  child: ChildProcess;
  port: number;
  metricsPort: number;
  output: () => string;
  exitCode: () => number | null | undefined;
  metrics(): Promise<string>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** The ingest service account and one gateway account per building. */
function accounts(): CredentialStore {
  const createdAt = new Date(0).toISOString();
  const password = hashGeneratedSecret(PASSWORD);
  return new CredentialStore([
    { username: 'ingest', role: 'service', password, createdAt },
    ...Array.from({ length: GATEWAYS }, (_, i) => ({
      username: `gw-${building(i)}`,
      role: 'gateway' as const,
      building: building(i),
      password,
      createdAt,
    })),
  ]);
}

/** `louyu broker` as a child process, with its metrics port. */
async function startBrokerChild(env: Record<string, string> = {}): Promise<BrokerChild> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-paused-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await saveCredentials(join(dir, 'credentials.json'), accounts());
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      'cli/bin/louyu.js',
      'broker',
      '--host',
      '127.0.0.1',
      '--mqtt-port',
      String(port),
      '--metrics-port',
      String(metricsPort),
      '--credentials',
      join(dir, 'credentials.json'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve();
    }),
  );
  cleanups.push(async () => {
    if (exitCode === undefined) child.kill('SIGKILL');
    await exited;
  });
  await until(
    () => output.includes('louyu broker: mqtt://') || exitCode !== undefined,
    'the broker to listen',
  );
  if (exitCode !== undefined) throw new Error(`louyu broker exited with ${exitCode}: ${output}`);
  return {
    child,
    port,
    metricsPort,
    output: () => output,
    exitCode: () => exitCode,
    async metrics() {
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      return response.text();
    },
  };
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : Number.NaN;
}

async function connect(port: number, username: string, extra: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    username,
    password: PASSWORD,
    ...extra,
  });
  // A gateway whose broker died sees its socket close; the counts tell the story.
  client.on('error', () => undefined);
  cleanups.push(() => client.endAsync(true).then(() => undefined));
  return client;
}

/** The 33 gateways, each publishing its share of `count` QoS 1 messages with a unique id; counts PUBACKs. */
async function gateways(port: number) {
  const clients = await Promise.all(
    Array.from({ length: GATEWAYS }, (_, i) =>
      connect(port, `gw-${building(i)}`, { clientId: `gw-${building(i)}`, clean: true }),
    ),
  );
  const published = new Set<string>();
  const acked = new Set<string>();
  let seq = 0;
  return {
    published,
    acked,
    /** Publishes `perTick` messages every 10 ms until stopped (a steady fleet). */
    steady(perTick: number, padBytes: number): () => void {
      const timer = setInterval(() => this.publish(perTick, padBytes), 10);
      const stop = () => clearInterval(timer);
      // Stopped before the clients end even when the test fails half-way (cleanups run last-in first).
      cleanups.push(() => Promise.resolve(stop()));
      return stop;
    },
    /** Publishes `count` messages round robin over the gateways, without waiting for PUBACKs. */
    publish(count: number, padBytes: number) {
      const pad = 'x'.repeat(padBytes);
      for (let n = 0; n < count; n++) {
        const i = seq % GATEWAYS;
        // mqtt.js throws from inside publish on a client being ended; a closed gateway publishes nothing.
        if (clients[i]!.disconnecting || clients[i]!.disconnected) continue;
        const id = `m${seq++}`;
        published.add(id);
        const payload = JSON.stringify({ id, ts: Date.now(), people: 1, capacity: 400, pad });
        clients[i]!.publish(`louyu/v1/${building(i)}/occupancy/f01`, payload, { qos: 1 }, (err) => {
          if (!err) acked.add(id);
        });
      }
    },
  };
}

/** The subscriber's session: created, then the connection that holds every message without acknowledging. */
async function pausedSubscriber(port: number): Promise<{ client: MqttClient; received: () => number }> {
  const client = await connect(port, 'ingest', { clientId: SUBSCRIBER_ID, clean: false });
  await client.subscribeAsync('louyu/v1/#', { qos: 1 });
  let received = 0;
  // mqtt.js takes the next packet only after this calls back: the subscriber stops reading.
  client.handleMessage = (_packet: IPublishPacket, _callback: (error?: Error) => void) => {
    received++;
  };
  return { client, received: () => received };
}

/** The subscriber back on its session, acknowledging everything; counts each message id it gets. */
async function resumedSubscriber(port: number): Promise<Map<string, number>> {
  const delivered = new Map<string, number>();
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    username: 'ingest',
    password: PASSWORD,
    clientId: SUBSCRIBER_ID,
    clean: false,
  });
  client.on('message', (topic, payload) => {
    if (!topic.endsWith('/occupancy/f01')) return; // gateway status messages
    const { id } = JSON.parse(payload.toString()) as { id: string };
    delivered.set(id, (delivered.get(id) ?? 0) + 1);
  });
  cleanups.push(() => client.endAsync(true).then(() => undefined));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', (connack) =>
      connack.sessionPresent ? resolve() : reject(new Error('the broker lost the subscriber session')),
    );
    client.once('error', reject);
  });
  return delivered;
}

function tally(published: Set<string>, acked: Set<string>, delivered: Map<string, number>) {
  let missing = 0;
  let duplicated = 0;
  for (const id of acked) if (!delivered.has(id)) missing++;
  for (const n of delivered.values()) if (n > 1) duplicated += n - 1;
  const unknown = [...delivered.keys()].filter((id) => !published.has(id)).length;
  return {
    published: published.size,
    acked: acked.size,
    delivered: delivered.size,
    missing,
    duplicated,
    unknown,
  };
}

/**
 * Waits until the PUBACK count stops moving for a while: everything published is acknowledged, or (with
 * `whilePublishing`, or when messages are outstanding) the broker has stopped reading the publishers.
 */
async function ackedSettles(
  acked: Set<string>,
  published: Set<string>,
  whilePublishing = false,
): Promise<void> {
  let last = -1;
  let still = 0;
  await until(() => {
    if (!whilePublishing && acked.size === published.size) return true;
    still = acked.size === last ? still + 1 : 0;
    last = acked.size;
    return still >= 40; // 40 polls of 25 ms without a PUBACK
  }, 'the PUBACKs to settle');
}

describe('louyu broker with a subscriber that stops acknowledging (issue 14, item 2)', () => {
  it('survives a subscriber that stops reading and then leaves; every acknowledged message reaches it exactly once when it is back', async () => {
    // In this process, as `louyu start` runs it, so the routing queue can be watched (`mq.length`, which
    // mqemitter and Louyu's emitter both have) and an overflow shows as an uncaught error here.
    const uncaught: Error[] = [];
    const onUncaught = (error: Error) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    cleanups.push(() => Promise.resolve(void process.off('uncaughtException', onUncaught)));
    const running: RunningBroker = await startTestBroker({ credentials: accounts() });
    cleanups.push(() => running.close());
    const port = running.ports.mqtt;
    const aedes = running.broker.aedes as unknown as { mq: { length: number } };
    const routingQueue = () => aedes.mq.length;

    const sub = await pausedSubscriber(port);
    const gws = await gateways(port);
    // 4 KB messages from the whole fleet, steadily: soon more than the sockets buffer, so the broker's
    // deliveries to the subscriber wait for 'drain' and hold every routing slot; the publishers'
    // messages keep coming (aedes reads on) and queue for routing behind them.
    const stop = gws.steady(GATEWAYS, 4000);
    await until(() => sub.received() > 0, 'the subscriber to get its first message');
    await until(() => routingQueue() >= 10_000, '10,000 messages to queue for routing');
    stop();
    const queued = routingQueue();

    // Ingest pausing on a full spool: it drops its connection without acknowledging. Every queued
    // message now matches nobody online (they are in the session's queue already).
    await sub.client.endAsync(true);
    await until(() => uncaught.length > 0 || routingQueue() === 0, 'the routing queue to drain');
    await ackedSettles(gws.acked, gws.published);
    console.log(
      'paused subscriber, before it comes back:',
      JSON.stringify({ published: gws.published.size, acked: gws.acked.size, queuedForRouting: queued }),
    );
    expect(uncaught.map((e) => e.stack)).toEqual([]);

    const delivered = await resumedSubscriber(port);
    await until(
      () => gws.acked.size === gws.published.size && delivered.size >= gws.acked.size,
      'every published message to be acknowledged and delivered',
    );
    const counts = tally(gws.published, gws.acked, delivered);
    console.log('paused subscriber, after it came back:', JSON.stringify(counts));
    const all = gws.published.size;
    expect(counts).toEqual({
      published: all,
      acked: all,
      delivered: all,
      missing: 0,
      duplicated: 0,
      unknown: 0,
    });
    expect(uncaught).toEqual([]);
    // Still serving: a new client gets in.
    await connect(port, 'ingest', { clientId: 'after-the-storm' });
  }, 120_000);

  it('bounds the queue of an absent subscriber: at the bound it stops acknowledging publishers, warns, and goes on when the subscriber is back', async () => {
    const broker = await startBrokerChild({ LOUYU_BROKER_SESSION_QUEUE_MAX_MESSAGES: '3000' });
    const sub = await pausedSubscriber(broker.port);
    await sub.client.endAsync(true);
    const gws = await gateways(broker.port);

    // The fleet publishing steadily, as gateways do, until the queue reaches its bound and the broker
    // stops acknowledging; then on for 3,000 messages more.
    const stop = gws.steady(GATEWAYS, 200);
    await until(
      async () => metric(await broker.metrics(), 'louyu_broker_session_queues_full') === 1,
      'the session queue to reach its bound',
    );
    await ackedSettles(gws.acked, gws.published, true);
    const ackedAtBound = gws.acked.size;
    await until(() => gws.published.size >= ackedAtBound + 3_000, 'the gateways to send 3,000 more');
    stop();
    const text = await broker.metrics();
    const queued = metric(text, 'louyu_broker_session_queue_messages');
    const heldPublishes = metric(text, 'louyu_broker_publishes_held');
    console.log(
      'absent subscriber, bound 3000:',
      JSON.stringify({ published: gws.published.size, acked: gws.acked.size, queued, heldPublishes }),
    );
    // Nothing more acknowledged at the bound: the broker stopped reading the gateways. What they had sent
    // in the socket read that met the bound is acknowledged and held in the broker, not dropped.
    expect(gws.acked.size).toBe(ackedAtBound);
    expect(gws.acked.size).toBeLessThanOrEqual(queued + heldPublishes);
    expect(queued).toBeGreaterThanOrEqual(3_000);
    expect(queued).toBeLessThan(3_000 + GATEWAYS);
    expect(metric(text, 'louyu_broker_publishers_not_read')).toBeGreaterThan(0);
    expect(metric(text, 'louyu_broker_session_queue_bound_messages')).toBe(3_000);
    expect(metric(text, 'louyu_broker_session_queues_full')).toBe(1);
    expect(metric(text, 'louyu_broker_session_queues_near_bound')).toBe(1);
    expect(broker.output()).toContain('session queue nears its bound');
    expect(broker.output()).toContain('session queue at its bound');

    const delivered = await resumedSubscriber(broker.port);
    await until(
      () =>
        broker.exitCode() !== undefined ||
        (gws.acked.size === gws.published.size && delivered.size >= gws.acked.size),
      'the held publishes to be acknowledged and everything delivered',
      50_000,
    );
    const counts = tally(gws.published, gws.acked, delivered);
    console.log('absent subscriber, bound 3000, after it came back:', JSON.stringify(counts));
    expect(broker.exitCode(), broker.output().slice(-3000)).toBeUndefined();
    const all = gws.published.size;
    expect(counts).toEqual({
      published: all,
      acked: all,
      delivered: all,
      missing: 0,
      duplicated: 0,
      unknown: 0,
    });
    await until(
      async () => metric(await broker.metrics(), 'louyu_broker_session_queue_messages') === 0,
      'the session queue to empty',
    );
  }, 120_000);
});
