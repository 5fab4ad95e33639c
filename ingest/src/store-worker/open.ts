// Where ingest writes: on a worker thread for both stores, so the thread that takes messages and sends
// PUBACKs never waits on the database: InfluxDB's line protocol and HTTP, and SQLite's transactions (a
// backup tool holding the file's write lock once stopped every acknowledgement for as long as it held it).
// With SQLite the worker has its own connection; WAL lets the dashboard's reading connection run beside it.
import type { StoreConfig } from '@louyu/store';
import type { PointSink } from '../writer.ts';
import { openStoreInWorker, type WorkerSinkOptions } from './sink.ts';

/** Opens ingest's store on a worker thread; both kinds wait for an unreachable database (`onWaiting`). */
export function openIngestStore(
  config: StoreConfig,
  options: WorkerSinkOptions = {},
): Promise<PointSink & { close(): Promise<void> }> {
  return openStoreInWorker(config, options);
}
