// Issue 14, item 6: `louyu dashboard --influx` with InfluxDB down starts anyway (it used to exit), says
// on /readyz that the store does not answer, and serves from the store once InfluxDB is up on that port.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { startTestBroker, type TestBroker } from './ingest-process.ts';
import { freePort, killWithTestProcess } from './harness/spawn-server.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL, until } from './harness/until.ts';

const LOUYU = resolve(import.meta.dirname, '../cli/bin/louyu.js');
let influxd: InfluxdHandle | undefined;
let broker: TestBroker | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(() =>
  stopAll(
    ...cleanups.reverse(),
    () => broker?.close(),
    () => influxd?.dispose(),
  ),
);

async function readiness(url: string): Promise<{ status: number; store: boolean }> {
  const response = await fetch(`${url}/readyz`);
  const body = (await response.json()) as { store: { ok: boolean } };
  return { status: response.status, store: body.store.ok };
}

it('starts with InfluxDB down and answers from it once it is up', { timeout: 240_000 }, async () => {
  influxd = await startInfluxd();
  await influxd.stop();
  broker = await startTestBroker();
  const dataDir = await mkdtemp(join(tmpdir(), 'louyu-dashboard-late-'));
  const httpPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      LOUYU,
      'dashboard',
      '--demo',
      '--host',
      '127.0.0.1',
      '--http-port',
      String(httpPort),
      '--data-dir',
      dataDir,
      '--influx',
      influxd.url,
      '--influx-database',
      'louyu_dashboard_late',
      '--mqtt-url',
      broker.url,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOUYU_LOG_JSON: '1' } },
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
    () => output.includes('louyu dashboard: http') || child.exitCode !== null,
    'louyu dashboard to listen',
    90_000,
  );
  expect(child.exitCode, output).toBeNull();
  const url = `http://127.0.0.1:${httpPort}`;
  expect(await readiness(url)).toEqual({ status: 503, store: false });

  await influxd.restart();
  await expect.poll(() => readiness(url), { ...POLL, timeout: 60_000 }).toEqual({ status: 200, store: true });
  const history = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'district', password: 'louyu-demo' }),
  });
  expect(history.status).toBe(200);
});
