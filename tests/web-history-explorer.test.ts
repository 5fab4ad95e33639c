// Issue 20, item 1, in a real browser (Debian's chromium) against the real server: the building page's
// history explorer keeps its view in the URL, asks the server for the buckets a range calls for, zooms,
// compares with a week earlier, and exports exactly what it shows as CSV and the chart as PNG.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { readingToPoints, type HistoryReply, type TelemetryPoint } from '@louyu/core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { openSignedIn, startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;
let page: Page;
let id: string;
const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

beforeAll(async () => {
  stack = await startWebStack();
  id = stack.registry.buildings[1]!.id;
  // Eight days of one floor's people counter every 10 minutes, so a week has a reading in every bucket.
  const now = Date.now();
  const points: TelemetryPoint[] = [];
  for (let ts = now - 8 * DAY; ts < now - MINUTE; ts += 10 * MINUTE)
    points.push(
      ...readingToPoints(
        {
          building: id,
          kind: 'occupancy',
          device: 'floor-history',
          ts,
          data: { people: Math.round(200 + 150 * Math.sin(ts / 3_600_000)), capacity: 400 },
        },
        stack.registry,
      ),
    );
  await stack.app.louyu.store.write(points);
  browser = await launchBrowser();
  page = await openSignedIn(browser, stack, { username: WEB_USERS.district, locale: 'en' });
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
  ),
);

const chart = () => page.getByTestId('history-chart');
const attr = async (name: string): Promise<number> => Number(await chart().getAttribute(name));
const isHistory = (response: Response): boolean =>
  response.url().includes(`/api/buildings/${id}/history`) && response.url().includes('kind=occupancy');

async function download(testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

describe('history explorer', () => {
  it('a range change reloads the chart with the right buckets and keeps the range in the URL', async () => {
    const first = page.waitForResponse(isHistory);
    await page.goto(`${stack.url}/buildings/${id}`);
    const day = (await (await first).json()) as HistoryReply;
    expect(day.step_ms).toBe(5 * MINUTE);
    expect(day.field).toBe('people');
    expect(day.across).toBe('sum');
    await expect.poll(() => attr('data-step'), POLL).toBe(5 * MINUTE);

    const reply = page.waitForResponse(isHistory);
    await page.locator('[data-range="7d"]').click();
    const week = (await (await reply).json()) as HistoryReply;
    expect(new URL(page.url()).searchParams.get('range')).toBe('7d');
    // A week by the half hour: 336 buckets (337 when the week does not start on one).
    expect(week.step_ms).toBe(30 * MINUTE);
    expect(week.to - week.from).toBe(7 * DAY);
    expect(week.points.length).toBeGreaterThanOrEqual(330);
    expect(week.points.length).toBeLessThanOrEqual(337);
    await expect.poll(() => attr('data-step'), POLL).toBe(30 * MINUTE);
    expect(await attr('data-points')).toBe(week.points.length);
    expect(await attr('data-shown')).toBe(week.points.length);
    expect(await page.locator('[data-range="7d"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('history-meta').innerText()).toContain('30 min per point');

    // The link reproduces the view.
    const again = page.waitForResponse(isHistory);
    await page.reload();
    expect(((await (await again).json()) as HistoryReply).step_ms).toBe(30 * MINUTE);
    await expect.poll(() => attr('data-step'), POLL).toBe(30 * MINUTE);
    await browser.screenshot(page, 'history-explorer-week');
  });

  it('exports the points shown as CSV, also after zooming in, and the chart as PNG', async () => {
    const all = await attr('data-points');
    const csv = await download('history-csv');
    expect(csv.name).toMatch(/\.csv$/);
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Time,People in the building (people)');
    expect(lines).toHaveLength(all + 1);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00,\d+(\.\d+)?$/);

    // Zoomed in twice over, the CSV holds only the buckets left in view.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => attr('data-shown'), POLL).toBeLessThan(all * 0.6);
    const shown = await attr('data-shown');
    expect(shown).toBeGreaterThan(all * 0.4);
    const zoomed = (await download('history-csv')).bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(zoomed).toHaveLength(shown + 1);

    const png = await download('history-png');
    expect(png.name).toMatch(/\.png$/);
    expect(
      png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).toBe(true);
    expect(png.bytes.length).toBeGreaterThan(2_000);
  });

  it('compares with the same span a week earlier, and picks a floor as the device', async () => {
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes(`/api/buildings/${id}/history`)) requests.push(request.url());
    });
    await page.getByTestId('history-compare').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('compare'), POLL).toBe('prev');
    await expect.poll(() => requests.length, POLL).toBeGreaterThanOrEqual(2);
    const spans = requests.map((url) => new URL(url).searchParams).map((q) => Number(q.get('from')));
    expect(Math.max(...spans) - Math.min(...spans)).toBe(7 * DAY);

    // The picker lists the floors the building reports live; the first one is a floor counter.
    const select = page.getByTestId('history-device');
    const floorId = await select.locator('option').nth(1).getAttribute('value');
    expect(floorId).toMatch(/^floor-/);
    const floor = page.waitForResponse((r) => isHistory(r) && r.url().includes(`device=${floorId}`));
    await select.selectOption(floorId);
    const reply = (await (await floor).json()) as HistoryReply;
    expect(new URL(page.url()).searchParams.get('device')).toBe(floorId);
    expect(reply.across).toBe('all');
  });
});
