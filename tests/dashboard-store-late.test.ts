// Issue 14, item 6: `louyu dashboard --influx` with InfluxDB down starts anyway (it used to exit), says
// on /readyz that the store does not answer, and serves from the store once InfluxDB is up on that port.
import { afterAll, expect, it } from 'vitest';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { startTestBroker, type TestBroker } from './ingest-process.ts';
import { spawnDashboard } from './harness/louyu-dashboard.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL, until } from './harness/until.ts';

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
  const run = await spawnDashboard(influxd.url, broker.url, ['--influx-database', 'louyu_dashboard_late']);
  cleanups.push(() => run.stop());
  await until(
    () => run.output.includes('louyu dashboard: http') || run.code !== undefined,
    'louyu dashboard to listen',
    90_000,
  );
  expect(run.code, run.output).toBeUndefined();
  const url = run.url;
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
