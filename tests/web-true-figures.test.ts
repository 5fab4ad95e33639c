// Issue 16, items 4, 5, 9 and 11, in a real browser (Debian's chromium) against the real server fed over
// MQTT by the simulated Heping district: every figure on screen is the one its words promise, in plain
// words, readable on a phone, in Chinese and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DistrictSummary } from '@louyu/core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
// One browser (one profile, one localStorage session) per role.
let browser: BrowserHandle;
let managerBrowser: BrowserHandle;
// The login route allows 10 attempts a minute per address: one session per role for the whole file.
let district: Page;
let manager: Page;

beforeAll(async () => {
  stack = await startWebStack();
  browser = await launchBrowser();
  managerBrowser = await launchBrowser();
  district = await loginAs(browser, WEB_USERS.district);
  manager = await loginAs(managerBrowser, WEB_USERS.manager);
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => managerBrowser?.close(),
    () => stack?.close(),
  ),
);

async function loginAs(on: BrowserHandle, username: string): Promise<Page> {
  const page = await on.newPage();
  await page.goto(`${stack.url}/login`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`${stack.url}/`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', WEB_USERS.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Switches the page's language (remembered in localStorage) and reloads. */
async function setLanguage(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.evaluate(`localStorage.setItem('louyu.locale', '${lang}')`);
  await page.reload();
}

/** The first number in a text ("86.4 %" -> 86.4). */
function numberIn(text: string): number {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text);
  if (!match) throw new Error(`no number in "${text}"`);
  return Number(match[0].replaceAll(',', ''));
}

describe("item 4: the plan's 平均入驻率 under the plan's words", () => {
  it("shows the mean of the buildings' rates as 平均入驻率, and the area-weighted rate labelled as such", async () => {
    const summary = (await stack.get('/api/district/summary')) as DistrictSummary;
    const mean = summary.plan.mean_occupancy * 100;
    const weighted = summary.plan.area_weighted_occupancy * 100;
    // The two differ by several points in Heping (86.4 % against 80.1 %): the test tells them apart.
    expect(mean - weighted).toBeGreaterThan(1);
    await setLanguage(district, 'zh');
    const card = district.getByTestId('kpi-occupancy');
    await card.waitFor();
    expect(await card.locator('.label').innerText()).toBe('平均入驻率');
    await expect
      .poll(async () => numberIn(await district.getByTestId('mean-occupancy').innerText()), POLL)
      .toBeCloseTo(mean, 1);
    const note = await district.getByTestId('area-weighted-occupancy').innerText();
    expect(note).toContain('按面积加权');
    expect(numberIn(note)).toBeCloseTo(weighted, 1);
    // Nowhere on the overview does the bare word 入驻率 stand before the area-weighted figure.
    const text = await district.locator('main').innerText();
    const bare = new RegExp(`(?<!加权)入驻率\\s*${weighted.toFixed(1).replace('.', '\\.')}`);
    expect(text).not.toMatch(bare);
    await setLanguage(district, 'en');
    await expect
      .poll(() => district.getByTestId('kpi-occupancy').locator('.label').innerText(), POLL)
      .toBe('Mean occupancy rate');
    expect(await district.getByTestId('area-weighted-occupancy').innerText()).toContain('Area-weighted');
    await setLanguage(district, 'zh');
  });
});

describe('item 5: a manager lands on their building, not on district KPIs', () => {
  it('opens the building page after login, and / leads there too', async () => {
    // loginAs waited for the first page after the login form: the redirect follows it.
    await manager.waitForURL(`${stack.url}/buildings/${stack.gatewayBuilding}`);
    await manager.getByTestId('building-name').waitFor();
    expect(await manager.getByTestId('building-name').innerText()).toBe(
      stack.registry.byId.get(stack.gatewayBuilding)!.name.zh,
    );
    await manager.goto(`${stack.url}/`);
    await manager.waitForURL(`${stack.url}/buildings/${stack.gatewayBuilding}`);
    await manager.getByTestId('floors').waitFor();
    const text = await manager.locator('body').innerText();
    // None of the district's plan KPIs, computed over one building, reads as the district's.
    for (const words of ['税收过亿元楼宇', '基期', '目标', '已减少', '重点闲置楼宇面积', '区域总览'])
      expect(text).not.toContain(words);
    expect(await manager.getByTestId('kpi-tax').count()).toBe(0);
    expect(await manager.getByTestId('kpi-idle').count()).toBe(0);
    // The first link of a manager's menu is their building.
    expect(await manager.locator('nav a').first().getAttribute('href')).toBe(
      `/buildings/${stack.gatewayBuilding}`,
    );
  });

  it('still gives district staff the overview with the plan KPIs', async () => {
    await district.goto(`${stack.url}/`);
    await district.getByTestId('kpi-tax').waitFor();
    expect(new URL(district.url()).pathname).toBe('/');
    expect(await district.getByTestId('kpi-tax').innerText()).toContain('税收过亿元楼宇');
  });
});
