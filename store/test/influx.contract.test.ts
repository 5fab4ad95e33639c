import { afterAll, beforeAll } from 'vitest';
import { startInfluxd, type InfluxdHandle } from '../../tests/harness/influxd.ts';
import { createStore } from '../src/index.ts';
import { telemetryStoreContract } from './contract.ts';

// One influxd for the whole file; every test gets its own database.
let influxd: InfluxdHandle;
let n = 0;
beforeAll(async () => {
  influxd = await startInfluxd();
});
afterAll(async () => {
  await influxd?.dispose();
});

telemetryStoreContract('InfluxDB 1.x (real influxd)', ({ retention }) =>
  createStore({ kind: 'influx', url: influxd.url, database: `contract_${n++}`, retention }),
);
