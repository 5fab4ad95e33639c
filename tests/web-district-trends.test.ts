// Issue 20, item 1 (district trends and buildings side by side), in Debian's chromium against the real
// server: the trends page draws one line per cluster and the district's total with the buckets the range
// calls for, keeps the range in the URL and exports the cluster columns as CSV, and on request overlays
// each line a week earlier (a second request with the same buckets, in the URL and the CSV); the building
// explorer adds a second building's series for the same buckets, kept in the URL and in the CSV.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import {
  readingToPoints,
  type DistrictHistoryReply,
  type HistoryReply,
  type TelemetryPoint,
} from '@louyu/core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, submitLogin, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;
let page: Page;
/** Two buildings of different clusters, neither the gateway's. */
let first: { id: string; cluster: string; name: string };
let second: { id: string; cluster: string; name: string };
const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

beforeAll(async () => {
  stack = await startWebStack();
  const [a, ...rest] = stack.registry.buildings.slice(1);
  const b = rest.find((building) => building.cluster !== a!.cluster)!;
  first = { id: a!.id, cluster: a!.cluster, name: a!.name.en };
  second = { id: b.id, cluster: b.cluster, name: b.name.en };
  // Eight days of one floor's people counter every 10 minutes in each: a reading in every 30-minute bucket.
  const now = Date.now();
  const points: TelemetryPoint[] = [];
  for (const [building, people] of [
    [first.id, 100],
    [second.id, 40],
  ] as const)
    for (let ts = now - 8 * DAY; ts < now - MINUTE; ts += 10 * MINUTE)
      points.push(
        ...readingToPoints(
          { building, kind: 'occupancy', device: 'floor-trend', ts, data: { people, capacity: 400 } },
          stack.registry,
        ),
      );
  await stack.app.louyu.store.write(points);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${stack.url}/login`);
  await page.evaluate(`localStorage.clear(); localStorage.setItem('louyu.locale', 'en')`);
  await page.goto(`${stack.url}/login`);
  await submitLogin(page, WEB_USERS.district);
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
  ),
);

async function download(testId: string): Promise<string[]> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const text = (await readFile(await file.path())).toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text.slice(1).trimEnd().split('\r\n');
}

/** The chart's lines as drawn: id -> number of buckets. */
async function lines(): Promise<Record<string, number>> {
  const attr = (await page.getByTestId('trends-chart').getAttribute('data-lines')) ?? '';
  return Object.fromEntries(
    attr
      .split(',')
      .filter(Boolean)
      .map((entry) => [entry.split(':')[0]!, Number(entry.split(':')[1])]),
  );
}

/** A CSV line's cells (quoted cells may hold commas: "China Resources Building, Tower A"). */
const cells = (line: string): string[] =>
  (line.match(/"(?:[^"]|"")*"|[^,]+/g) ?? []).map((c) =>
    c.startsWith('"') ? c.slice(1, -1).replaceAll('""', '"') : c,
  );

const isTrends = (response: Response): boolean => response.url().includes('/api/district/history');

describe('district trends', () => {
  it('draws one line per cluster and the total, with the buckets of the range, the range in the URL', async () => {
    const day = page.waitForResponse(isTrends);
    await page.getByRole('link', { name: 'Trends' }).click();
    expect(((await (await day).json()) as DistrictHistoryReply).step_ms).toBe(5 * MINUTE);

    const reply = page.waitForResponse(isTrends);
    await page.locator('[data-range="7d"]').click();
    const week = (await (await reply).json()) as DistrictHistoryReply;
    expect(new URL(page.url()).pathname).toBe('/trends');
    expect(new URL(page.url()).searchParams.get('range')).toBe('7d');
    expect(week.step_ms).toBe(30 * MINUTE);
    const clusters = stack.registry.clusters.map((c) => c.id);
    expect(week.clusters.map((c) => c.cluster)).toEqual(clusters);
    await expect
      .poll(() => page.getByTestId('trends-chart').getAttribute('data-step'), POLL)
      .toBe(String(30 * MINUTE));
    const drawn = await lines();
    expect(Object.keys(drawn)).toEqual([...clusters, 'total']);
    // A week by the half hour: 336 buckets (337 when the week does not start on one) where a floor reported.
    for (const id of [first.cluster, second.cluster, 'total']) {
      expect(drawn[id], id).toBeGreaterThanOrEqual(336);
      expect(drawn[id], id).toBeLessThanOrEqual(337);
    }
    // The link reproduces the view.
    const again = page.waitForResponse(isTrends);
    await page.reload();
    expect(((await (await again).json()) as DistrictHistoryReply).step_ms).toBe(30 * MINUTE);
    await browser.screenshot(page, 'district-trends-week');
  });

  it('exports a CSV with a column per cluster and the total', async () => {
    const drawn = await lines();
    const rows = await download('trends-csv');
    const header = cells(rows[0]!);
    expect(header[0]).toBe('Time');
    expect(header).toHaveLength(stack.registry.clusters.length + 2);
    for (const cluster of stack.registry.clusters)
      expect(header.some((h) => h.includes(cluster.name.en))).toBe(true);
    expect(header.at(-1)).toBe('People in buildings · District total (people)');
    expect(rows).toHaveLength(drawn.total! + 1);
  });

  it('shows one cluster when the cluster filter picks it', async () => {
    const reply = page.waitForResponse((r) => isTrends(r) && r.url().includes(`cluster=${first.cluster}`));
    await page.getByTestId('cluster-filter').selectOption(first.cluster);
    expect(((await (await reply).json()) as DistrictHistoryReply).clusters).toHaveLength(1);
    expect(new URL(page.url()).searchParams.get('cluster')).toBe(first.cluster);
    await expect.poll(lines, POLL).toEqual({ [first.cluster]: expect.any(Number) as number });
  });
});

describe('compare with last week', () => {
  it('overlays each line 7 days earlier, from a second request with the same buckets, in the URL and the CSV', async () => {
    const span = (r: Response): number => {
      const url = new URL(r.url());
      return Number(url.searchParams.get('to')) - Number(url.searchParams.get('from'));
    };
    const first = page.waitForResponse(isTrends);
    await page.goto(`${stack.url}/trends`);
    const current = (await (await first).json()) as DistrictHistoryReply;
    const currentUrl = new URL((await first).url());

    // The week-earlier request: the same span and buckets asked for, 7 days back.
    const earlier = page.waitForResponse(
      (r) =>
        isTrends(r) &&
        Number(new URL(r.url()).searchParams.get('to')) < Number(currentUrl.searchParams.get('to')) - 6 * DAY,
    );
    await page.getByLabel('Compare with last week').check();
    const response = await earlier;
    const before = (await response.json()) as DistrictHistoryReply;
    const beforeUrl = new URL(response.url());
    expect(new URL(page.url()).searchParams.get('compare')).toBe('week');
    expect(span(response)).toBe(span(await first));
    expect(beforeUrl.searchParams.get('points')).toBe(currentUrl.searchParams.get('points'));
    expect(before.step_ms).toBe(current.step_ms);

    // Drawn beside each line, on the current axis: a week ago only the two seeded floors reported.
    await expect.poll(async () => (await lines())['total@week'], POLL).toBe(before.total.length);
    expect(before.total.length).toBeGreaterThan(100);
    const drawn = await lines();
    for (const c of before.clusters) expect(drawn[`${c.cluster}@week`], c.cluster).toBe(c.points.length);
    await browser.screenshot(page, 'district-trends-last-week');

    const rows = await download('trends-csv');
    const header = cells(rows[0]!);
    const column = header.indexOf('People in buildings · District total (last week) (people)');
    expect(column).toBeGreaterThan(0);
    // Each row's last-week value is the API's bucket 7 days before the row's time.
    const weekAgo = new Map(before.total.map(([ts, v]) => [ts + 7 * DAY, v]));
    let compared = 0;
    for (const row of rows.slice(1)) {
      // Data rows hold no quotes; an empty cell is a bucket without a reading.
      const values = row.split(',');
      const ts = Date.parse(values[0]!);
      const expected = weekAgo.get(ts);
      if (expected === undefined) {
        expect(values[column] ?? '').toBe('');
        continue;
      }
      expect(Number(values[column]), values[0]).toBe(Number(expected.toFixed(2)));
      compared++;
    }
    expect(compared).toBe(before.total.length);

    // Off again: no week-earlier lines.
    await page.getByLabel('Compare with last week').uncheck();
    await page.waitForURL((url) => !url.searchParams.has('compare'));
    await expect
      .poll(async () => Object.keys(await lines()).some((id) => id.endsWith('@week')), POLL)
      .toBe(false);
  });
});

describe('buildings side by side', () => {
  it("adds a second building's series for the same buckets, kept in the URL and in the CSV", async () => {
    const people = (id: string) => (r: Response) =>
      r.url().includes(`/api/buildings/${id}/history`) && r.url().includes('kind=occupancy');
    const own = page.waitForResponse(people(first.id));
    await page.goto(`${stack.url}/buildings/${first.id}?range=7d`);
    const mine = (await (await own).json()) as HistoryReply;
    const theirs = page.waitForResponse(people(second.id));
    await page.getByTestId('history-with').selectOption([second.id]);
    const other = (await (await theirs).json()) as HistoryReply;
    expect(new URL(page.url()).searchParams.get('with')).toBe(second.id);
    expect(other.step_ms).toBe(mine.step_ms);
    expect(other.points.map(([ts]) => ts)).toEqual(mine.points.map(([ts]) => ts));
    // A week ago only the seeded floor reported there (the simulated district adds floors of its own now).
    expect(other.points[0]![1]).toBe(40);
    await expect
      .poll(() => page.getByTestId('history-chart').getAttribute('data-with'), POLL)
      .toBe(`${second.id}:${other.points.length}`);
    const rows = await download('history-csv');
    expect(cells(rows[0]!)).toEqual([
      'Time',
      'People in the building (people)',
      `People in the building · ${second.name} (people)`,
    ]);
    expect(rows).toHaveLength(mine.points.length + 1);
    expect(rows[1]!.split(',')[2]).toBe('40');
  });
});
