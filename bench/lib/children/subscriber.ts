// The receiving end of the broker and latency suites: one MQTT subscriber counting what arrives (and, when
// asked, how long each message took since its publisher stamped it).
import mqtt, { type MqttClient } from 'mqtt';
import { ownCpuMs, serve } from '../child.ts';
import { publishTimeOf } from '../payloads.ts';
import { wallMs } from '../stats.ts';

export interface SubscribeArgs {
  url: string;
  topic: string;
  qos: 0 | 1;
  username?: string;
  password?: string;
  noDelay?: boolean;
}

export interface ReadResult {
  received: number;
  elapsedMs: number;
  cpuPct: number;
  /** Publish -> receive times in ms, when latency was on. */
  latencies: number[];
}

let client: MqttClient | undefined;
let received = 0;
let t0 = performance.now();
let cpu0 = ownCpuMs();
let measureLatency = false;
let latencies: number[] = [];

async function connect(args: SubscribeArgs): Promise<void> {
  const c = await mqtt.connectAsync(args.url, {
    protocolVersion: 4,
    clientId: `bench-sub-${process.pid}`,
    clean: true,
    keepalive: 300,
    reconnectPeriod: 0,
    ...(args.username ? { username: args.username, password: args.password } : {}),
  });
  if (args.noDelay) (c.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  c.on('message', (topic, payload) => {
    // Gateway status messages (the broker's own online/offline) are not load.
    if (topic.endsWith('/status')) return;
    received++;
    if (measureLatency) {
      const t = publishTimeOf(payload);
      if (t !== null) latencies.push(wallMs() - t);
    }
  });
  c.on('error', () => undefined);
  await c.subscribeAsync(args.topic, { qos: args.qos });
  client = c;
}

function reset(args: { latency?: boolean } = {}): void {
  received = 0;
  latencies = [];
  measureLatency = args.latency ?? false;
  t0 = performance.now();
  cpu0 = ownCpuMs();
}

function read(): ReadResult {
  const elapsedMs = performance.now() - t0;
  return { received, elapsedMs, cpuPct: ((ownCpuMs() - cpu0) / elapsedMs) * 100, latencies };
}

/** Waits until nothing has arrived for `quietMs` (the broker has drained its queue to us), up to `maxMs`. */
async function settle(args: { quietMs: number; maxMs: number }): Promise<number> {
  const end = performance.now() + args.maxMs;
  let last = received;
  let lastChange = performance.now();
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    if (received !== last) {
      last = received;
      lastChange = performance.now();
    } else if (performance.now() - lastChange >= args.quietMs) break;
  }
  return received;
}

async function disconnect(): Promise<void> {
  await client?.endAsync(true).catch(() => undefined);
  client = undefined;
}

serve({ connect, reset, read, settle, disconnect, close: disconnect });
