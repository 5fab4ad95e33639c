// `louyu start` over a data folder that already holds energy readings (a restart): the simulated meters
// continue from the stored readings (issue 16, item 2), so the first new reading is not below the stored
// one and today's energy is not the whole counter. The composition under test is the CLI's: the store's
// latest energy points -> <data-dir>/simulator-meters.json -> `louyu simulate --initial-meters`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { hepingRegistry, readingToPoints, type BuildingDetail } from '@louyu/core';
import { createStore } from '@louyu/store';
import { freePort, killWithTestProcess } from './harness/spawn-server.ts';
import { until } from './harness/until.ts';

const LOUYU = resolve(import.meta.dirname, '../cli/bin/louyu.js');
const STORED_KWH = 9_000_000;
let child: ChildProcess | undefined;
let dir: string | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child!.once('exit', done));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 30_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('continues the simulated meters from the stored readings', async () => {
  const registry = hepingRegistry();
  const building = registry.buildings[0]!.id;
  dir = await mkdtemp(join(tmpdir(), 'louyu-start-meters-'));
  const storedAt = Date.now() - 120_000;
  const store = await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
  await store.write(
    readingToPoints(
      {
        building,
        kind: 'energy',
        device: 'meter-total',
        ts: storedAt,
        data: { power_kw: 100, energy_kwh: STORED_KWH, circuit: 'total' },
      },
      registry,
    ),
  );
  await store.close();

  const httpPort = await freePort();
  const mqttPort = await freePort();
  let output = '';
  child = spawn(
    process.execPath,
    [
      LOUYU,
      'start',
      '--data-dir',
      dir,
      '--http-port',
      String(httpPort),
      '--mqtt-port',
      String(mqttPort),
      '--host',
      '127.0.0.1',
      '--buildings',
      '1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOUYU_LOG_JSON: '1' } },
  );
  killWithTestProcess(child);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await until(() => output.includes('Dashboard'), 'louyu start to print the dashboard address', 240_000);

  const meters = JSON.parse(await readFile(join(dir, 'simulator-meters.json'), 'utf8')) as Record<
    string,
    Record<string, number>
  >;
  expect(meters[building]?.['meter-total']).toBe(STORED_KWH);

  const url = `http://127.0.0.1:${httpPort}`;
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'district', password: 'louyu-demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  let detail: BuildingDetail | undefined;
  let asked = 0;
  await until(
    async () => {
      // The dashboard at most twice a second: the simulator reports energy once a minute.
      if (Date.now() - asked < 500) return false;
      asked = Date.now();
      const reply = await fetch(`${url}/api/buildings/${building}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      detail = ((await reply.json()) as { live: BuildingDetail }).live;
      const meter = detail.meters.find((m) => m.device === 'meter-total');
      return meter !== undefined && meter.ts > storedAt;
    },
    'a new meter-total reading from the simulator',
    180_000,
  );
  const meter = detail!.meters.find((m) => m.device === 'meter-total')!;
  expect(meter.energy_kwh).toBeGreaterThanOrEqual(STORED_KWH);
  expect(meter.energy_kwh).toBeLessThan(STORED_KWH + 1_000);
  expect(detail!.summary.energy_today_kwh).toBeLessThan(1_000);
}, 420_000);
