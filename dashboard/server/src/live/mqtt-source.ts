import mqtt, { type MqttClient } from 'mqtt';
import { brokerConnectOptions, decodeMessage, describeBrokers, TOPIC_ROOT, type Registry } from '@louyu/core';
import type { LiveSink, LiveSource } from './source.ts';

/** How the dashboard reaches the broker: its own service account (DESIGN.md "Security"). */
export interface MqttSourceOptions {
  /** A broker URL, or several separated by commas: the source moves to the next when its broker goes away. */
  url: string;
  username?: string;
  password?: string;
  clientId?: string;
  registry: Registry;
  now?: () => number;
  /** Called for every message that fails decoding (ingest counts them; the dashboard only skips them). */
  onRejected?: (reason: string) => void;
}

/**
 * Subscribes to `louyu/v1/#` with mqtt.js and hands decoded readings and gateway status to the live state.
 * QoS 0 and a clean session: the dashboard shows what is live now and rebuilds from the store on start, so
 * it never needs the broker to queue for it (ingest holds the durable subscription).
 */
export class MqttSource implements LiveSource {
  /** Every dashboard node subscribes to the broker itself. */
  readonly reachesEveryNode = true;
  readonly #options: MqttSourceOptions;
  #client: MqttClient | undefined;

  constructor(options: MqttSourceOptions) {
    this.#options = options;
  }

  async start(sink: LiveSink): Promise<void> {
    const { url, username, password, registry } = this.#options;
    const now = this.#options.now ?? (() => Date.now());
    const brokers = brokerConnectOptions(url, '--mqtt-url');
    const where = describeBrokers(brokers);
    const client = mqtt.connect({
      ...brokers,
      protocolVersion: 4,
      clean: true,
      clientId:
        this.#options.clientId ?? `louyu-dashboard-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      reconnectPeriod: 1000,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    });
    this.#client = client;
    client.on('message', (topic, payload) => {
      const result = decodeMessage(topic, payload, now(), registry);
      if (result.type === 'reading') sink.reading(result.reading);
      else if (result.type === 'status') sink.status(result.status);
      else this.#options.onRejected?.(result.rejection.reason);
    });
    await new Promise<void>((resolve, reject) => {
      // A broker that cannot be reached sends mqtt.js on to the next of the list; start fails once every
      // broker was tried, or at once when one refuses the account (a CONNACK code).
      let unreachable = 0;
      const fail = (error: Error): void => {
        const refused = typeof (error as Error & { code?: unknown }).code === 'number';
        if (!refused && ++unreachable < brokers.servers.length) return;
        client.off('error', fail);
        reject(new Error(`dashboard MQTT ${where}: ${error.message}`));
      };
      client.on('error', fail);
      client.once('connect', () => {
        client.off('error', fail);
        resolve();
      });
    });
    // Errors after the first connect are reconnects; mqtt.js retries on its own.
    client.on('error', () => undefined);
    const granted = await client.subscribeAsync(`${TOPIC_ROOT}/#`, { qos: 0 });
    if (granted.some((g) => g.qos === 128))
      throw new Error(
        `dashboard MQTT ${where}: the broker refused the subscription to ${TOPIC_ROOT}/# (service account?)`,
      );
  }

  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) await client.endAsync(true);
  }

  connected(): boolean {
    return this.#client?.connected ?? false;
  }
}
