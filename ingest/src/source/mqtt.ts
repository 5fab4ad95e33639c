import { brokerConnectOptions } from '@louyu/core';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { IngestOutcome } from '../accept.ts';
import { isSharedFilter } from '../config.ts';

/** How long a broker keeps an MQTT 5 worker's session while it is away (MQTT 3.1.1 keeps it for good). */
const SESSION_EXPIRY_S = 7 * 24 * 3600;

/**
 * CONNACK refusals that retrying cannot mend: wrong protocol version, client id refused, bad user name or
 * password, not authorized (MQTT 3.1.1 codes 1, 2, 4, 5; MQTT 5 reason codes 0x80 and up, but for a
 * server that is unavailable, busy or over its quota, which may pass). Code 3 (server unavailable) passes.
 */
function isFatalRefusal(code: unknown): boolean {
  if (typeof code !== 'number') return false;
  // An MQTT 3.1.1 broker answers an MQTT 5 CONNECT with a 3.1.1 code (1, unacceptable protocol version).
  if ([1, 2, 4, 5].includes(code)) return true;
  return code >= 0x80 && ![0x88, 0x89, 0x97, 0x9f].includes(code);
}

/** Options of {@link MqttSource}. */
export interface MqttSourceOptions {
  /**
   * Broker URL, e.g. `mqtt://127.0.0.1:1883`, or several separated by commas: mqtt.js tries the next one
   * at each reconnect, so the worker moves to another broker node when its own goes away.
   */
  url: string;
  /** Fixed, so the broker keeps this subscriber's session (and its queue) while ingest is away. */
  clientId: string;
  username?: string;
  password?: string;
  /** Subscription filters; a `$share/...` filter makes the connection MQTT 5 (see config.ts). */
  topics: string[];
  /** Delay between reconnect attempts, in ms. */
  reconnectPeriodMs: number;
  /** Takes one message; acknowledging depends on the outcome. */
  accept: (topic: string, payload: Uint8Array) => IngestOutcome;
  /** Settles once the messages accepted so far reached the operating system (the spool's write). */
  written: () => Promise<void>;
  /** Connection events, for logs and readiness. */
  onEvent?: (event: MqttSourceEvent) => void;
}

/** What the subscription is doing. */
export type MqttSourceEvent =
  | { type: 'subscribed'; sessionPresent: boolean }
  /** The broker will not serve this worker (a refused filter, protocol or account): it cannot do its job. */
  | { type: 'fatal'; error: Error }
  | { type: 'paused'; reason: 'spool_full' }
  | { type: 'offline' }
  | { type: 'error'; error: Error };

/**
 * The MQTT subscription: QoS 1, persistent session (clean = false, fixed client id), MQTT 3.1.1.
 *
 * mqtt.js handles incoming packets one at a time and sends a QoS 1 PUBACK only after `handleMessage`
 * calls back without an error (node_modules/mqtt/build/lib/handlers/publish.js; `customHandleAcks` is
 * honoured for MQTT 5 only). So `handleMessage` is where a message is appended to the spool, and it calls
 * back once the spool has written it (an invalid message, dead-lettered, at once). When the spool is full it calls back with an error, which makes
 * mqtt.js skip the PUBACK, and drops the connection: the broker keeps every unacknowledged message in the
 * session and redelivers it once ingest reconnects, after the spool has drained.
 */
export class MqttSource {
  private client: MqttClient | undefined;
  private withholding = false;
  private stopped = false;
  private transition: Promise<void> = Promise.resolve();

  constructor(private readonly options: MqttSourceOptions) {}

  /** True while messages are refused (spool full, or stopping). */
  get paused(): boolean {
    return this.withholding || this.stopped;
  }

  /** Connects and subscribes; mqtt.js keeps reconnecting by itself while the broker is away. */
  start(): void {
    this.stopped = false;
    this.withholding = false;
    this.client = this.connect();
  }

  /** The spool is full: withhold acknowledgements and disconnect until {@link MqttSource.resume}. */
  pause(): void {
    if (this.withholding || this.stopped) return;
    this.withholding = true;
    this.options.onEvent?.({ type: 'paused', reason: 'spool_full' });
    const client = this.client;
    this.client = undefined;
    this.transition = this.transition.then(() => client?.endAsync(true)).catch(() => undefined);
  }

