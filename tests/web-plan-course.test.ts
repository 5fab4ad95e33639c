// Issue 20, item 2, in a real browser (Debian's chromium): 规划进度, the plan's KPIs over time from the dated
// tenancy reports in the store (a year of them, seeded), and the building ranking from the live state or,
// for a day picked with 截至日期, from the reports stored by that day's end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import {
  addDays,
  districtFigures,
  hepingRegistry,
  localDateKey,
  occupancyBucket,
  parseDateKey,
  wallTimeToUtc,
  type FiveARow,
  type PlanRanking,
  type TelemetryPoint,
  type TenancyReply,
} from '@louyu/core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { openSignedIn, startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;
let page: Page;

const registry = hepingRegistry();
const at = (month: number, day: number): number => wallTimeToUtc('Asia/Shanghai', 2024, month, day, 12);
// Three buildings whose tax to date passes 100 M CNY in the 4th, 2nd and 3rd quarter of 2024, and the
// building with the most vacant space, fully let from August.
const [taxLate, taxQ2, taxQ3] = registry.buildings.slice(1, 4).map((b) => b.id) as [string, string, string];
const idlest = [...registry.buildings].sort(
  (a, b) => b.leasable_area_m2 - b.tenancy.leased_m2 - (a.leasable_area_m2 - a.tenancy.leased_m2),
)[0]!;
const idlestVacant = idlest.leasable_area_m2 - idlest.tenancy.leased_m2;
// Yesterday in Shanghai, when one building reported tax to date that no other reaches: first at that day's
// end, not now (the store's reports are not the live state, which has the gateway's building first).
const yesterday = addDays(localDateKey(Date.now(), 'Asia/Shanghai'), -1);
const pastTop = registry.buildings[4]!.id;
const yesterdayNoon = (() => {
  const { year, month, day } = parseDateKey(yesterday);
  return wallTimeToUtc('Asia/Shanghai', year, month, day, 12);
})();

function report(building: string, ts: number, fields: Record<string, number>): TelemetryPoint {
  const { cluster } = registry.byId.get(building)!;
  return { measurement: 'tenancy', tags: { building, cluster, device: 'pms' }, fields, ts };
}
const tax = (building: string, ts: number, cny: number): TelemetryPoint => {
  const b = registry.byId.get(building)!;
  return report(building, ts, {
    leasable_m2: b.leasable_area_m2,
    leased_m2: b.tenancy.leased_m2,
    tax_ytd_cny: cny,
  });
};

beforeAll(async () => {
  stack = await startWebStack();
  await stack.store.write([
    tax(taxLate, at(3, 30), 20_000_000),
    tax(taxLate, at(6, 20), 60_000_000),
    tax(taxLate, at(9, 20), 90_000_000),
    tax(taxLate, at(12, 20), 130_000_000),
    tax(taxQ2, at(6, 25), 105_000_000),
    tax(taxQ3, at(9, 1), 101_000_000),
    tax(taxQ3, at(12, 1), 140_000_000),
    report(idlest.id, at(8, 1), { leasable_m2: idlest.leasable_area_m2, leased_m2: idlest.leasable_area_m2 }),
    tax(pastTop, yesterdayNoon, 90_000_000_000),
  ]);
  browser = await launchBrowser();
  page = await openSignedIn(browser, stack, { username: WEB_USERS.district, locale: 'zh' });
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
  ),
);

/** The course table's cell of one period and figure. */
const cell = (period: string, field: string): Promise<string> =>
  page
    .locator(`[data-testid=course-table] tbody tr[data-period="${period}"] [data-field="${field}"]`)
    .innerText();
const wan = (m2: number): string =>
  `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(Math.round(m2 / 1_000) / 10)} 万m²`;
