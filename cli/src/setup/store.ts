import path from 'node:path';
import { createStore, type StoreConfig, type TelemetryStore } from '@louyu/store';

export interface StoreChoice {
  dataDir: string;
  influx?: string | undefined;
  influxDatabase: string;
  influxToken?: string | undefined;
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
  return { kind: 'sqlite', path: path.join(choice.dataDir, 'louyu.db') };
}

export function openStore(choice: StoreChoice): Promise<TelemetryStore> {
  return createStore(storeConfigOf(choice));
}