  /** The spool has room again: reconnect, and the broker redelivers what it kept. */
  resume(): void {
    if (!this.withholding || this.stopped) return;
    this.transition = this.transition
      .then(() => {
        if (this.stopped) return;
        this.withholding = false;
        this.client = this.connect();
      })
      .catch(() => undefined);
  }

  /** Stops taking messages (any still arriving go unacknowledged, so the broker keeps them) and disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await this.transition;
    await client?.endAsync();
  }

  private connect(): MqttClient {
    const { url, clientId, username, password, topics, reconnectPeriodMs, onEvent } = this.options;
    // Shared subscriptions exist from MQTT 5 on; Louyu's broker (aedes) speaks 3.1.1 only.
    const protocolVersion = topics.some(isSharedFilter) ? 5 : 4;
    const client = mqtt.connect({
      ...brokerConnectOptions(url, '--mqtt-url'),
      protocolVersion,
      ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: SESSION_EXPIRY_S } } : {}),
      clean: false,
      clientId,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      reconnectPeriod: reconnectPeriodMs,
      connectTimeout: 10_000,
      // Resubscribing on every reconnect would replay retained status messages; the session keeps them.
      resubscribe: false,
    });
    client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void): void =>
      this.handle(client, packet, callback);
    client.on('connect', (connack) => {
      if (connack.sessionPresent) {
        onEvent?.({ type: 'subscribed', sessionPresent: true });
        return;
      }
      client.subscribe(topics, { qos: 1 }, (error, granted) => {
        // SUBACK 0x80 (MQTT 5: any reason code from 0x80): a worker without its subscription would run
        // healthy and store nothing, so the refusal ends it. mqtt.js reports a refusal as an error that
        // carries the SUBACK, one code per filter in the order they were asked for.
        const codes = error ? subackCodes(error) : (granted ?? []).map((grant) => grant.qos);
        if (error && !codes) return onEvent?.({ type: 'error', error });
        const refused = topics.filter((_, i) => (codes?.[i] ?? 0) >= 0x80);
        if (refused.length > 0) {
          return onEvent?.({
            type: 'fatal',
            error: new Error(`the broker refused the subscription to ${refused.join(', ')}`),
          });
        }
        onEvent?.({ type: 'subscribed', sessionPresent: false });
      });
    });
    client.on('offline', () => onEvent?.({ type: 'offline' }));
    client.on('error', (error) => {
      const code = (error as Error & { code?: unknown }).code;
      if (!isFatalRefusal(code)) return onEvent?.({ type: 'error', error });
      // The broker of the list that answered (mqtt.js moves client.options along the list).
      const at = `${client.options.protocol}://${client.options.host}:${client.options.port}`;
      const why =
        code === 1 && protocolVersion === 5
          ? `the broker at ${at} does not speak MQTT 5, which the shared subscription ${topics.join(', ')} needs (Louyu's own broker has no shared subscriptions: split plain filters between workers)`
          : `the broker at ${at} refused the connection: ${error.message}`;
      onEvent?.({ type: 'fatal', error: new Error(why) });
    });
    return client;
  }

  private handle(client: MqttClient, packet: IPublishPacket, callback: (error?: Error) => void): void {
    if (this.paused || client !== this.client) {
      callback(new Error('ingest is not taking messages: acknowledgement withheld'));
      return;
    }
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const outcome = this.options.accept(packet.topic, payload);
    if (outcome === 'full') {
      callback(new Error('spool full: acknowledgement withheld'));
      this.pause();
      return;
    }
    if (outcome === 'rejected') return callback();
    this.options.written().then(
      () => callback(),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }
}

/** The SUBACK codes of mqtt.js' `ErrorWithSubackPacket`, or undefined for another error. */
function subackCodes(error: Error): number[] | undefined {
  const granted = (error as Error & { packet?: { granted?: unknown } }).packet?.granted;
  return Array.isArray(granted) ? granted.map((code) => (typeof code === 'number' ? code : 0x80)) : undefined;
}
