// How a standalone ingest worker tells dashboards that run apart from it about its spool: a retained
// message per worker on `louyu/ops/ingest/{worker}/spool`, published on its own connection (the
// subscription's connection is closed while the spool is full). Every dashboard node subscribes to
// `louyu/ops/ingest/+/spool`, so any number of workers is seen without configuring them anywhere, and a
// dashboard that starts later gets each worker's latest state from the broker.
import { brokerConnectOptions } from '@louyu/core';
import { createHash } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';

/** The topic filter a dashboard subscribes to for every worker's spool state. */
export const INGEST_SPOOL_FILTER = 'louyu/ops/ingest/+/spool';

/** The topic one worker publishes its spool state on. */
export function ingestSpoolTopic(worker: string): string {
  return `louyu/ops/ingest/${worker.replace(/[/+#]/g, '_')}/spool`;
}

/** What a worker publishes (JSON). */
export interface IngestSpoolState {
  worker: string;
  /** The spool takes no messages: its quota is full, or the disk refused its last write. */
  full: boolean;
  /** Why, when full (`spool 65536 of 65536 bytes`, `disk refused a spool write: ENOSPC ...`). */
  detail: string | null;
  bytes: number;
  maxBytes: number;
  /** When the state was published, UTC ms. */
  at: number;
}

/** Reads a worker's message; undefined for anything else (an empty retained message clears a worker). */
export function parseIngestSpoolState(payload: Uint8Array): IngestSpoolState | undefined {
  try {
    const value = JSON.parse(Buffer.from(payload).toString('utf8')) as Partial<IngestSpoolState>;
    if (typeof value.worker !== 'string' || typeof value.full !== 'boolean') return undefined;
    return {
      worker: value.worker,
      full: value.full,
      detail: typeof value.detail === 'string' ? value.detail : null,
      bytes: typeof value.bytes === 'number' ? value.bytes : 0,
      maxBytes: typeof value.maxBytes === 'number' ? value.maxBytes : 0,
      at: typeof value.at === 'number' ? value.at : 0,
    };
  } catch {
    return undefined;
  }
}

/** Options of {@link SpoolStatePublisher}. */
export interface SpoolStatePublisherOptions {
  url: string;
  /** The worker's MQTT client id; this connection uses `{worker}-status`. */
  worker: string;
  username?: string;
  password?: string;
  reconnectPeriodMs: number;
  /** The current state, read on every (re)connect and change. */
  state: () => IngestSpoolState;
  onError?: (error: Error) => void;
}

/**
 * The status connection's client id: `{worker}-status`, within the 64 characters ingest allows, and never
 * the worker's own id nor another long id's (which would take over that session).
 */
function statusClientId(worker: string): string {
  if (worker.length <= 57) return `${worker}-status`;
  const hash = createHash('sha256').update(worker).digest('hex').slice(0, 8);
  return `${worker.slice(0, 48)}-status-${hash}`;
}

/** Publishes a worker's spool state, retained, on connect and whenever {@link SpoolStatePublisher.changed}. */
export class SpoolStatePublisher {
  readonly #options: SpoolStatePublisherOptions;
  readonly #client: MqttClient;

  constructor(options: SpoolStatePublisherOptions) {
    this.#options = options;
    // `url` may list several brokers (comma-separated): the connection moves along the list.
    this.#client = mqtt.connect({
      ...brokerConnectOptions(options.url, '--mqtt-url'),
      protocolVersion: 4,
      clientId: statusClientId(options.worker),
      clean: true,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      reconnectPeriod: options.reconnectPeriodMs,
      connectTimeout: 10_000,
    });
    this.#client.on('connect', () => this.changed());
    this.#client.on('error', (error) => options.onError?.(error));
  }

  /** Publishes the current state (when connected; the next connect publishes it otherwise). */
  changed(): void {
    if (!this.#client.connected) return;
    const state = this.#options.state();
    this.#client.publish(
      ingestSpoolTopic(state.worker),
      JSON.stringify(state),
      { qos: 1, retain: true },
      (error) => {
        if (error) this.#options.onError?.(error);
      },
    );
  }

  /** Publishes the last state and disconnects. */
  async stop(): Promise<void> {
    this.changed();
    // Waits for the broker's PUBACK, but not for ever: a broker that is away gets the state at next start.
    const ending = this.#client.endAsync().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ending, new Promise((done) => (timer = setTimeout(done, 2000)))]);
    clearTimeout(timer);
    if (!this.#client.disconnected) await this.#client.endAsync(true).catch(() => undefined);
  }
}

/** Options of {@link followIngestSpools}. */
export interface FollowIngestSpoolsOptions {
  url: string;
  username?: string;
  password?: string;
  /** Called with each worker's state as it arrives (retained ones first), and `cleared` for an empty one. */
  onState: (worker: string, state: IngestSpoolState | 'cleared') => void;
  onError?: (error: Error) => void;
  reconnectPeriodMs?: number;
}

/**
 * A dashboard's side: subscribes to every ingest worker's spool state (needs a service or admin account:
 * anonymous demo clients may not read `louyu/ops/`). Returns a function that disconnects.
 */
export function followIngestSpools(options: FollowIngestSpoolsOptions): () => Promise<void> {
  const client = mqtt.connect({
    ...brokerConnectOptions(options.url, '--mqtt-url'),
    protocolVersion: 4,
    clean: true,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    connectTimeout: 10_000,
  });
  client.on('connect', () => {
    client.subscribe(INGEST_SPOOL_FILTER, { qos: 1 }, (error, granted) => {
      if (error) return options.onError?.(error);
      if ((granted?.[0]?.qos ?? 0) >= 0x80)
        options.onError?.(new Error(`the broker refused the subscription to ${INGEST_SPOOL_FILTER}`));
    });
  });
  client.on('message', (topic, payload) => {
    const worker = topic.split('/')[3] ?? '';
    if (payload.byteLength === 0) return options.onState(worker, 'cleared');
    const state = parseIngestSpoolState(payload);
    if (state) options.onState(worker, state);
  });
  client.on('error', (error) => options.onError?.(error));
  return async () => {
    await client.endAsync(true).catch(() => undefined);
  };
}
