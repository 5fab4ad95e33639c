// Shared by the ingest fault tests (tests/ingest-*.test.ts): an in-process aedes broker that tells which
// messages ingest has acknowledged, the ingest as a real child process, and a QoS 1 publisher.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { killWithTestProcess } from './harness/spawn-server.ts';

const ROOT = join(import.meta.dirname, '..');
export const INGEST_CLIENT_ID = 'louyu-ingest-test';

/** An aedes broker on a free port that counts the distinct messages ingest acknowledged (PUBACK). */
export interface TestBroker {
  url: string;
  /** Distinct payloads ingest acknowledged at least once. */
  acked: Set<string>;
  /** Resolves once ingest has acknowledged `count` distinct messages. */
  waitForAcked(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestBroker(): Promise<TestBroker> {
  const aedes = await Aedes.createBroker();
  const acked = new Set<string>();
  const waiters: { count: number; resolve: () => void }[] = [];
  aedes.on('ack', (packet, client) => {
    if (client?.id !== INGEST_CLIENT_ID || !packet || !('payload' in packet)) return;
    acked.add(Buffer.from(packet.payload).toString('utf8') + '\u0000' + packet.topic);
    for (const waiter of waiters.filter((w) => acked.size >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const server: Server = createServer({ noDelay: true }, aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    acked,
    waitForAcked(count, timeoutMs) {
      if (acked.size >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`ingest acknowledged ${acked.size} of ${count} messages in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The ingest child process (`louyu ingest`). */
export interface IngestProcess {
  child: ChildProcess;
  httpPort: number;
  /** Log lines (pino JSON) seen so far. */
  lines: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  metrics(): Promise<string>;
}

/** Starts ingest and waits until it is ready and subscribed. */
export async function startIngestProcess(args: string[], timeoutMs = 60_000): Promise<IngestProcess> {
  const child = spawn(
    process.execPath,
    ['cli/bin/louyu.js', 'ingest', '--mqtt-client-id', INGEST_CLIENT_ID, ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  killWithTestProcess(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let httpPort = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`ingest not ready in ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    void exited.then((code) => reject(new Error(`ingest exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.includes('"ingest ready"')) httpPort = (JSON.parse(line) as { httpPort: number }).httpPort;
      if (line.includes('"mqtt subscribed"') && httpPort > 0) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    child,
    httpPort,
    lines,
    exited,
    async metrics() {
      const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
      return response.text();
    },
  };
}

/** Sum of every sample of a metric in Prometheus text. */
export function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** One message to publish. */
export interface Message {
  topic: string;
  payload: string;
}

/** The key {@link TestBroker.acked} uses for a message. */
export function ackKey(message: Message): string {
  return `${message.payload}\u0000${message.topic}`;
}

/** `count` valid occupancy readings of one floor counter, one ms apart (each its own point). */
export function occupancyMessages(count: number, baseTs: number, building = 'b001'): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: `louyu/v1/${building}/occupancy/f01`,
    payload: JSON.stringify({ ts: baseTs + i, people: i % 400, capacity: 400 }),
  }));
}

/**
 * Publishes every message with QoS 1 (the broker acknowledges each), `perTick` at a time every `tickMs`,
 * so a fault can land mid-stream. Resolves when the broker has acknowledged them all.
 */
export async function publishAll(
  url: string,
  messages: readonly Message[],
  perTick = 100,
  tickMs = 50,
): Promise<void> {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    clientId: `publisher-${process.pid}`,
    clean: true,
  });
  try {
    for (let i = 0; i < messages.length; i += perTick) {
      await Promise.all(
        messages.slice(i, i + perTick).map((m) => client.publishAsync(m.topic, m.payload, { qos: 1 })),
      );
      // A deliberate pace, not a wait for a condition: it spreads the stream over time so the fault a test
      // injects (a stopped database, a killed ingest) lands mid-stream.
      await new Promise((resolve) => setTimeout(resolve, tickMs));
    }
  } finally {
    await client.endAsync();
  }
}

/** Sends SIGTERM (ingest flushes its spool into the store) and waits for the exit code. */
export async function stopGracefully(ingest: IngestProcess): Promise<number | null> {
  ingest.child.kill('SIGTERM');
  return ingest.exited;
}
