// `louyu start` as a new user meets it: one command, a fresh data folder, the simulated Heping district
// publishing through the broker. Checked through the REST API, a real browser and the embedded store.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SqliteStore } from '@louyu/store';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import {
  checkOverviewInBrowser,
  expectStored,
  login,
  parseSummary,
  sampleOf,
  waitForEveryBuildingLive,
  watchTelemetry,
} from './harness/e2e-checks.ts';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';
import { stopAll } from './harness/stop-all.ts';

let louyu: LouyuStart;
let browser: BrowserHandle;

beforeAll(async () => {
  louyu = await startLouyu();
  browser = await launchBrowser();
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => louyu?.dispose(),
  ),
);

// The whole district starting on a busy machine: start-up alone can take half a minute, and every building
// going live another (the waits inside allow 120 s each), more than the default 60 s test timeout.
const E2E_TIMEOUT_MS = 300_000;

it(
  'runs the whole district from one command and keeps everything it received',
  { timeout: E2E_TIMEOUT_MS },
  async () => {
    await louyu.waitFor(/Dashboard 仪表盘: http/);
    const watcher = await watchTelemetry(louyu.mqttPort);

    const token = await login(louyu.httpUrl);
    expect(await waitForEveryBuildingLive(louyu.httpUrl, token)).toBe(89);
    await checkOverviewInBrowser(browser, louyu.httpUrl, 'e2e-start-overview');
    await expect.poll(() => watcher.seen.length, { timeout: 60_000 }).toBeGreaterThan(100);
    await watcher.close();

    // One /metrics for the process: the broker's and ingest's counters beside the dashboard's.
    const metrics = await (await fetch(`${louyu.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^louyu_broker_messages_in_total \d+/m);
    expect(metrics).toMatch(/^louyu_ingest_messages_spooled_total [1-9]/m);
    expect(metrics).toContain('louyu_dashboard_');

    expect(await louyu.interrupt(), louyu.output().slice(-2000)).toEqual({ code: 0, signal: null });
    const summary = parseSummary(louyu.output());
    expect(louyu.output()).toContain('stopped: everything received is stored.');
    expect(summary.stored).toBe(summary.spooled);

    // Every telemetry point in the file is one that ingest accepted; none was lost on the way (a status
    // message can overwrite another with the same millisecond, so the file may hold a few fewer than were
    // received). The dashboard's own alarm events and checkpoints (alarm_*) are not ingest's: left out.
    const db = new Database(join(louyu.dataDir, 'louyu.db'), { readonly: true });
    const rows = (
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM points p JOIN series s ON s.id = p.series_id
           WHERE s.measurement NOT LIKE 'alarm\\_%' ESCAPE '\\'`,
        )
        .get() as { n: number }
    ).n;
    db.close();
    expect(rows).toBeLessThanOrEqual(summary.spooled);
    expect(rows).toBeGreaterThanOrEqual(watcher.seen.length);

    const store = new SqliteStore({ path: join(louyu.dataDir, 'louyu.db'), retentionIntervalMs: 0 });
    await expectStored(store, sampleOf(watcher.seen, 300));
    await store.close();
  },
);
