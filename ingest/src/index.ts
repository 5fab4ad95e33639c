// @louyu/ingest: MQTT (or the broker in-process) -> decode -> points -> durable spool -> batched store writes.
export { createIngest, SpoolFullError, type Ingest, type IngestDeps, type IngestStatus } from './ingest.ts';
export type { IngestOutcome } from './accept.ts';
export {
  resolveIngestConfig,
  IngestConfigError,
  INGEST_DEFAULTS,
  type IngestConfig,
  type IngestConfigInput,
  type MqttConfig,
} from './config.ts';
export { IngestMetrics } from './metrics.ts';
export type { DeadLetter } from './dead-letters/entry.ts';
export { readDeadLetters } from './dead-letters/files.ts';
export {
  openSpool,
  Spool,
  type SpoolOptions,
  type SpoolBatch,
  type FsyncPolicy,
  type AppendResult,
} from './spool/spool.ts';
export { Writer, isRetryable, type PointSink, type WriterOptions } from './writer.ts';
export { MqttSource, type MqttSourceOptions, type MqttSourceEvent } from './source/mqtt.ts';
export { backoffDelay } from './backoff.ts';
export {
  followIngestSpools,
  ingestSpoolTopic,
  parseIngestSpoolState,
  INGEST_SPOOL_FILTER,
  SpoolStatePublisher,
  type IngestSpoolState,
  type FollowIngestSpoolsOptions,
} from './ops-status.ts';
export { runIngest } from './main.ts';
export {
  INGEST_OPTION_NAMES,
  ingestRunOptions,
  type IngestOptionName,
  type IngestOptionValues,
  type IngestRunOptions,
} from './cli-options.ts';
export { openStoreInWorker, type WorkerSink, type WorkerSinkOptions } from './store-worker/sink.ts';
export { openIngestStore } from './store-worker/open.ts';
