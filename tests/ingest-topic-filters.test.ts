// A standalone ingest's subscription, with real processes: several filters in one worker, a refused
// filter that must stop the worker (it used to run unsubscribed and report itself healthy), and a
// shared-subscription group (`$share/louyu-ingest/...`, MQTT 5) of two workers on mosquitto 2, which
// together store every acknowledged message exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialStore, hashPassword, startBroker, type RunningBroker } from '@louyu/broker';
import { SqliteStore } from '@louyu/store';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoHarness } from './harness/mosquitto.ts';
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

const dirs: string[] = [];
const running: IngestProcess[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const ingest of running) if (ingest.child.exitCode === null) ingest.child.kill('SIGKILL');
  for (const close of closers.reverse()) await close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'louyu-ingest-topics-'));
  dirs.push(dir);
  return dir;
}

/** Occupancy points a worker's SQLite file holds for one building, counted by the store. */
async function storedIn(dataDir: string, building: string, baseTs: number, n: number): Promise<number> {
  const store = new SqliteStore({ path: join(dataDir, 'louyu.db'), retentionIntervalMs: 0 });
  try {
    const buckets = await store.series(
      { measurement: 'occupancy', building },
      baseTs,
      baseTs + n,
      n,
      'count',
      'people',
    );
    return buckets.reduce((sum, b) => sum + b.value, 0);
  } finally {
    await store.close();
  }
}

describe('ingest topic filters', () => {
  it('subscribes to each filter of a comma list, and stores only what they match', async () => {
    const broker: TestBroker = await startTestBroker();
    closers.push(() => broker.close());
    const dataDir = tempDir();
    const ingest = await startIngestProcess([
      '--mqtt-url',
      broker.url,
      '--data-dir',
      dataDir,
      '--mqtt-topic',
      'louyu/v1/b001/#,louyu/v1/b002/#',
    ]);
    running.push(ingest);
    const health = await fetch(`http://127.0.0.1:${ingest.httpPort}/healthz`);
    expect(health.status).toBe(200);
    const baseTs = Date.now() - 600_000;
    await publishAll(broker.url, [
      ...occupancyMessages(100, baseTs, 'b001'),
      ...occupancyMessages(100, baseTs, 'b002'),
      ...occupancyMessages(100, baseTs, 'b003'),
    ]);
    await broker.waitForAcked(200, 60_000);
    expect(await stopGracefully(ingest)).toBe(0);
    expect(await storedIn(dataDir, 'b001', baseTs, 100)).toBe(100);
    expect(await storedIn(dataDir, 'b002', baseTs, 100)).toBe(100);
    expect(await storedIn(dataDir, 'b003', baseTs, 100)).toBe(0);
  });

  it('stops with a message naming the filter when the broker refuses it (SUBACK 0x80)', async () => {
    // The operator gave ingest a gateway's account: Louyu's broker refuses it louyu/v1/# [MQTT-3.9.3].
    const password = 'gateway-secret-for-ingest-test';
    const credentials = new CredentialStore([
      {
        username: 'gw-b001',
        role: 'gateway',
        building: 'b001',
        password: await hashPassword(password),
        createdAt: new Date().toISOString(),
      },
    ]);
    const broker: RunningBroker = await startBroker({
      host: '127.0.0.1',
      mqttPort: 0,
      credentials,
      logger: pino({ level: 'silent' }),
    });
    closers.push(() => broker.close());
    const url = `mqtt://127.0.0.1:${broker.ports.mqtt}`;
    const start = startIngestProcess([
      '--mqtt-url',
      url,
      '--mqtt-username',
      'gw-b001',
      '--mqtt-password',
      password,
      '--data-dir',
      tempDir(),
    ]);
    await expect(start).rejects.toThrow(/exited with 1[\s\S]*refused the subscription to louyu\/v1\/#/);
  });

  it('stops with a message when a shared subscription needs MQTT 5 and the broker speaks only 3.1.1', async () => {
    const broker: TestBroker = await startTestBroker(); // aedes 1.2: MQTT 3.1.1 only
    closers.push(() => broker.close());
    const start = startIngestProcess([
      '--mqtt-url',
      broker.url,
      '--mqtt-topic',
      '$share/louyu-ingest/louyu/v1/#',
      '--data-dir',
      tempDir(),
    ]);
    await expect(start).rejects.toThrow(/exited with 1[\s\S]*MQTT 5/);
  });

  it('two workers of a $share group on mosquitto store every message exactly once between them', async () => {
    const mosquitto: MosquittoHarness = await startMosquitto();
    closers.push(() => mosquitto.stop());
    const workers: { dataDir: string; ingest: IngestProcess }[] = [];
    for (const id of ['worker-1', 'worker-2']) {
      const dataDir = tempDir();
      const ingest = await startIngestProcess([
        '--mqtt-url',
        mosquitto.url,
        '--mqtt-topic',
        '$share/louyu-ingest/louyu/v1/#',
        '--mqtt-client-id',
        `louyu-ingest-${id}`,
        '--data-dir',
        dataDir,
      ]);
      running.push(ingest);
      workers.push({ dataDir, ingest });
    }
    const N = 2000;
    const baseTs = Date.now() - 600_000;
    await publishAll(mosquitto.url, occupancyMessages(N, baseTs, 'b001'));
    await expect
      .poll(
        async () => {
          let stored = 0;
          for (const { ingest } of workers)
            stored += metricSum(await ingest.metrics(), 'louyu_ingest_points_stored_total');
          return stored;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(N);
    const perWorker: number[] = [];
    for (const { dataDir, ingest } of workers) {
      expect(await stopGracefully(ingest)).toBe(0);
      perWorker.push(await storedIn(dataDir, 'b001', baseTs, N));
    }
    // Round robin: each took a share; together every message, none twice.
    expect(perWorker.every((n) => n > 0)).toBe(true);
    expect(perWorker[0]! + perWorker[1]!).toBe(N);
  });
});
