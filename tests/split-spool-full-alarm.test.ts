// Issue 14, item 4, split mode: `louyu broker`, `louyu ingest` (a 64 KiB spool, InfluxDB unreachable) and
// `louyu dashboard` as three processes. Ingest's spool fills and it stops acknowledging; the dashboard,
// which only shares the broker with it, shows `spool_full` for that worker in /api/alarms (ingest publishes
// its spool state retained on louyu/ops/ingest/{worker}/spool).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { CredentialStore, hashPassword, saveCredentials } from '../broker/src/index.ts';
import { freePort } from './harness/spawn-server.ts';
import { POLL, until } from './harness/until.ts';

const LOUYU = resolve(import.meta.dirname, '../cli/bin/louyu.js');
const PASSWORD = 'split-spool-full-test-secret';
const BUILDING = 'new-world-commercial-tower';
const WORKER = 'louyu-ingest-split-a';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Proc {
  output: () => string;
  code: () => number | null | undefined;
}

function louyu(args: string[]): Proc {
  const child = spawn(process.execPath, [LOUYU, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOUYU_LOG_JSON: '1' },
  });
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
  });
  return { output: () => output, code: () => code };
}

async function started(proc: Proc, pattern: RegExp, what: string): Promise<void> {
  await until(() => pattern.test(proc.output()) || proc.code() !== undefined, what, 90_000);
  if (proc.code() !== undefined) throw new Error(`${what}: exited with ${proc.code()}:\n${proc.output()}`);
}

it(
  'shows a split-mode ingest worker spool_full in the dashboard /api/alarms',
  { timeout: 300_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'louyu-split-full-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const createdAt = new Date(0).toISOString();
    const password = await hashPassword(PASSWORD);
    await saveCredentials(
      join(dir, 'credentials.json'),
      new CredentialStore([
        { username: 'ingest', role: 'service', password, createdAt },
        { username: 'dashboard', role: 'service', password, createdAt },
        { username: `gw-${BUILDING}`, role: 'gateway', building: BUILDING, password, createdAt },
      ]),
    );
    const [mqttPort, httpPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    const httpUrl = `http://127.0.0.1:${httpPort}`;

    const broker = louyu([
      'broker',
      '--host',
      '127.0.0.1',
      '--mqtt-port',
      String(mqttPort),
      '--credentials',
      join(dir, 'credentials.json'),
      '--data-dir',
      join(dir, 'broker'),
    ]);
    await started(broker, /louyu broker: mqtt:/, 'louyu broker to listen');

    const ingest = louyu([
      'ingest',
      '--mqtt-url',
      mqttUrl,
      '--mqtt-username',
      'ingest',
      '--mqtt-password',
      PASSWORD,
      '--mqtt-client-id',
      WORKER,
      '--data-dir',
      join(dir, 'ingest'),
      '--spool-max-bytes',
      String(64 * 1024),
      '--influx',
      `http://127.0.0.1:${closedPort}`,
      '--http-port',
      '0',
    ]);
    await started(ingest, /"mqtt subscribed"/, 'louyu ingest to subscribe');

    const dashboard = louyu([
      'dashboard',
      '--host',
      '127.0.0.1',
      '--http-port',
      String(httpPort),
      '--data-dir',
      join(dir, 'dashboard'),
      '--demo',
      '--mqtt-url',
      mqttUrl,
      '--mqtt-username',
      'dashboard',
      '--mqtt-password',
      PASSWORD,
    ]);
    await started(dashboard, /louyu dashboard: http/, 'louyu dashboard to listen');

    const login = await fetch(`${httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'district', password: 'louyu-demo' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const alarms = async (): Promise<{ type: string; device: string }[]> => {
      const response = await fetch(`${httpUrl}/api/alarms`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await response.json()) as { active: { type: string; device: string }[] }).active;
    };
    expect((await alarms()).filter((a) => a.type === 'spool_full')).toEqual([]);

    // A gateway publishes far more than 64 KiB of readings; ingest acknowledges until its spool is full.
    const gateway = await mqtt.connectAsync(mqttUrl, {
      protocolVersion: 4,
      clientId: `gw-${BUILDING}`,
      username: `gw-${BUILDING}`,
      password: PASSWORD,
      clean: true,
      reconnectPeriod: 0,
    });
    cleanups.push(() => gateway.endAsync(true));
    const base = Date.now() - 600_000;
    for (let i = 0; i < 1500; i++) {
      gateway.publish(
        `louyu/v1/${BUILDING}/occupancy/f${String((i % 20) + 1).padStart(2, '0')}`,
        JSON.stringify({ ts: base + i, people: i % 300, capacity: 400 }),
        { qos: 1 },
      );
    }

    await expect
      .poll(async () => (await alarms()).filter((a) => a.type === 'spool_full').map((a) => a.device), POLL)
      .toEqual([`ingest:${WORKER}`]);
    expect(broker.code()).toBeUndefined();
    expect(ingest.code()).toBeUndefined();
  },
);