/** The ranking's building ids in the order shown (an expression: the tests compile without the DOM types). */
const order = (): Promise<string[]> =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll('[data-testid=ranking-table] tbody tr')].map((r) => r.dataset.building)`,
  );

describe('规划进度 in the browser', () => {
  it('shows 2024 quarter by quarter from the stored reports: 亿元楼宇, key idle area, buckets', async () => {
    await page.getByRole('link', { name: '规划进度' }).click();
    await page.waitForURL((url) => url.pathname === '/plan');
    await page.goto(`${stack.url}/plan?period=quarter&from=2024-01&to=2024-12`);
    const rows = page.locator('[data-testid=course-table] tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(4);
    expect(await rows.locator('th').allInnerTexts()).toEqual([
      '2024年第1季度',
      '2024年第2季度',
      '2024年第3季度',
      '2024年第4季度',
    ]);
    const ytd = await Promise.all(
      ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'].map((q) => cell(q, 'over_100m_ytd')),
    );
    expect(ytd).toEqual(['0 座', '1 座', '2 座', '3 座']);
    // The rest keep the registry's baseline, so the idle area falls by the let building's vacancy in Q3.
    const base = districtFigures(registry);
    expect(await cell('2024-Q2', 'idle_m2')).toBe(wan(base.key_idle.vacant_m2));
    expect(await cell('2024-Q3', 'idle_m2')).toBe(wan(base.key_idle.vacant_m2 - idlestVacant));
    const wasHigh = occupancyBucket(idlest.tenancy.leased_m2 / idlest.leasable_area_m2) === 'high';
    expect(await cell('2024-Q3', 'bucket_high')).toBe(
      `${base.occupancy_buckets.high.count + (wasHigh ? 0 : 1)} 座`,
    );
    // The plan's lines: 15 buildings, and 65.9 - 30 万m² of key idle area.
    const target = await page.locator('[data-testid=course-table] tfoot').innerText();
    expect(target).toContain('2025年目标');
    expect(target).toContain('15 座');
    expect(target).toContain('35.9 万m²');
    expect(await page.locator('.chart[role=img]').count()).toBe(3);
  });

  it('switches to months with a labelled control, and keeps the choice in the URL', async () => {
    await page.getByLabel('周期').selectOption('month');
    await page.waitForURL((url) => url.searchParams.get('period') === 'month');
    const rows = page.locator('[data-testid=course-table] tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(12);
    expect(await cell('2024-05', 'over_100m_ytd')).toBe('0 座');
    expect(await cell('2024-06', 'over_100m_ytd')).toBe('1 座');
    expect(await page.getByLabel('起始月份').inputValue()).toBe('2024-01');
  });

  it('ranks the buildings by tax to date, by occupancy and by 5A index, within a cluster', async () => {
    const top = registry.byId.get(stack.gatewayBuilding)!;
    await stack.publish('tenancy', 'pms', {
      ts: Date.now(),
      leasable_m2: top.leasable_area_m2,
      leased_m2: top.tenancy.leased_m2,
      tenants: top.tenancy.tenants,
      tenants_by_industry: top.tenancy.tenants_by_industry,
      registered_local: top.tenancy.registered_local,
      tax_ytd_cny: 9_000_000_000,
    });
    const ranking = page.getByTestId('ranking-table');
    await expect
      .poll(async () => {
        await page.reload();
        await ranking.waitFor();
        return (await order())[0];
      }, POLL)
      .toBe(stack.gatewayBuilding);

    const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const desc = (a: number | null, b: number | null): number =>
      a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a;
    await ranking.locator('button[data-sort=occupancy]').click();
    await expect.poll(() => ranking.getAttribute('data-by'), POLL).toBe('occupancy');
    const tenancy = (await stack.get('/api/tenancy')) as TenancyReply;
    expect(await order()).toEqual(
      [...tenancy.buildings]
        .sort((a, b) => desc(a.rate, b.rate) || byId(a.building, b.building))
        .map((r) => r.building),
    );
    expect(await ranking.locator('th[aria-sort=descending]').innerText()).toContain('入驻率');

    await ranking.locator('button[data-sort=index5a]').click();
    await expect.poll(() => ranking.getAttribute('data-by'), POLL).toBe('index5a');
    const fiveA = (await stack.get('/api/five-a')) as FiveARow[];
    expect(await order()).toEqual(
      [...fiveA]
        .sort((a, b) => desc(a.index, b.index) || byId(a.building, b.building))
        .map((r) => r.building),
    );

    await page.getByTestId('cluster-filter').selectOption('hunhe');
    await page.waitForURL((url) => url.searchParams.get('cluster') === 'hunhe');
    const hunhe = registry.buildings.filter((b) => b.cluster === 'hunhe').map((b) => b.id);
    await expect.poll(async () => (await order()).sort(), POLL).toEqual(hunhe.sort());
    // Cluster against cluster: every cluster, however the ranking is filtered.
    const clusters = page.locator('[data-testid=cluster-table] tbody tr');
    expect(await clusters.count()).toBe(registry.clusters.length);
    expect(
      await page
        .locator('[data-testid=cluster-table] tr[data-cluster=hunhe] [data-field=buildings]')
        .innerText(),
    ).toBe(`${hunhe.length} 座`);
    await browser.screenshot(page, 'plan-course');
  });

  it('shows the ranking as it stood at the end of a day picked with 截至日期, kept in the URL', async () => {
    await page.goto(`${stack.url}/plan?period=quarter&from=2024-01&to=2024-12`);
    const ranking = page.getByTestId('ranking-table');
    await ranking.waitFor();
    expect(await ranking.getAttribute('data-at')).toBe('');
    expect(await page.getByTestId('ranking-as-of').innerText()).toContain('当前');

    const isPast = (r: Response): boolean =>
      r.url().includes('/api/plan/ranking') && r.url().includes(`at=${yesterday}`);
    const reply = page.waitForResponse(isPast);
    await page.getByLabel('截至日期').fill(yesterday);
    const past = (await (await reply).json()) as PlanRanking;
    await page.waitForURL((url) => url.searchParams.get('at') === yesterday);
    await expect.poll(() => ranking.getAttribute('data-at'), POLL).toBe(yesterday);
    expect(past.at).toBe(yesterday);
    expect(past.buildings[0]!.building).toBe(pastTop);
    expect(await order()).toEqual(past.buildings.map((b) => b.building));
    expect(await ranking.locator('tbody tr').first().locator('td').nth(3).innerText()).toContain('900');
    const live = (await stack.get('/api/plan/ranking')) as PlanRanking;
    expect(live.buildings[0]!.building).not.toBe(pastTop);
    // Which day the table is for, and why the 5A index is empty for it.
    const asOf = await page.getByTestId('ranking-as-of').innerText();
    expect(asOf).toContain(yesterday);
    expect(asOf).toContain('5A');
    await browser.screenshot(page, 'plan-ranking-at');

    // The link reproduces the view; clearing the date is the live ranking again.
    const again = page.waitForResponse(isPast);
    await page.reload();
    await again;
    await expect.poll(() => ranking.getAttribute('data-at'), POLL).toBe(yesterday);
    await page.getByRole('button', { name: '回到当前' }).click();
    await page.waitForURL((url) => !url.searchParams.has('at'));
    await expect.poll(() => ranking.getAttribute('data-at'), POLL).toBe('');
    await expect.poll(async () => (await order())[0], POLL).toBe(live.buildings[0]!.building);
  });
});
