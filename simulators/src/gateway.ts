import { brokerConnectOptions, statusTopic } from '@louyu/core';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { InflightWindow } from './inflight-window.ts';
import type { SimMessage } from './messages.ts';
import { Rng } from './prng.ts';

/** How one building's gateway connects. */
export interface GatewayOptions {
  building: string;
  /** A broker URL, or several separated by commas: the gateway moves to the next when one goes away. */
  brokerUrl: string;
  username: string;
  password: string;
  /** Unacknowledged QoS 1 publishes allowed at once. */
  window: number;
  /** Base reconnect period in ms; each gateway adds its own jitter (up to +50 %) so a restarted broker is
   * not hit by every gateway in the same millisecond. */
  reconnectPeriodMs: number;
  /** Seeds the jitter, so runs repeat. */
  seed: number;
  /** Called for every client or publish error (the fleet counts them). */
  onError: (error: Error) => void;
}

/** The longest wait between reconnect attempts: 32 x the base period, or 30 s, whichever is longer. */
export function maxReconnectPeriod(base: number): number {
  return Math.max(30_000, base * 32);
}

/** The wait before the attempt after a failed one: double the last, capped. */
export function nextReconnectPeriod(current: number, base: number): number {
  return Math.min(maxReconnectPeriod(base), Math.max(base, current * 2));
}

/** What a gateway did with a message handed to `offer`. */
export type Offer = 'sent' | 'dropped' | Promise<void>;

/**
 * One building's MQTT gateway: its own connection (MQTT 3.1.1) and credentials, Last Will `offline`
 * retained on its status topic, `online` retained on every connect, QoS 1 publishes through a bounded
 * in-flight window, automatic reconnects.
 */
export class Gateway {
  readonly client: MqttClient;
  /** Publishes the broker acknowledged. */
  acked = 0;
  /** Messages refused because the window was full while the gateway was away. */
  dropped = 0;
  /** Times the gateway (re)connected. */
  connects = 0;
  /** Times the broker acknowledged the gateway's `online` (one per connect, once it got there). */
  announced = 0;
  private readonly window: InflightWindow;
  private readonly period: number;
  private stopped = false;
  /** Reconnect attempts since the last connect. */
  private attempts = 0;

  constructor(private readonly options: GatewayOptions) {
    this.window = new InflightWindow(options.window);
    const jitter = new Rng(options.seed, `${options.building}:reconnect`).range(0, 0.5);
    this.period = Math.round(options.reconnectPeriodMs * (1 + jitter));
    const status = statusTopic(options.building);
    // mqtt.js tries the brokers of the list in turn, one per (re)connect attempt.
    const brokers = brokerConnectOptions(options.brokerUrl, '--mqtt-url');
    const clientOptions: IClientOptions = {
      ...brokers,
      protocolVersion: 4,
      clientId: options.username,
      username: options.username,
      password: options.password,
      clean: true,
      reconnectPeriod: this.period,
      connectTimeout: 10_000,
      will: { topic: status, payload: Buffer.from('offline'), qos: 1, retain: true },
    };
    this.client = mqtt.connect(clientOptions);
    this.client.on('connect', () => {
      this.connects++;
      this.attempts = 0;
      // A drop-out stretched the period; back to the normal one for the next loss.
      this.client.options.reconnectPeriod = this.period;
      this.client.publish(status, 'online', { qos: 1, retain: true }, (error) => {
        if (error) options.onError(error);
        else this.announced++;
      });
    });
    // Back off while the brokers stay away: each round of failed attempts (one per broker of the list)
    // doubles the wait, up to a cap, so a district of gateways does not hammer a broker that is
    // restarting, while a gateway whose broker died tries the next one after the base period. mqtt.js
    // reads the period each time it schedules the next attempt.
    this.client.on('reconnect', () => {
      if (++this.attempts % brokers.servers.length !== 0) return;
      this.client.options.reconnectPeriod = nextReconnectPeriod(
        this.client.options.reconnectPeriod ?? this.period,
        this.period,
      );
    });
    this.client.on('error', (error) => options.onError(error));
  }

  get building(): string {
    return this.options.building;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  get inFlight(): number {
    return this.window.inFlight;
  }

  /**
   * Hands a message to the connection. Returns 'sent' when a window slot was free, a promise when the
   * window is full and the gateway is connected (wait for it: back-pressure), and 'dropped' when the
   * window is full while the gateway is away (a bounded buffer refuses, and counts what it refused).
   */
  offer(message: SimMessage): Offer {
    if (this.window.tryAcquire()) {
      this.publish(message);
      return 'sent';
    }
    if (!this.client.connected || this.stopped) {
      this.dropped++;
      return 'dropped';
    }
    return this.window.acquire().then(() => {
      if (this.stopped) this.dropped++;
      else this.publish(message);
    });
  }

  /** Stops taking messages and wakes anyone waiting for the window. */
  halt(): void {
    this.stopped = true;
    this.window.abort();
  }

  /** Cuts the connection without a DISCONNECT (the broker fires the Last Will) and stays away `forMs`. */
  drop(forMs: number): void {
    this.client.options.reconnectPeriod = Math.max(1, Math.round(forMs));
    this.client.stream?.destroy();
  }

  /** Says goodbye: publishes `offline` retained, then disconnects cleanly (so no Will is needed). */
  async stop(): Promise<void> {
    this.halt();
    if (this.client.connected) {
      await new Promise<void>((resolve) => {
        this.client.publish(statusTopic(this.options.building), 'offline', { qos: 1, retain: true }, () =>
          resolve(),
        );
      });
    }
    await this.client.endAsync(!this.client.connected);
  }

  private publish(message: SimMessage): void {
    this.client.publish(
      message.topic,
      message.payload,
      { qos: message.qos, retain: message.retain ?? false },
      (error) => {
        this.window.release();
        if (error) this.options.onError(error);
        else this.acked++;
      },
    );
  }
}
