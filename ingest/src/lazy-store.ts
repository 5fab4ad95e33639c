import type { TelemetryPoint } from '@louyu/core';
import { canRetry, createStore, StoreError, type StoreConfig, type TelemetryStore } from '@louyu/store';
import type { PointSink } from './writer.ts';

/**
 * Opens the store on start, or, when the database is not reachable yet, on the writer's first attempt that
 * finds it up: ingest must take messages into its spool even while InfluxDB is still starting. A bad
 * configuration still fails at start.
 */
export async function openStoreWhenReachable(
  config: StoreConfig,
  onWaiting: (error: unknown) => void,
): Promise<PointSink & { close(): Promise<void>; readonly store: TelemetryStore | undefined }> {
  let store: TelemetryStore | undefined;
  try {
    store = await createStore(config);
  } catch (error) {
    if (!canRetry(error)) throw error;
    onWaiting(error);
  }
  return {
    get store() {
      return store;
    },
    async write(points: readonly TelemetryPoint[]) {
      if (!store) {
        try {
          store = await createStore(config);
        } catch (error) {
          if (error instanceof StoreError) throw error;
          throw new StoreError('UNAVAILABLE', `store not reachable: ${(error as Error).message}`, {
            cause: error,
          });
        }
      }
      await store.write(points);
    },
    async close() {
      await store?.close();
    },
  };
}
