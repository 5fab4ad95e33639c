// Issue 14, item 4: a disk that refuses ingest's spool writes (here a file-size limit, `ulimit -f`, which
// the kernel enforces with EFBIG as a full disk does with ENOSPC). A real `louyu ingest` child: messages
// the disk refused are not acknowledged and not counted as spooled (exactly as many spooled as the broker
// saw acknowledged), the write failure is counted, and /readyz says not ready; the dead-letter files
// failing to grow do not end the process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { INGEST_CLIENT_ID, metricSum, startTestBroker, type TestBroker } from './ingest-process.ts';
import { freePort, killWithTestProcess } from './harness/spawn-server.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL, until } from './harness/until.ts';

const LOUYU = resolve(import.meta.dirname, '../cli/bin/louyu.js');
let broker: TestBroker | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(() => stopAll(...cleanups.reverse(), () => broker?.close()));

it(
  'does not count or acknowledge what the disk refused, and is not ready',
  { timeout: 180_000 },
  async () => {
    broker = await startTestBroker();
    const dataDir = await mkdtemp(join(tmpdir(), 'louyu-disk-refused-'));
    const httpPort = await freePort();
    // 128 blocks of 512 bytes: the first spool segment stops growing at 64 KiB.
    const child = spawn(
      'bash',
      [
        '-c',
        'ulimit -f 128 && exec "$0" "$@"',
        process.execPath,
        LOUYU,
        'ingest',
        '--mqtt-url',
        broker.url,
        '--mqtt-client-id',
        INGEST_CLIENT_ID,
        '--data-dir',
        dataDir,
        '--influx',
        `http://127.0.0.1:${await freePort()}`,
        '--http-port',
        String(httpPort),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    killWithTestProcess(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    });
    await until(
      () => output.includes('"mqtt subscribed"') || child.exitCode !== null,
      'ingest to subscribe',
      90_000,
    );
    expect(child.exitCode, output).toBeNull();
    const url = `http://127.0.0.1:${httpPort}`;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    // 1,000 valid messages of 200-odd bytes as spool records: far past the 64 KiB the disk takes.
    const publisher = await mqtt.connectAsync(broker.url, {
      protocolVersion: 4,
      clientId: 'disk-refused-pub',
    });
    cleanups.push(() => publisher.endAsync(true));
    // First 10 invalid messages: acknowledged and dead-lettered, but their files cannot grow past the limit
    // either, which the log survives (the entries stay in memory) instead of ending the process.
    for (let i = 0; i < 10; i++)
      await publisher.publishAsync('louyu/v1/b001/occupancy/f01', `not json ${i} ${'x'.repeat(10_000)}`, {
        qos: 1,
      });
    const base = Date.now() - 600_000;
    for (let i = 0; i < 1000; i++) {
      await publisher.publishAsync(
        'louyu/v1/b001/occupancy/f01',
        JSON.stringify({ ts: base + i, people: i % 400, capacity: 400 }),
        { qos: 1 },
      );
    }
    const metrics = async (): Promise<string> => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`ingest ended (${child.exitCode ?? child.signalCode}):\n${output.slice(-3000)}`);
      return (await fetch(`${url}/metrics`)).text();
    };
    await expect
      .poll(async () => metricSum(await metrics(), 'louyu_ingest_spool_write_failures_total'), POLL)
      .toBeGreaterThan(0);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    const text = await metrics();
    const spooled = metricSum(text, 'louyu_ingest_messages_spooled_total');
    expect(spooled).toBeGreaterThan(100);
    expect(spooled).toBeLessThan(1000);
    // Exactly what was acknowledged (besides the 10 invalid ones): none of the refused, none left out.
    expect(broker.acked.size).toBe(spooled + 10);
    expect(metricSum(text, 'louyu_ingest_messages_refused_write_total')).toBeGreaterThan(0);
    const status = (await (await fetch(`${url}/status`)).json()) as {
      spool: { writeFailed: boolean; problem: string };
    };
    expect(status.spool.writeFailed).toBe(true);
    expect(status.spool.problem).toMatch(/EFBIG/);

    await until(() => output.includes('dead letters not written to disk'), 'the dead-letter write failure');
    const after = (await (await fetch(`${url}/status`)).json()) as { deadLetters: number };
    expect(after.deadLetters).toBe(10);
    expect(child.exitCode).toBeNull();
  },
);
