// Louyu's all-in-one ingest path in one process, as `louyu start` composes it: the broker's publish hook
// appends each message to ingest's spool before the PUBACK, and ingest's writer drains the spool to the store.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { hepingRegistry } from '@louyu/core';
import { CredentialStore, startBroker, type CredentialsDocument, type RunningBroker } from '@louyu/broker';
import {
  createIngest,
  openIngestStore,
  resolveIngestConfig,
  type Ingest,
  type PointSink,
} from '@louyu/ingest';
import type { StoreConfig } from '@louyu/store';
import { serve } from '../child.ts';
import { syntheticRegistry } from '../registry.ts';

export interface StartArgs {
  store: { kind: 'sqlite' } | { kind: 'influx'; url: string; database: string };
  credentials: CredentialsDocument;
  /** A synthetic district of this many buildings instead of Heping's registry (scale suite). */
  buildings?: number;
}

/** Counters of the ingest path, read between steps. */
export interface PipelineStatus {
  received: number;
  spooled: number;
  stored: number;
  spoolRecords: number;
  /** The fewest records the spool held over the last half second: its backlog, see {@link spoolBacklog}. */
  spoolBacklog: number;
  spoolBytes: number;
  /** Event-loop delay since the last status, ms: how long a PUBACK could wait behind other work. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Successful store writes (batches) so far, and the seconds they took: batch size and store time. */
  writes: number;
  writeSeconds: number;
}

// Sampled every 5 ms; reset at every status read, so each step reports its own.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

// The spool's count rises while the writer's batch gathers (up to a linger's worth of traffic) and falls when
// the batch is stored, so one reading of it says as much about the linger as about the store. Its lowest
// value over the last half second (a few write cycles) is the backlog: what the writer has not caught up with.
const BACKLOG_WINDOW_MS = 500;
const SAMPLE_MS = 10;
const spoolSamples: number[] = [];
const sampler = setInterval(() => {
  if (!running) return;
  spoolSamples.push(running.ingest.status().spool.records);
  if (spoolSamples.length > BACKLOG_WINDOW_MS / SAMPLE_MS) spoolSamples.shift();
}, SAMPLE_MS);
sampler.unref();

function spoolBacklog(): number {
  return spoolSamples.length === 0 ? 0 : Math.min(...spoolSamples);
}

// The stored count climbs in steps, one per store write (a batch of up to a linger's traffic), so stored
// points from a step's start to its end undercount by the batch still in the writer's hands at the end:
// 19,192-19,568/s for a 20,000 msg/s step that held with a constant backlog. The rate over a step's steady
// part is the slope of the count sampled every 10 ms (least squares, so the steps average out).
const storedSamples: { at: number; stored: number }[] = [];
const storedSampler = setInterval(() => {
  if (!running) return;
  void counter(running.ingest.metrics.stored).then((stored) => {
    storedSamples.push({ at: Date.now(), stored });
    while (storedSamples.length > 0 && (storedSamples[0] as { at: number }).at < Date.now() - 60_000)
      storedSamples.shift();
  });
}, SAMPLE_MS);
storedSampler.unref();

/** Points stored a second since `since` (this machine's wall clock, ms): the slope of the sampled count. */
function storedRate({ since }: { since: number }): number {
  const samples = storedSamples.filter((s) => s.at >= since);
  if (samples.length < 2) return Number.NaN;
  const meanAt = samples.reduce((sum, s) => sum + s.at, 0) / samples.length;
  const meanStored = samples.reduce((sum, s) => sum + s.stored, 0) / samples.length;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.at - meanAt) * (s.stored - meanStored);
    variance += (s.at - meanAt) ** 2;
  }
  return variance === 0 ? 0 : (covariance / variance) * 1000;
}

let running:
  | { broker: RunningBroker; ingest: Ingest; store: PointSink & { close(): Promise<void> }; dir: string }
  | undefined;

async function start(args: StartArgs): Promise<{ port: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-bench-pipeline-'));
  const config: StoreConfig =
    args.store.kind === 'sqlite'
      ? { kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 }
      : { kind: 'influx', url: args.store.url, database: args.store.database };
  // As `louyu start` and `louyu ingest` compose it: the store's writes on a worker thread, for both kinds.
  const store = await openIngestStore(config);
  const ingest = createIngest(resolveIngestConfig({ spoolDir: join(dir, 'spool') }), {
    store,
    registry: args.buildings === undefined ? hepingRegistry() : syntheticRegistry(args.buildings),
    logger: pino({ level: 'silent' }),
  });
  await ingest.start();
  const broker = await startBroker({
    host: '127.0.0.1',
    mqttPort: 0,
    credentials: CredentialStore.fromDocument(args.credentials),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    // Raised for the bench: the default 200/s per gateway would refuse the offered load.
    rateLimit: { perSecond: 1e9, burst: 1e9 },
    onPublish: (packet) => ingest.publishHook(packet),
  });
  running = { broker, ingest, store, dir };
  return { port: broker.ports.mqtt };
}

async function counter(c: { get(): Promise<{ values: { value: number }[] }> }): Promise<number> {
  return (await c.get()).values.reduce((n, v) => n + v.value, 0);
}

async function writeTotals(histogram: {
  get(): Promise<{ values: { metricName?: string; value: number }[] }>;
}): Promise<{ writes: number; writeSeconds: number }> {
  const values = (await histogram.get()).values;
  const named = (suffix: string) => values.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
  return { writes: named('_count'), writeSeconds: named('_sum') };
}

async function status(): Promise<PipelineStatus> {
  if (!running) throw new Error('not started');
  const { metrics } = running.ingest;
  const s = running.ingest.status();
  const result: PipelineStatus = {
    received: await counter(metrics.received),
    spooled: await counter(metrics.spooled),
    stored: await counter(metrics.stored),
    spoolRecords: s.spool.records,
    spoolBacklog: spoolBacklog(),
    spoolBytes: s.spool.bytes,
    ...(await writeTotals(metrics.writeSeconds)),
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
  loopDelay.reset();
  return result;
}

async function stop(): Promise<void> {
  if (!running) return;
  const { broker, ingest, store, dir } = running;
  running = undefined;
  await broker.close();
  await ingest.stop();
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

serve({ start, status, storedRate, stop, close: stop });
