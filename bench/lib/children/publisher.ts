// Load generator: a set of MQTT clients in one process, publishing at a paced rate or as fast as the
// broker acknowledges. Reports what it sent and its own CPU, so a run can show it was not the bottleneck.
import mqtt from 'mqtt';
import { ownCpuMs, serve } from '../child.ts';
import { LeanMqttClient } from '../lean-mqtt.ts';
import { makePayload, type PayloadKind } from '../payloads.ts';
import { wallMs } from '../stats.ts';

/** One connection of the generator. */
export interface PublisherClient {
  clientId: string;
  username?: string;
  password?: string;
  /** The topic it publishes on. */
  topic: string;
}

export interface ConnectArgs {
  url: string;
  clients: PublisherClient[];
  /** TCP_NODELAY on the client sockets (mqtt.js leaves Nagle on). */
  noDelay?: boolean;
  /**
   * The MQTT client: mqtt.js (default), or the bench's lean publisher (lean-mqtt.ts), which costs the
   * generator process a fraction of the CPU per message, leaving more of a small machine to the system
   * under test.
   */
  client?: 'mqtt.js' | 'lean';
}

/** What the run loop needs of a connection, whichever client makes it. */
interface Connection {
  publish(topic: string, payload: Buffer, qos: 0 | 1, done: () => void): void;
  end(): Promise<void>;
}

export interface RunArgs {
  qos: 0 | 1;
  payload: PayloadKind;
  durationMs: number;
  /** Messages per second over all clients; null = as fast as the broker takes them. */
  rate: number | null;
  /** Unacknowledged publishes per client (QoS 1), or unwritten ones (QoS 0). */
  window: number;
  /**
   * Energy payloads: each client speaks for this many meters (topic `<topic><n>`), each reporting once a
   * simulated minute from `tsBase`, as a district's gateways do; so every message is a new point in its own
   * minute, which is what the store's per-minute rollups pay for.
   */
  devices?: number;
  tsBase?: number;
}

export interface RunResult {
  sent: number;
  acked: number;
  /** Paced runs: publishes that could not go out because the client's window was full. */
  behind: number;
  elapsedMs: number;
  cpuPct: number;
}

let clients: { client: Connection; spec: PublisherClient; inflight: number; seq: number }[] = [];

async function connectMqttJs(url: string, spec: PublisherClient, noDelay: boolean): Promise<Connection> {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    clientId: spec.clientId,
    clean: true,
    keepalive: 300,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    ...(spec.username ? { username: spec.username, password: spec.password } : {}),
  });
  if (noDelay) (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  // mqtt.js waits for 'drain' with one listener per publish that found the socket full; a window of
  // hundreds is expected here, not a leak.
  client.stream.setMaxListeners(0);
  client.on('error', () => undefined);
  return {
    publish: (topic, payload, qos, done) => void client.publish(topic, payload, { qos }, done),
    end: () => client.endAsync(true),
  };
}

function connectLean(url: string, spec: PublisherClient, noDelay: boolean): Promise<Connection> {
  const { hostname, port } = new URL(url);
  return LeanMqttClient.connect({
    host: hostname,
    port: Number(port || 1883),
    clientId: spec.clientId,
    ...(spec.username ? { username: spec.username, password: spec.password } : {}),
    noDelay,
  });
}

async function connect(args: ConnectArgs): Promise<{ connected: number }> {
  // Connect in small groups: a burst of hundreds of CONNECTs is a different benchmark.
  for (let i = 0; i < args.clients.length; i += 20) {
    const group = args.clients.slice(i, i + 20);
    const connected = await Promise.all(
      group.map(async (spec) => {
        const noDelay = args.noDelay ?? false;
        const client =
          args.client === 'lean'
            ? await connectLean(args.url, spec, noDelay)
            : await connectMqttJs(args.url, spec, noDelay);
        return { client, spec, inflight: 0, seq: 0 };
      }),
    );
    clients.push(...connected);
  }
  return { connected: clients.length };
}

async function run(args: RunArgs): Promise<RunResult> {
  let sent = 0;
  let acked = 0;
  let behind = 0;
  const cpu0 = ownCpuMs();
  const t0 = performance.now();
  const deadline = t0 + args.durationMs;
  let stopped = false;

  const publishOne = (c: (typeof clients)[number]): void => {
    c.inflight++;
    sent++;
    const seq = c.seq++;
    const devices = args.devices ?? 0;
    const topic = devices > 0 ? `${c.spec.topic}${seq % devices}` : c.spec.topic;
    const ts = devices > 0 ? (args.tsBase ?? 0) + Math.floor(seq / devices) * 60_000 : undefined;
    const payload = makePayload(args.payload, seq, wallMs(), ts);
    c.client.publish(topic, payload, args.qos, () => {
      c.inflight--;
      acked++;
      if (args.rate === null && !stopped && performance.now() < deadline) publishOne(c);
    });
  };

  if (args.rate === null) {
    for (const c of clients) for (let i = 0; i < args.window; i++) publishOne(c);
    await new Promise((resolve) => setTimeout(resolve, args.durationMs));
    stopped = true;
  } else {
    // Paced: every 5 ms, publish what is owed, round-robin over the clients.
    const rate = args.rate;
    let next = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        if (now >= deadline) {
          clearInterval(timer);
          return resolve();
        }
        const owed = Math.floor(((now - t0) * rate) / 1000) - sent - behind;
        for (let i = 0; i < owed; i++) {
          const c = clients[next++ % clients.length];
          if (!c) break;
          if (c.inflight >= args.window) behind++;
          else publishOne(c);
        }
      }, 5);
    });
    stopped = true;
  }
  const elapsedMs = performance.now() - t0;
  // Let the last acknowledgements arrive (bounded: a broker that stopped answering ends the wait).
  const waitUntil = performance.now() + 5000;
  while (acked < sent && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
  const cpuPct = ((ownCpuMs() - cpu0) / (performance.now() - t0)) * 100;
  return { sent, acked, behind, elapsedMs, cpuPct };
}

async function disconnect(): Promise<void> {
  await Promise.all(clients.map((c) => c.client.end().catch(() => undefined)));
  clients = [];
}

serve({
  connect,
  run,
  disconnect,
  memory: () => process.memoryUsage().rss,
  close: disconnect,
});
