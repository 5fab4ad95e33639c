import { join } from 'node:path';
import type { Registry as DistrictRegistry, TelemetryPoint } from '@louyu/core';
import type { Logger } from 'pino';
import { Registry as MetricsRegistry } from 'prom-client';
import { createAcceptor, type IngestOutcome } from './accept.ts';
import type { IngestConfig } from './config.ts';
import { DeadLetterLog } from './dead-letters/log.ts';
import type { DeadLetter } from './dead-letters/entry.ts';
import type { DeadLetterInput } from './dead-letters/entry.ts';
import { IngestMetrics } from './metrics.ts';
import { SpoolStatePublisher } from './ops-status.ts';
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
  /**
   * Raised when the spool takes no more messages (they go unacknowledged): its quota is full, or the disk
   * refused a write (ENOSPC, EFBIG); lowered when it has drained and writes succeed. `detail` says which.
   */
  onSpoolFull?: (full: boolean, detail: string | null) => void;
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
  /**
   * `full`: the quota is reached; `writeFailed`: the disk refused the last write (until one succeeds);
   * `problem`: what keeps the spool from taking messages, if anything.
   */
  spool: {
    records: number;
    bytes: number;
    maxBytes: number;
    full: boolean;
    writeFailed: boolean;
    problem: string | null;
  };
  /** Taking messages: the spool takes them (and, standalone, the MQTT subscription is up). */
  ready: boolean;
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
  /**
   * Keeps a message refused before it reached ingest (the all-in-one broker's payload, topic or ACL
   * refusals) in the dead-letter log, counted as rejected with its reason.
   */
  recordDeadLetter(input: Omit<DeadLetterInput, 'receivedAt'> & { receivedAt?: number }): void;
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
    onWriteError: (error) => log?.warn({ err: error }, 'dead letters not written to disk (kept in memory)'),
  });
  let spool: Spool | undefined;
  let writer: Writer | undefined;
  let source: MqttSource | undefined;
  let accept: ReturnType<typeof createAcceptor> | undefined;
  let statePublisher: SpoolStatePublisher | undefined;
  let subscribed = false;
  let problem: string | null = null;
  /** Why the disk refused the last spool write, until a write succeeds. */
  let writeFailure: string | null = null;
  let probe: NodeJS.Timeout | undefined;
  /** The state last reported to `onSpoolFull`. */
  let reportedFull = false;
  /** What the spool held when it was closed: status() after stop() says what stays for the next start. */
  let left = { records: 0, bytes: 0 };

  const spoolProblem = (): string | null => {
    if (writeFailure) return `disk refused a spool write: ${writeFailure}`;
    if (spool?.isFull) return `spool full: ${spool.bytes} of ${config.spoolMaxBytes} bytes`;
    return null;
  };

  const report = (): void => {
    const detail = spoolProblem();
    statePublisher?.changed();
    if ((detail !== null) === reportedFull) return;
    reportedFull = detail !== null;
    deps.onSpoolFull?.(reportedFull, detail);
  };

  const onFullChange = (full: boolean): void => {
    log?.warn(
      { full },
      full ? 'spool full: no longer acknowledging messages' : 'spool drained: acknowledging again',
    );
    if (full) source?.pause();
    else source?.resume();
    report();
  };

  // A refused write leaves its messages unacknowledged (and uncounted). The MQTT subscription is closed,
  // so the broker keeps them, and opened again after a while to try: the next write that succeeds ends it.
  const onWrite = (result: { records: number; error?: Error }): void => {
    if (!result.error) {
      metrics.spooled.inc(result.records);
      if (writeFailure === null) return;
      writeFailure = null;
      log?.warn('spool writes succeed again: acknowledging');
      report();
      return;
    }
    const code = (result.error as NodeJS.ErrnoException).code ?? 'unknown';
    metrics.spoolWriteFailures.inc({ code });
    metrics.refusedWrite.inc(result.records);
    const first = writeFailure === null;
    writeFailure = `${code}: ${result.error.message}`;
    if (first) log?.error({ err: result.error }, 'disk refused a spool write: not acknowledging');
    report();
    if (source && !probe) {
      source.pause();
      probe = setTimeout(() => {
        probe = undefined;
        if (!spool?.isFull) source?.resume();
      }, config.retryMaxMs);
      probe.unref();
    }
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
        onWrite,
        onRecovery: (event) => {
          metrics.spoolRecovered.inc(event.droppedBytes);
          log?.warn(event, 'spool: dropped a torn tail (never acknowledged)');
        },
      });
      const gauges = spool;
      metrics.watchSpool({
        get depth() {
          return gauges.depth;
        },
        get bytes() {
          return gauges.bytes;
        },
        get isFull() {
          return gauges.isFull;
        },
        get writeFailing() {
          return writeFailure !== null;
        },
      });
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
        statePublisher = new SpoolStatePublisher({
          url: mqttConfig.url,
          worker: mqttConfig.clientId,
          username: mqttConfig.username,
          password: mqttConfig.password,
          reconnectPeriodMs: mqttConfig.reconnectPeriodMs,
          state: () => ({
            worker: mqttConfig.clientId,
            full: spoolProblem() !== null,
            detail: spoolProblem(),
            bytes: spool?.bytes ?? 0,
            maxBytes: config.spoolMaxBytes,
            at: now(),
          }),
          onError: (error) => log?.warn({ err: error }, 'mqtt: spool state not published'),
        });
      }
      return Promise.resolve();
    },
    async stop() {
      clearTimeout(probe);
      probe = undefined;
      await source?.stop();
      source = undefined;
      accept = undefined;
      await writer?.stop(config.stopTimeoutMs);
      writer = undefined;
      await statePublisher?.stop();
      statePublisher = undefined;
      deadLetters.close();
      if (spool) left = { records: spool.depth, bytes: spool.bytes };
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
    recordDeadLetter(input) {
      metrics.countRejected(input.building, input.kind, input.reason);
      metrics.deadLettered.inc({ stage: 'broker' });
      deadLetters.add({ ...input, receivedAt: input.receivedAt ?? now() });
    },
    status: () => {
      const spoolState = {
        records: spool?.depth ?? left.records,
        bytes: spool?.bytes ?? left.bytes,
        maxBytes: config.spoolMaxBytes,
        full: spool?.isFull ?? false,
        writeFailed: writeFailure !== null,
        problem: spoolProblem(),
      };
      return {
        spool: spoolState,
        ready: spool !== undefined && spoolState.problem === null && (!config.mqtt || subscribed),
        deadLetters: deadLetters.added,
        ...(config.mqtt ? { mqtt: { subscribed, filters: config.mqtt.topics, problem } } : {}),
      };
    },
  };
}
