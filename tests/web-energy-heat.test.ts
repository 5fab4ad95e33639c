// Issue 16, item 8, in a real browser (Debian's chromium) against the real server fed over MQTT by the
// simulated Heping district: a building page lists the electric circuits, which add up to the building's
// power, and shows district heating (a thermal meter) apart, never in the electric figures; the district's
// power is electricity only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BuildingDetail, DistrictSummary } from '@louyu/core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;
let page: Page;
// The figures: 1,612 kW of district heat beside an electric total of 424 kW.
const HEAT_KW = 1_612;

beforeAll(async () => {
  stack = await startWebStack();
  // The gateway building's heat meter reads what the issue saw (whatever the season is today).
  await stack.publish('energy', 'meter-heat', {
    ts: Date.now(),
    power_kw: HEAT_KW,
    energy_kwh: 9_000_000,
    circuit: 'heat',
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${stack.url}/login`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`${stack.url}/`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=username]', WEB_USERS.district);
  await page.fill('input[name=password]', WEB_USERS.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
  ),
);

function numberIn(text: string): number {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text);
  if (!match) throw new Error(`no number in "${text}"`);
  return Number(match[0].replaceAll(',', ''));
}

const detailOf = async (id: string) =>
  ((await stack.get(`/api/buildings/${id}`)) as { live: BuildingDetail }).live;

describe('item 8: electric circuits that add up, district heating apart', () => {
  it('the API lists heat apart and leaves it out of every building and the district power', async () => {
    await expect
      .poll(async () => (await detailOf(stack.gatewayBuilding)).heat.map((m) => m.power_kw), POLL)
      .toEqual([HEAT_KW]);
    let sum = 0;
    for (const b of stack.registry.buildings) {
      const d = await detailOf(b.id);
      expect(d.meters.some((m) => m.circuit === 'heat')).toBe(false);
      const total = d.meters.find((m) => m.circuit === 'total');
      if (!total) continue;
      expect(d.summary.power_kw, b.id).toBeCloseTo(total.power_kw, 1);
      const circuits = d.meters.filter((m) => m.circuit !== 'total').reduce((a, m) => a + m.power_kw, 0);
      expect(Math.abs(circuits - total.power_kw) / total.power_kw, b.id).toBeLessThan(0.01);
      sum += d.summary.power_kw ?? 0;
    }
    const summary = (await stack.get('/api/district/summary')) as DistrictSummary;
    expect(summary.live.power_kw).toBeCloseTo(sum, 0);
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`the building page shows heat apart as district heating, not among the circuits (${lang})`, async () => {
      await page.goto(`${stack.url}/buildings/${stack.gatewayBuilding}`);
      await page.evaluate(`localStorage.setItem('louyu.locale', '${lang}')`);
      await page.reload();
      const heatTable = page.getByTestId('heat-meters');
      await heatTable.locator('tbody tr').first().waitFor();
      await page.locator('[data-testid=meters] tbody tr').first().waitFor();

      // No heat among the electric circuits.
      expect(await page.locator('[data-testid=meters] td[data-circuit=heat]').count()).toBe(0);
      const circuits: (string | null)[] = [];
      for (const cell of await page.locator('[data-testid=meters] td[data-circuit]').all())
        circuits.push(await cell.getAttribute('data-circuit'));
      expect(circuits).toContain('total');
      expect(circuits.length).toBeGreaterThan(1);

      // The circuits add up to the building's power (within 1 %), and heat is not in it.
      const power = numberIn(await page.getByTestId('power-now').innerText());
      const circuitsSum = numberIn(await page.getByTestId('circuits-sum').innerText());
      expect(Math.abs(circuitsSum - power) / power).toBeLessThan(0.01);
      const totalRow = page.locator('[data-testid=meters] tr', {
        has: page.locator('td[data-circuit=total]'),
      });
      expect(numberIn(await totalRow.locator('td.num').first().innerText())).toBeCloseTo(power, 1);

      // Heat apart, labelled as district heating (thermal).
      expect(await heatTable.locator('tbody tr').count()).toBe(1);
      expect(numberIn(await heatTable.locator('tbody td.num').first().innerText())).toBe(HEAT_KW);
      const section = await page.getByTestId('energy').innerText();
      if (lang === 'zh') {
        expect(section).toContain('区域供热');
        expect(section).toContain('热量表');
        expect(await page.getByTestId('heat-note').innerText()).toContain('不计入总用电');
      } else {
        expect(section).toContain('District heating');
        expect(await page.getByTestId('heat-note').innerText()).toContain('not in the electricity total');
      }
      await browser.screenshot(page, `energy-heat-apart-${lang}`);
    });
  }
});
