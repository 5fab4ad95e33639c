// `louyu start --influx URL`: the same end-to-end run as with the embedded store, against a real influxd.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStore } from '@louyu/store';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import {
  checkOverviewInBrowser,
  COUNT_FIELD,
  expectStored,
  login,
  parseSummary,
  sampleOf,
  waitForEveryBuildingLive,
  watchTelemetry,
} from './harness/e2e-checks.ts';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';
import { stopAll } from './harness/stop-all.ts';

let influxd: InfluxdHandle;
let louyu: LouyuStart;
let browser: BrowserHandle;

beforeAll(async () => {
  influxd = await startInfluxd();
  louyu = await startLouyu(['--influx', influxd.url, '--influx-database', 'louyu_e2e']);
  browser = await launchBrowser();
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => louyu?.dispose(),
    () => influxd?.dispose(),
  ),
);

/** Points per measurement, counted by InfluxDB itself. */
async function countInInflux(url: string): Promise<number> {
  let total = 0;
  for (const [measurement, field] of [...Object.entries(COUNT_FIELD), ['gateway_status', 'online']]) {
    const q = `SELECT COUNT("${field}") FROM "${measurement}"`;
    const response = await fetch(`${url}/query?db=louyu_e2e&q=${encodeURIComponent(q)}`);
    const body = (await response.json()) as {
      results: { series?: { values: [string, number][] }[]; error?: string }[];
    };
    expect(body.results[0]?.error).toBeUndefined();
    total += body.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
  }
  return total;
}

// The whole district starting on a busy machine: start-up alone can take half a minute, and every building
// going live another (the waits inside allow 120 s each), more than the default 60 s test timeout.
const E2E_TIMEOUT_MS = 300_000;

it(
  'runs the whole district into InfluxDB from one command and keeps everything it received',
  { timeout: E2E_TIMEOUT_MS },
  async () => {
    await louyu.waitFor(/Dashboard 仪表盘: http/);
    expect(louyu.output()).toContain(`store: InfluxDB ${influxd.url}`);
    const watcher = await watchTelemetry(louyu.mqttPort);

    const token = await login(louyu.httpUrl);
    expect(await waitForEveryBuildingLive(louyu.httpUrl, token)).toBe(89);
    await checkOverviewInBrowser(browser, louyu.httpUrl, 'e2e-start-influx-overview');
    await expect.poll(() => watcher.seen.length, { timeout: 60_000 }).toBeGreaterThan(100);
    await watcher.close();

    expect(await louyu.interrupt(), louyu.output().slice(-2000)).toEqual({ code: 0, signal: null });
    const summary = parseSummary(louyu.output());
    expect(louyu.output()).toContain('stopped: everything received is stored.');
    expect(summary.stored).toBe(summary.spooled);

    const points = await countInInflux(influxd.url);
    expect(points).toBeLessThanOrEqual(summary.spooled);
    expect(points).toBeGreaterThanOrEqual(watcher.seen.length);

    const store = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'louyu_e2e',
      setup: false,
    });
    await expectStored(store, sampleOf(watcher.seen, 150));
    await store.close();
  },
);
