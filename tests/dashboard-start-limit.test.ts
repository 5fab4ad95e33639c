// Issue 17 item 5: a restarted dashboard whose start-up rebuild took 13.2 s on InfluxDB passed fastify's
// 10 s onReady limit and stayed up without listening. A store that answers (ping, set-up) but is too slow
// for the rebuild now ends `louyu dashboard` non-zero, with a message naming the rebuild and the limit.
// (A store that cannot be reached at all is the other case: the dashboard starts, not ready on /readyz,
// and rebuilds once it answers; tests/dashboard-store-late.test.ts.)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from './ingest-process.ts';
import { freePort, killWithTestProcess } from './harness/spawn-server.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';

const LOUYU = resolve(import.meta.dirname, '../cli/bin/louyu.js');
let broker: TestBroker | undefined;
let influx: Server | undefined;
const held: ServerResponse[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(() =>
  stopAll(
    ...cleanups.reverse(),
    () => broker?.close(),
    () => {
      for (const response of held) response.destroy();
      return new Promise((done) => (influx ? influx.close(done) : done(undefined)));
    },
  ),
);

/**
 * An InfluxDB 1.x HTTP API that answers /ping and the set-up statements (CREATE ...) at once, and never
 * answers a SELECT: a store holding far more than the rebuild can read within the start-up limit.
 */
async function slowInflux(): Promise<string> {
  influx = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping') {
      response.writeHead(204, { 'X-Influxdb-Version': '1.6.7' }).end();
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const q = url.searchParams.get('q') ?? new URLSearchParams(body).get('q') ?? '';
      if (/^\s*SELECT/i.test(q)) {
        held.push(response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[{"statement_id":0}]}');
    });
  });
  await new Promise<void>((done) => influx!.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(influx.address() as AddressInfo).port}`;
}

it(
  'ends louyu dashboard non-zero when the store is too slow for the start-up rebuild',
  { timeout: 180_000 },
  async () => {
    broker = await startTestBroker();
    const dataDir = await mkdtemp(join(tmpdir(), 'louyu-dashboard-limit-'));
    const child = spawn(
      process.execPath,
      [
        LOUYU,
        'dashboard',
        '--demo',
        '--host',
        '127.0.0.1',
        '--http-port',
        String(await freePort()),
        '--data-dir',
        dataDir,
        '--influx',
        await slowInflux(),
        '--mqtt-url',
        broker.url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOUYU_LOG_JSON: '1' } },
    );
    killWithTestProcess(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let code: number | null | undefined;
    const exited = new Promise<void>((done) =>
      child.once('exit', (c, signal) => {
        code = c ?? (signal ? -1 : null);
        done();
      }),
    );
    cleanups.push(async () => {
      if (code === undefined) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    });
    await expect.poll(() => code, { ...POLL, timeout: 150_000 }).not.toBeUndefined();
    expect(code, output).not.toBe(0);
    expect(output).toMatch(
      /not rebuilt from the store at start: the influx store did not answer within \d+ ms/,
    );
    expect(output).not.toMatch(/louyu dashboard: http/);
    expect(held.length).toBeGreaterThan(0);
  },
);
