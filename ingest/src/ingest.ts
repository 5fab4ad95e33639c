import { join } from 'node:path';
import type { Registry as DistrictRegistry, TelemetryPoint } from '@louyu/core';
import type { Logger } from 'pino';
import { Registry as MetricsRegistry } from 'prom-client';
import { createAcceptor, type IngestOutcome } from './accept.ts';
import type { IngestConfig } from './config.ts';
import { DeadLetterLog } from './dead-letters/log.ts';
import type { DeadLetter } from './dead-letters/entry.ts';
import { IngestMetrics } from './metrics.ts';
import { MqttSource } from './source/mqtt.ts';
import { openSpool, type Spool } from './spool/spool.ts';
import { Writer, type PointSink } from './writer.ts';

/** What ingest is composed with. */
export interface IngestDeps {
  /** Where points end up (a `TelemetryStore`). Ingest does not close it. */
  store: PointSink;
  /** The district registry: buildings outside it are refused, and points get their cluster tag. */
  registry?: DistrictRegistry;
  /** Prometheus registry to register ingest's metrics on (a fresh one by default). */
  metricsRegistry?: MetricsRegistry;
  logger?: Logger;
  /** Raised when the spool becomes full (messages go unacknowledged) and lowered when it has drained. */
  onSpoolFull?: (full: boolean) => void;
  /**
   * The MQTT source cannot do its job (the broker refused a filter, the protocol or the account): the
   * process should end, non-zero, so a supervisor or an operator sees it instead of a healthy idle worker.
   */
  onFatal?: (error: Error) => void;
  /** Clock used to stamp messages without `ts` (tests). */
  now?: () => number;
}

/** A refusal the broker's publish hook throws so the message is not acknowledged (all-in-one mode). */
export class SpoolFullError extends Error {
  constructor() {
    super('ingest spool is full: message not acknowledged, send it again later');
    this.name = 'SpoolFullError';
  }
}

/** Figures for a status endpoint. */
export interface IngestStatus {
  spool: { records: number; bytes: number; full: boolean };
  deadLetters: number;
  /** The MQTT subscription of a standalone ingest (absent in the all-in-one mode). */
  mqtt?: { subscribed: boolean; filters: string[]; problem: string | null };
}

/** A built ingest: {@link Ingest.start} opens the spool and starts the writer (and the MQTT source). */
export interface Ingest {
  readonly config: IngestConfig;
  readonly metrics: IngestMetrics;
  readonly metricsRegistry: MetricsRegistry;
  /** Opens the spool (replaying what it holds), starts the writer, then the MQTT source if configured. */
  start(): Promise<void>;
  /**
   * Stops taking messages, writes what the spool holds to the store (up to `stopTimeoutMs`; the rest
   * stays on disk for the next start), then closes the spool. Does not close the store.
   */
  stop(): Promise<void>;
  /**
   * The in-process source (all-in-one mode): decode, append to the spool, say what became of the message.
   * A `stored` message is acknowledged once {@link Ingest.written} has settled.
   */
  ingestPublish(topic: string, payload: Uint8Array): IngestOutcome;
  /** Settles once every message `stored` so far has reached the operating system (rejects if writing failed). */
  written(): Promise<void>;
  /**
   * A broker `onPublish` hook: appends in the publish path; the broker's PUBACK waits for the promise it
   * returns (the spool's write of this turn). Throws {@link SpoolFullError} when the spool is full, and
   * returns a rejected promise when the write failed, so the message is not acknowledged.
   */
  publishHook(packet: { topic: string; payload: Uint8Array | string }): void | Promise<void>;
  /** The newest dead letters first. */
  deadLetters(limit?: number): DeadLetter[];
  status(): IngestStatus;
}

