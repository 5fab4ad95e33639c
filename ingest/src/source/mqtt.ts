import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { IngestOutcome } from '../accept.ts';

/** Options of {@link MqttSource}. */
export interface MqttSourceOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  url: string;
  /** Fixed, so the broker keeps this subscriber's session (and its queue) while ingest is away. */
  clientId: string;
  username?: string;
  password?: string;
  /** Subscription filter (default `louyu/v1/#`). */
  topic: string;
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
    const { url, clientId, username, password, topic, reconnectPeriodMs, onEvent } = this.options;
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      clean: false,
      clientId,
      username,
      password,
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
      client.subscribe(topic, { qos: 1 }, (error, granted) => {
        if (error) return onEvent?.({ type: 'error', error });
        if (granted?.some((grant) => grant.qos === 128)) {
          return onEvent?.({
            type: 'error',
            error: new Error(`the broker refused the subscription to ${topic}`),
          });
        }
        onEvent?.({ type: 'subscribed', sessionPresent: false });
      });
    });
    client.on('offline', () => onEvent?.({ type: 'offline' }));
    client.on('error', (error) => onEvent?.({ type: 'error', error }));
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
