// Issue 14, items 4 and 6, in the all-in-one process: `louyu start --influx` with InfluxDB down (Louyu up
// first after a reboot) starts anyway, says not ready on /readyz, spools into a small quota
// (`--spool-max-bytes`) until it is full and raises `spool_full` in /api/alarms; once influxd comes up on
// that port, what was spooled reaches it and /readyz turns ready.
import { afterAll, expect, it } from 'vitest';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';

let influxd: InfluxdHandle | undefined;
let louyu: LouyuStart | undefined;

afterAll(() =>
  stopAll(
    () => louyu?.dispose(),
    () => influxd?.dispose(),
  ),
);

async function login(httpUrl: string): Promise<string> {
  const response = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'district', password: 'louyu-demo' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function activeAlarmTypes(httpUrl: string, token: string): Promise<string[]> {
  const response = await fetch(`${httpUrl}/api/alarms`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) return [];
  const body = (await response.json()) as { active: { type: string }[] };
  return body.active.map((alarm) => alarm.type);
}

async function readyStatus(httpUrl: string): Promise<number> {
  const response = await fetch(`${httpUrl}/readyz`);
  await response.body?.cancel();
  return response.status;
}

async function occupancyPoints(url: string): Promise<number> {
  const q = 'SELECT COUNT("people") FROM "occupancy"';
  const response = await fetch(`${url}/query?db=louyu_late&q=${encodeURIComponent(q)}`).catch(
    () => undefined,
  );
  if (!response || response.status !== 200) return 0;
  const body = (await response.json()) as { results: { series?: { values: [string, number][] }[] }[] };
  return body.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
}

it(
  'starts with InfluxDB down, raises spool_full at its spool quota, and writes once InfluxDB appears',
  { timeout: 420_000 },
  async () => {
    // An influxd that has run once on its port, then stopped: the port is closed until restart().
    influxd = await startInfluxd();
    await influxd.stop();
    louyu = await startLouyu([
      '--influx',
      influxd.url,
      '--influx-database',
      'louyu_late',
      '--spool-max-bytes',
      '64KiB',
      '--buildings',
      '4',
    ]);
    await louyu.waitFor(/Dashboard 仪表盘: http/);
    const { httpUrl } = louyu;
    expect(await readyStatus(httpUrl)).toBe(503);

    const token = await login(httpUrl);
    // The simulator warms its district up from midnight before it publishes: on a busy machine a minute.
    await expect
      .poll(() => activeAlarmTypes(httpUrl, token), { ...POLL, timeout: 150_000 })
      .toContain('spool_full');
    expect(await readyStatus(httpUrl)).toBe(503);

    await influxd.restart();
    await expect.poll(() => occupancyPoints(influxd!.url), { ...POLL, timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => readyStatus(httpUrl), { ...POLL, timeout: 60_000 }).toBe(200);

    expect(await louyu.interrupt(), louyu.output().slice(-2000)).toEqual({ code: 0, signal: null });
    expect(louyu.output()).toMatch(/received \d+ valid messages \(0 refused\), stored \d+ points/);
  },
);