/** Builds ingest without opening files or connections. */
export function createIngest(config: IngestConfig, deps: IngestDeps): Ingest {
  const metricsRegistry = deps.metricsRegistry ?? new MetricsRegistry();
  const metrics = new IngestMetrics(metricsRegistry);
  const log = deps.logger;
  const now = deps.now ?? Date.now;
  const deadLetters = new DeadLetterLog({
    maxBytes: config.deadLetterMaxBytes,
    maxAgeMs: config.deadLetterMaxAgeHours * 3_600_000,
    dir: join(config.spoolDir, 'dead-letters'),
    now,
  });
  let spool: Spool | undefined;
  let writer: Writer | undefined;
  let source: MqttSource | undefined;
  let accept: ReturnType<typeof createAcceptor> | undefined;
  let subscribed = false;
  let problem: string | null = null;

  const onFullChange = (full: boolean): void => {
    log?.warn(
      { full },
      full ? 'spool full: no longer acknowledging messages' : 'spool drained: acknowledging again',
    );
    if (full) source?.pause();
    else source?.resume();
    deps.onSpoolFull?.(full);
  };

  const written = (): Promise<void> => spool?.written() ?? Promise.resolve();

  const ingestPublish = (topic: string, payload: Uint8Array): IngestOutcome => {
    if (!accept) throw new Error('ingest is not started');
    return accept(topic, payload, 'in_process');
  };

  return {
    config,
    metrics,
    metricsRegistry,
    start() {
      if (spool) return Promise.resolve();
      spool = openSpool({
        dir: config.spoolDir,
        maxBytes: config.spoolMaxBytes,
        segmentBytes: config.spoolSegmentBytes,
        fsync: config.fsync,
        onFullChange,
        onRecovery: (event) => {
          metrics.spoolRecovered.inc(event.droppedBytes);
          log?.warn(event, 'spool: dropped a torn tail (never acknowledged)');
        },
      });
      metrics.watchSpool(spool);
      if (spool.depth > 0) log?.info({ records: spool.depth, bytes: spool.bytes }, 'spool: replaying');
      const opened = spool;
      accept = createAcceptor({ spool: opened, deadLetters, metrics, registry: deps.registry, now });
      writer = new Writer({
        spool: opened,
        store: deps.store,
        batchSize: config.batchSize,
        lingerMs: config.lingerMs,
        retry: { minMs: config.retryMinMs, maxMs: config.retryMaxMs },
        metrics,
        onRejectedPoint: (point: TelemetryPoint, error: unknown) => {
          const payload = Buffer.from(JSON.stringify(point));
          deadLetters.add({
            receivedAt: now(),
            topic: `store:${point.measurement}`,
            payload,
            reason: 'store_rejected',
            detail: error instanceof Error ? error.message : String(error),
            building: point.tags.building,
            kind: point.measurement,
          });
        },
        onStoreError: (error, retryInMs) =>
          log?.warn(
            { err: error, retryInMs },
            retryInMs === undefined ? 'store refused a batch' : 'store write failed',
          ),
        onFatal: (error) => log?.error({ err: error }, 'writer stopped'),
      });
      writer.start();
      if (config.mqtt) {
        const mqttConfig = config.mqtt;
        source = new MqttSource({
          ...mqttConfig,
          accept: (topic, payload) => accept?.(topic, payload, 'mqtt') ?? 'full',
          written,
          onEvent: (event) => {
            if (event.type === 'subscribed') subscribed = true;
            else if (event.type === 'offline' || event.type === 'paused') subscribed = false;
            if (event.type === 'fatal') {
              subscribed = false;
              problem = event.error.message;
              log?.error({ err: event.error }, 'mqtt: cannot subscribe');
              deps.onFatal?.(event.error);
            } else if (event.type === 'error') log?.warn({ err: event.error }, 'mqtt');
            else log?.info(event, `mqtt ${event.type}`);
          },
        });
        source.start();
      }
      return Promise.resolve();
    },
    async stop() {
      await source?.stop();
      source = undefined;
      accept = undefined;
      await writer?.stop(config.stopTimeoutMs);
      writer = undefined;
      deadLetters.close();
      await spool?.close();
      spool = undefined;
    },
    ingestPublish,
    written,
    publishHook(packet) {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      const outcome = ingestPublish(packet.topic, payload);
      if (outcome === 'full') throw new SpoolFullError();
      // Invalid messages are acknowledged at once (counted and dead-lettered); stored ones after the write.
      if (outcome === 'stored') return written();
    },
    deadLetters: (limit) => deadLetters.list(limit),
    status: () => ({
      spool: { records: spool?.depth ?? 0, bytes: spool?.bytes ?? 0, full: spool?.isFull ?? false },
      deadLetters: deadLetters.added,
      ...(config.mqtt ? { mqtt: { subscribed, filters: config.mqtt.topics, problem } } : {}),
    }),
  };
}
