import path from 'node:path';
import {
  canRetry,
  createStore,
  DEFAULT_RETENTION,
  StoreError,
  type StoreConfig,
  type TelemetryStore,
} from '@louyu/store';

export interface StoreChoice {
  dataDir: string;
  influx?: string | undefined;
  influxDatabase: string;
  influxToken?: string | undefined;
}

/** The embedded store's file in a data folder (`louyu start`, `louyu ingest`, `louyu dashboard`, `louyu store`). */
export function sqliteFileIn(dataDir: string): string {
  return path.join(dataDir, 'louyu.db');
}

/** InfluxDB when --influx is given, else the embedded SQLite store in the data folder. */
export function storeConfigOf(choice: StoreChoice): StoreConfig {
  if (choice.influx) {
    return {
      kind: 'influx',
      url: choice.influx,
      database: choice.influxDatabase,
      ...(choice.influxToken ? { token: choice.influxToken } : {}),
    };
  }
  return { kind: 'sqlite', path: sqliteFileIn(choice.dataDir) };
}

export interface OpenStoreOptions {
  /**
   * false: this connection never runs the hourly SQLite retention by itself, because another connection
   * of the same process does (`louyu start`: ingest's store worker, off the broker's thread).
   */
  timedRetention?: boolean;
}

/** How often a store that was not reachable at start is tried again in the background. */
const REOPEN_INTERVAL_MS = 2000;

/**
 * Opens the store. With `onWaiting` (the servers), a database that is not reachable yet (InfluxDB still
 * starting after a reboot) does not stop start-up: `onWaiting` is told, and the store returned answers
 * `UNAVAILABLE` (so /readyz says not ready) until it opens, tried again on every call and every few
 * seconds. Without it (one-shot commands), or for a bad configuration, opening fails here.
 */
export async function openStore(
  choice: StoreChoice,
  onWaiting?: (error: unknown) => void,
  options: OpenStoreOptions = {},
): Promise<TelemetryStore> {
  const chosen = storeConfigOf(choice);
  const config: StoreConfig =
    options.timedRetention === false && chosen.kind === 'sqlite'
      ? { ...chosen, retentionIntervalMs: 0 }
      : chosen;
  try {
    return await createStore(config);
  } catch (error) {
    if (!onWaiting || !canRetry(error)) throw error;
    onWaiting(error);
    return new StoreWhenReachable(config);
  }
}

/** A store that opens once its database answers (see {@link openStore}). */
class StoreWhenReachable implements TelemetryStore {
  readonly kind: TelemetryStore['kind'];
  readonly retention: TelemetryStore['retention'];
  readonly #config: StoreConfig;
  #store: TelemetryStore | undefined;
  #opening: Promise<TelemetryStore> | undefined;
  #closed = false;
  readonly #timer: NodeJS.Timeout;

  constructor(config: StoreConfig) {
    this.#config = config;
    this.kind = config.kind;
    this.retention = { ...DEFAULT_RETENTION, ...config.retention };
    this.#timer = setInterval(() => {
      if (this.#store) clearInterval(this.#timer);
      else this.#open().catch(() => undefined);
    }, REOPEN_INTERVAL_MS);
    this.#timer.unref();
  }

  #open(): Promise<TelemetryStore> {
    if (this.#store) return Promise.resolve(this.#store);
    if (this.#closed) return Promise.reject(new StoreError('CLOSED', 'the store is closed'));
    this.#opening ??= createStore(this.#config)
      .then((store) => {
        if (this.#closed) {
          void store.close();
          throw new StoreError('CLOSED', 'the store is closed');
        }
        this.#store = store;
        clearInterval(this.#timer);
        return store;
      })
      .catch((error: unknown) => {
        if (error instanceof StoreError) throw error;
        throw new StoreError('UNAVAILABLE', `store not reachable: ${(error as Error).message}`, {
          cause: error,
        });
      })
      .finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  async write(...args: Parameters<TelemetryStore['write']>) {
    return (await this.#open()).write(...args);
  }
  async latest(...args: Parameters<TelemetryStore['latest']>) {
    return (await this.#open()).latest(...args);
  }
  async series(...args: Parameters<TelemetryStore['series']>) {
    return (await this.#open()).series(...args);
  }
  async points(...args: Parameters<TelemetryStore['points']>) {
    return (await this.#open()).points(...args);
  }
  async seriesByBuilding(...args: Parameters<TelemetryStore['seriesByBuilding']>) {
    return (await this.#open()).seriesByBuilding(...args);
  }
  async seriesByDevice(...args: Parameters<TelemetryStore['seriesByDevice']>) {
    return (await this.#open()).seriesByDevice(...args);
  }
  async applyRetention(...args: Parameters<TelemetryStore['applyRetention']>) {
    return (await this.#open()).applyRetention(...args);
  }
  async ping() {
    return (await this.#open()).ping();
  }
  async close() {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#opening?.catch(() => undefined);
    await this.#store?.close();
  }
}
