import { connect as netConnect, type Socket } from 'node:net';
import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import {
  CredentialStore,
  hashPassword,
  startBroker,
  type BrokerOptions,
  type RunningBroker,
} from '../src/index.ts';

// Shared fixtures for the broker's tests: a few accounts, a broker on a free port, real mqtt.js clients.

export const PASSWORDS = {
  'gw-hp001': 'hp001-gateway-secret',
  'gw-hp002': 'hp002-gateway-secret',
  ingest: 'ingest-service-secret',
  admin: 'admin-operator-secret',
} as const;

/** Accounts: gateways of buildings hp001 and hp002, the ingest service, an admin. */
export async function testCredentials(): Promise<CredentialStore> {
  const createdAt = new Date(0).toISOString();
  const [a, b, ingest, admin] = await Promise.all([
    hashPassword(PASSWORDS['gw-hp001']),
    hashPassword(PASSWORDS['gw-hp002']),
    hashPassword(PASSWORDS.ingest),
    hashPassword(PASSWORDS.admin),
  ]);
  return new CredentialStore([
    { username: 'gw-hp001', role: 'gateway', building: 'hp001', password: a, createdAt },
    { username: 'gw-hp002', role: 'gateway', building: 'hp002', password: b, createdAt },
    { username: 'ingest', role: 'service', password: ingest, createdAt },
    { username: 'admin', role: 'admin', password: admin, createdAt },
  ]);
}

/** A broker on free loopback ports with quiet logs and its own metrics registry. */
export async function startTestBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  return startBroker({
    host: '127.0.0.1',
    mqttPort: 0,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    ...options,
  });
}

export type Account = keyof typeof PASSWORDS;

/** Connects an mqtt.js client (MQTT 3.1.1, no automatic reconnect) as an account, or anonymously. */
export async function connectAs(
  port: number,
  account: Account | null,
  extra: IClientOptions = {},
  url = `mqtt://127.0.0.1:${port}`,
): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...(account ? { username: account, password: PASSWORDS[account] } : {}),
    ...extra,
  });
}

/**
 * Connects with an inbox attached before CONNECT goes out, so messages the broker sends right after
 * CONNACK (a restored session's queue) are not missed. Also reports the CONNACK's session-present flag.
 */
export async function connectWithInbox(
  port: number,
  account: Account | null,
  extra: IClientOptions = {},
): Promise<{ client: MqttClient; seen: Inbox; sessionPresent: boolean }> {
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...(account ? { username: account, password: PASSWORDS[account] } : {}),
    ...extra,
  });
  const seen = inbox(client);
  const sessionPresent = await new Promise<boolean>((resolve, reject) => {
    client.once('connect', (packet) => resolve(packet.sessionPresent));
    client.once('error', reject);
  });
  return { client, seen, sessionPresent };
}

/** Tries to connect and returns the CONNACK return code the broker answered (0 = accepted). */
export async function connackCode(
  port: number,
  options: IClientOptions,
  url = `mqtt://127.0.0.1:${port}`,
): Promise<number> {
  const client = mqtt.connect(url, {
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...options,
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      client.once('connect', (packet) => resolve(packet.returnCode ?? 0));
      client.once('error', (err: Error & { code?: number }) => {
        if (typeof err.code === 'number') resolve(err.code);
        else reject(err);
      });
    });
  } finally {
    await client.endAsync(true);
  }
}

/** Messages a client receives, in order. */
export interface Inbox {
  messages: { topic: string; payload: string; retain: boolean }[];
  /** Resolves once a message on `topic` with `payload` (when given) has arrived at index `from` or later. */
  waitFor(topic: string, payload?: string, from?: number): Promise<void>;
}

/** Starts recording everything the client receives. */
export function inbox(client: MqttClient): Inbox {
  const messages: Inbox['messages'] = [];
  const waiters: { topic: string; payload?: string; resolve: () => void }[] = [];
  const matches = (m: Inbox['messages'][number], topic: string, payload?: string) =>
    m.topic === topic && (payload === undefined || m.payload === payload);
  client.on('message', (topic, payload, packet) => {
    const m = { topic, payload: payload.toString(), retain: packet.retain };
    messages.push(m);
    for (const w of [...waiters]) {
      if (matches(m, w.topic, w.payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  return {
    messages,
    waitFor(topic, payload, from = 0) {
      if (messages.slice(from).some((m) => matches(m, topic, payload))) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ topic, payload, resolve }));
    },
  };
}

/**
 * The SUBACK return codes for one SUBSCRIBE (128 = refused), read from the packet itself: mqtt.js turns
 * a refusal into an error and hides the code.
 */
export function subscribeCodes(client: MqttClient, topics: string[], qos: 0 | 1 = 1): Promise<number[]> {
  return new Promise((resolve) => {
    const onPacket = (packet: Packet) => {
      if (packet.cmd !== 'suback') return;
      client.off('packetreceive', onPacket);
      const granted = packet.granted as (number | { qos: number })[];
      resolve(granted.map((g) => (typeof g === 'number' ? g : g.qos)));
    };
    client.on('packetreceive', onPacket);
    client.subscribe(topics, { qos }, () => undefined);
  });
}

/** Opens a raw TCP socket and sends bytes (for packets mqtt.js refuses to build). */
export function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Reads until `n` bytes arrived or the socket closed; returns what came. */
export function readBytes(socket: Socket, n: number): Promise<{ bytes: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= n) finish(false);
    };
    const onClose = () => finish(true);
    const finish = (closed: boolean) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve({ bytes: buf, closed });
    };
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** A MQTT 3.1.1 CONNECT packet with the given client id, clean flag and keep-alive (no will, no auth). */
export function connectPacket(clientId: string, clean: boolean, keepalive: number): Buffer {
  const id = Buffer.from(clientId, 'utf8');
  const variable = Buffer.from([
    0,
    4,
    0x4d,
    0x51,
    0x54,
    0x54,
    4,
    clean ? 0x02 : 0x00,
    keepalive >> 8,
    keepalive & 0xff,
  ]);
  const payload = Buffer.concat([Buffer.from([id.length >> 8, id.length & 0xff]), id]);
  const rest = Buffer.concat([variable, payload]);
  return Buffer.concat([Buffer.from([0x10, rest.length]), rest]);
}

/** Resolves when the client's connection closes. */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve();
    client.once('close', () => resolve());
  });
}
