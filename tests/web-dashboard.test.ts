// The dashboard in a real browser (Debian's chromium) against the real server, fed over MQTT by the
// simulated Heping district: what district staff and property managers see, live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;

beforeAll(async () => {
  stack = await startWebStack();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function loginAs(username: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage(viewport);
  // The browser profile is shared by the tests: start each one signed out and in Chinese.
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

describe('dashboard in the browser', () => {
  it('shows the 89 buildings and the plan figures on the overview, live', async () => {
    const page = await loginAs(WEB_USERS.district);
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText()).toContain('89 座');
    const tax = await page.getByTestId('kpi-tax').innerText();
    expect(tax).toContain('基期 11 座 → 目标 15 座');
    expect(await page.getByTestId('kpi-idle').innerText()).toContain('30 万m²');
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-status')).toBe('connected');
    // People in buildings is the sum of the simulated floor counters, so it is more than nothing.
    await expect
      .poll(async () => Number((await page.getByTestId('kpi-people').innerText()).replace(/\D/g, '')))
      .toBeGreaterThan(0);
    await browser.screenshot(page, 'overview');
    await page.close();
  });

  it('lists every building and sorts by 5A index', async () => {
    const page = await loginAs(WEB_USERS.district);
    await page.goto(`${stack.url}/buildings?sort=five_a&dir=desc`);
    await expect.poll(() => page.locator('[data-testid=building-table] tbody tr').count()).toBe(89);
    await browser.screenshot(page, 'buildings');
    await page.close();
  });

  it('shows a value published over MQTT on the building page without a reload', async () => {
    const page = await loginAs(WEB_USERS.district);
    await page.goto(`${stack.url}/buildings/${stack.gatewayBuilding}`);
    await page.getByTestId('energy').waitFor();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-status')).toBe('connected');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await stack.publish('energy', 'meter-check', {
      ts: Date.now(),
      power_kw: 4321.5,
      energy_kwh: 10,
      circuit: 'plug',
    });
    await expect
      .poll(() => page.getByTestId('energy').innerText(), { timeout: 15_000 })
      .toContain('4,321.5 kW');
    expect(navigations).toEqual([]);
    await browser.screenshot(page, 'building-detail');
    await page.close();
  });

  it('raises an elevator fault as an alarm that district staff can acknowledge', async () => {
    const page = await loginAs(WEB_USERS.district);
    await stack.publish('elevator', 'car-check', {
      ts: Date.now(),
      state: 'fault',
      floor: 7,
      load_pct: 0,
      trips: 0,
      door_cycles: 0,
      wait_s: 0,
      fault: 'E42',
    });
    // The elevator_fault debounce is 30 s; the dashboard's clock jumps past it instead of the test waiting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    stack.advanceClock(31_000);
    await page.goto(`${stack.url}/alarms`);
    const row = page.locator(`tr[data-alarm*="car-check"]`).first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('电梯故障');
    await browser.screenshot(page, 'alarms');
    await row.getByTestId('ack').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('acknowledged');
    await page.close();
  });

  it('shows a manager only their buildings', async () => {
    const page = await loginAs(WEB_USERS.manager);
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText()).toContain('1 座');
    await page.goto(`${stack.url}/buildings`);
    await expect.poll(() => page.locator('[data-testid=building-table] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=building-table] tbody tr').getAttribute('data-building')).toBe(
      stack.gatewayBuilding,
    );
    await page.goto(`${stack.url}/buildings/${stack.registry.buildings[1]!.id}`);
    await page.getByText('未找到该楼宇，或无权查看').waitFor();
    await page.close();
  });

  it('switches between Chinese and English and remembers the choice', async () => {
    const page = await loginAs(WEB_USERS.district, { width: 390, height: 844 });
    await page.getByTestId('kpi-buildings').waitFor();
    expect(await page.getByTestId('kpi-buildings').innerText()).toContain('运营楼宇');
    await browser.screenshot(page, 'overview-phone-zh');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText()).toContain('Buildings operating');
    await page.reload();
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText()).toContain('89 buildings');
    await browser.screenshot(page, 'overview-phone-en');
    for (const path of ['shortfalls', 'reports']) {
      await page.goto(`${stack.url}/${path}`);
      await page.waitForLoadState('networkidle');
      await browser.screenshot(page, `${path}-en`);
    }
    await page.close();
  });
});
