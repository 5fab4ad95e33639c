// Fault test with real processes: influxd is stopped mid-stream, stays down until ingest's writer has
// retried at its backoff cap several times, and is restarted. Ingest keeps acknowledging into its spool,
// retries with backoff, and afterwards every message is in InfluxDB once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import {
  metricSum,
  occupancyMessages,
  publishAll,
  startIngestProcess,
  startTestBroker,
  stopGracefully,
  type IngestProcess,
  type TestBroker,
} from './ingest-process.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

const N = 3000;
/** Failed writes the outage lasts for: the five doubling retries below the cap and five at it. */
const OUTAGE_FAILURES = 10;
const dataDir = mkdtempSync(join(tmpdir(), 'louyu-ingest-outage-'));
let influxd: InfluxdHandle | undefined;
let broker: TestBroker | undefined;
let ingest: IngestProcess | undefined;

afterAll(async () => {
  if (ingest?.child.exitCode === null) ingest.child.kill('SIGKILL');
  await stopAll(
    () => broker?.close(),
    () => influxd?.dispose(),
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
});

async function influxQuery(url: string, q: string): Promise<unknown[][]> {
  const response = await fetch(`${url}/query?db=louyu&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = (await response.json()) as {
    results: { error?: string; series?: { values: unknown[][] }[] }[];
  };
  const result = body.results[0];
  if (result?.error) throw new Error(result.error);
  return result?.series?.[0]?.values ?? [];
}

describe('ingest while influxd is down for a long outage', () => {
  it('stores every message once after influxd comes back', { timeout: 180_000 }, async () => {
    influxd = await startInfluxd();
    broker = await startTestBroker();
    ingest = await startIngestProcess([
      '--mqtt-url',
      broker.url,
      '--data-dir',
      dataDir,
      '--influx',
      influxd.url,
      '--batch-size',
      '500',
      '--retry-max-ms',
      '2000',
    ]);
    const baseTs = Date.now() - 600_000;
    const publishing = publishAll(broker.url, occupancyMessages(N, baseTs), 50, 50);

    await broker.waitForAcked(N / 3, 60_000);
    await influxd.stop();
    await publishing;
    // Ingest keeps acknowledging while the database is down: the messages wait in its spool.
    await broker.waitForAcked(N, 60_000);
    // The outage lasts until the writer has failed OUTAGE_FAILURES times: its backoff (100 ms doubling,
    // capped by --retry-max-ms 2000) has then been at the cap for several retries, so below ingest finds
    // the database again with capped retries, as in a long outage. Counting failures rather than sleeping a
    // fixed time gives the same outage on a busy machine as on an idle one.
    await until(
      async () => metricSum(await ingest!.metrics(), 'louyu_ingest_store_errors_total') >= OUTAGE_FAILURES,
      `${OUTAGE_FAILURES} failed writes while influxd is down`,
      60_000,
    );
    const during = await ingest.metrics();
    expect(metricSum(during, 'louyu_ingest_store_errors_total')).toBeGreaterThan(0);
    expect(metricSum(during, 'louyu_ingest_spool_records')).toBeGreaterThan(0);
    await influxd.restart();
    // The writer's backoff finds the database again by itself and drains the spool.
    await until(
      async () => metricSum(await ingest!.metrics(), 'louyu_ingest_spool_records') === 0,
      'the spool to drain into influxd',
      60_000,
    );

    expect(await stopGracefully(ingest)).toBe(0); // SIGTERM flushes the spool into the store

    const rows = await influxQuery(
      influxd.url,
      `SELECT people FROM occupancy WHERE building = 'b001' AND time >= ${baseTs}ms AND time < ${baseTs + N}ms`,
    );
    const times = rows.map((row) => row[0] as number);
    expect(times).toHaveLength(N);
    expect(new Set(times).size).toBe(N);
    expect(times.every((ts, i) => ts === baseTs + i)).toBe(true);
  });
});
