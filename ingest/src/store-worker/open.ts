// Where a standalone ingest writes: InfluxDB through a worker thread (line protocol and HTTP off the thread
// that takes messages), SQLite in-thread (its transactions gain nothing from a thread hop, and its series
// catalogue lives in the connection). `louyu start` with SQLite shares the dashboard's store instead.
import type { StoreConfig } from '@louyu/store';
import { openStoreWhenReachable } from '../lazy-store.ts';
import type { PointSink } from '../writer.ts';
import { openStoreInWorker, type WorkerSinkOptions } from './sink.ts';

/** Opens ingest's store for `config`; both kinds wait for an unreachable database (`onWaiting`). */
export function openIngestStore(
  config: StoreConfig,
  options: WorkerSinkOptions = {},
): Promise<PointSink & { close(): Promise<void> }> {
  if (config.kind === 'influx') return openStoreInWorker(config, options);
  return openStoreWhenReachable(config, (error) =>
    options.onWaiting?.(error instanceof Error ? error : new Error(String(error))),
  );
}
