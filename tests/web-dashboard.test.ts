// The dashboard in a real browser (Debian's chromium) against the real server, fed over MQTT by the
// simulated Heping district: what district staff and property managers see, live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request, Response } from 'playwright-core';
import { readingToPoints, type BuildingReply, type TelemetryPoint } from '@louyu/core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;

beforeAll(async () => {
  stack = await startWebStack();
  browser = await launchBrowser();
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
  ),
);

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
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText(), POLL).toContain('89 座');
    const tax = await page.getByTestId('kpi-tax').innerText();
    expect(tax).toContain('基期 11 座 → 目标 15 座');
    expect(await page.getByTestId('kpi-idle').innerText()).toContain('30 万m²');
    await expect
      .poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL)
      .toBe('connected');
    // People in buildings is the sum of the simulated floor counters, so it is more than nothing.
    await expect
      .poll(async () => Number((await page.getByTestId('kpi-people').innerText()).replace(/\D/g, '')), POLL)
      .toBeGreaterThan(0);
    await browser.screenshot(page, 'overview');
    await page.close();
  });

  it('revalidates the building directory at a page load instead of downloading it again', async () => {
    const page = await loginAs(WEB_USERS.district);
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText(), POLL).toContain('89 座');
    await page.reload();
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText(), POLL).toContain('89 座');
    // The browser's copy was current (304): only headers crossed the wire, the whole list was read.
    const entry = await page.evaluate(`(() => {
      const e = performance.getEntriesByType('resource')
        .find((r) => new URL(r.name).pathname === '/api/registry/buildings');
      return e ? { transfer: e.transferSize, body: e.decodedBodySize } : null;
    })()`);
    expect(entry).not.toBeNull();
    const { transfer, body } = entry as { transfer: number; body: number };
    expect(body).toBeGreaterThan(10_000);
    expect(transfer).toBeLessThan(2_000);
    await page.close();
  });

  it('lists every building and sorts by 5A index', async () => {
    const page = await loginAs(WEB_USERS.district);
    await page.goto(`${stack.url}/buildings?sort=five_a&dir=desc`);
    await expect.poll(() => page.locator('[data-testid=building-table] tbody tr').count(), POLL).toBe(89);
    await browser.screenshot(page, 'buildings');
    await page.close();
  });

  it('shows a value published over MQTT on the building page without a reload', async () => {
    const page = await loginAs(WEB_USERS.district);
    await page.goto(`${stack.url}/buildings/${stack.gatewayBuilding}`);
    await page.getByTestId('energy').waitFor();
    await expect
      .poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL)
      .toBe('connected');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await stack.publish('energy', 'meter-check', {
      ts: Date.now(),
      power_kw: 4321.5,
      energy_kwh: 10,
      circuit: 'plug',
    });
    await expect.poll(() => page.getByTestId('energy').innerText(), POLL).toContain('4,321.5 kW');
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
    // The elevator_fault debounce is 30 s; the dashboard's clock jumps past it instead of the test waiting,
    // once the dashboard has taken the fault reading (its alarms step with every reading the live state takes).
    const carCheck = async (): Promise<string | undefined> => {
      const reply = (await stack.get(`/api/buildings/${stack.gatewayBuilding}`)) as BuildingReply;
      return reply.live.elevators.find((e) => e.device === 'car-check')?.state;
    };
    await expect
      .poll(carCheck, { ...POLL, message: 'the fault reading to reach the dashboard' })
      .toBe('fault');
    stack.advanceClock(31_000);
    await page.goto(`${stack.url}/alarms`);
    const row = page.locator(`tr[data-alarm*="car-check"]`).first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('电梯故障');
    await browser.screenshot(page, 'alarms');
    await row.getByTestId('ack').click();
    await expect.poll(() => row.getAttribute('data-state'), POLL).toBe('acknowledged');
    await page.close();
  });

  // One district session for these (the login route allows 10 attempts a minute per address).
  describe('live details for district staff', () => {
    let page: Page;
    beforeAll(async () => {
      page = await loginAs(WEB_USERS.district);
    });
    afterAll(async () => {
      await page?.close();
    });

    it('joins a building room from the list on the open socket, without reconnecting', async () => {
      await page.goto(`${stack.url}/`);
      await expect
        .poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL)
        .toBe('connected');
      const opened: string[] = [];
      page.on('websocket', (ws) => opened.push(ws.url()));
      await page.click('nav a[href="/buildings"]');
      await page.click(`[data-testid=building-table] a[href="/buildings/${stack.gatewayBuilding}"]`);
      await page.getByTestId('energy').waitFor();
      await stack.publish('energy', 'meter-watch', {
        ts: Date.now(),
        power_kw: 1234.5,
        energy_kwh: 10,
        circuit: 'plug',
      });
      await expect.poll(() => page.getByTestId('energy').innerText(), POLL).toContain('1,234.5 kW');
      expect(opened).toEqual([]);
      expect(await page.getByTestId('connection').getAttribute('data-status')).toBe('connected');
    });

    it('asks for a fresh snapshot after a sequence gap instead of applying what follows it', async () => {
      await page.goto(`${stack.url}/`);
      await expect
        .poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL)
        .toBe('connected');
      const people = async (): Promise<number> =>
        Number((await page.getByTestId('kpi-people').innerText()).replace(/\D/g, ''));
      await expect.poll(people, POLL).toBeGreaterThan(0);
      const id = stack.gatewayBuilding;
      const summary = stack.app.louyu.live.summaries()[id]!;
      // A delta from far beyond the last sequence number, carrying a number that must never be shown.
      stack.app.io.to('district').emit('delta', {
        room: 'district',
        seq: 1_000_000_000,
        ts: Date.now(),
        changes: { buildings: { [id]: { ...summary, people: 9_876_543 } } },
      });
      const badge = page.getByTestId('connection');
      await expect.poll(() => badge.getAttribute('data-gaps'), POLL).toBe('1');
      await expect.poll(() => badge.getAttribute('data-resyncing'), POLL).toBe('0');
      expect(await badge.getAttribute('data-status')).toBe('connected');
      expect(await people()).toBeGreaterThan(0);
      expect(await people()).toBeLessThan(9_876_543);
      // Deltas after the fresh snapshot follow its sequence: the next one applies, with no second gap.
      const applied = Number(await badge.getAttribute('data-applied'));
      await stack.publish('occupancy', 'floor-resync', { ts: Date.now(), people: 43, capacity: 50 });
      await expect
        .poll(async () => Number(await badge.getAttribute('data-applied')), POLL)
        .toBeGreaterThan(applied);
      expect(await badge.getAttribute('data-gaps')).toBe('1');
    });

    it('draws the power history from the store, downsampled to the chart', async () => {
      const id = stack.gatewayBuilding;
      const now = Date.now();
      const points: TelemetryPoint[] = [];
      // A day of the main meter every minute (1,440 readings): the chart asks for 288 buckets.
      for (let minute = 1_440; minute >= 1; minute--) {
        points.push(
          ...readingToPoints(
            {
              building: id,
              kind: 'energy',
              device: 'meter-history',
              ts: now - minute * 60_000,
              data: {
                power_kw: 800 + 400 * Math.sin(minute / 120),
                energy_kwh: 50_000 + minute,
                circuit: 'total',
              },
            },
            stack.registry,
          ),
        );
      }
      await stack.app.louyu.store.write(points);
      // What the page was answered for its history, said when the chart stays empty (it once did, under
      // load 10, in one CI run out of many; with this the next one says why).
      // (It stayed empty again in a CI run with two busy loops: the one energy history request was answered
      // 200 and the rest of the page drawn. Now the number of points in that answer is said too, and what the
      // same request gets when asked again, to tell an empty answer from one the page did not draw.)
      const answers: Promise<string>[] = [];
      const onResponse = (response: Response): void => {
        if (!new URL(response.url()).pathname.endsWith('/history')) return;
        const said = `${response.status()} ${response.url()}`;
        answers.push(
          response.json().then(
            (body: { points?: unknown[] }) => `${said} with ${body.points?.length ?? 'no'} points`,
            (error: unknown) => `${said}, body not read (${String(error)})`,
          ),
        );
      };
      const onFailed = (request: Request): void => {
        if (new URL(request.url()).pathname.endsWith('/history'))
          answers.push(Promise.resolve(`failed (${request.failure()?.errorText ?? '?'}) ${request.url()}`));
      };
      page.on('response', onResponse);
      page.on('requestfailed', onFailed);
      await page.goto(`${stack.url}/buildings/${id}`);
      const chart = page.getByTestId('power-history');
      // A day of minutes in at most the 288 buckets the chart asks for (the server picks a round step).
      try {
        await expect
          .poll(async () => Number(await chart.getAttribute('data-points')), POLL)
          .toBeGreaterThan(100);
      } catch (error) {
        const shown = await page
          .locator('main')
          .innerText()
          .catch(() => '(no main)');
        const said = await Promise.all(answers);
        const energy = said.find((line) => line.includes('kind=energy'));
        const url = energy ? new URL(energy.split(' ')[1] as string) : null;
        const path = url ? url.pathname + url.search : null;
        const again = path
          ? await stack.get(path).then(
              (reply) => `${(reply as { points: unknown[] }).points.length} points`,
              (failure: unknown) => String(failure),
            )
          : 'not asked';
        throw new Error(
          `${(error as Error).message}; history requests: ${said.join(' | ') || 'none'}; the energy request asked again: ${again}; the page shows: ${shown.slice(0, 600)}`,
          { cause: error },
        );
      } finally {
        page.off('response', onResponse);
        page.off('requestfailed', onFailed);
      }
      expect(Number(await chart.getAttribute('data-points'))).toBeLessThanOrEqual(288);
      // ECharts arrives in its own chunk after the page's data (EChart.svelte), so the canvas may come a
      // moment after the points: asked once, it was not there yet in a run under a moved clock.
      await expect.poll(() => chart.locator('canvas').count(), POLL).toBeGreaterThan(0);
      await browser.screenshot(page, 'building-power-history');
    });

    it('shows the spool-full system alarm to district staff and not to a manager', async () => {
      stack.app.louyu.alarms.spoolFull(true, 'spool at its quota');
      const district = page;
      await district.goto(`${stack.url}/`);
      await expect
        .poll(() => district.getByTestId('system-alarm').innerText(), POLL)
        .toContain('数据缓存已满');
      await browser.screenshot(district, 'system-alarm');
      const manager = await loginAs(WEB_USERS.manager);
      await manager.getByTestId('building-name').waitFor();
      expect(await manager.getByTestId('system-alarm').count()).toBe(0);
      await manager.close();
      stack.app.louyu.alarms.spoolFull(false);
      stack.advanceClock(61_000);
      await expect.poll(() => district.getByTestId('system-alarm').count(), POLL).toBe(0);
    });
  });

  it('shows a manager only their buildings', async () => {
    const page = await loginAs(WEB_USERS.manager);
    // A manager lands on their building, not on the district overview (issue 16, item 5).
    await page.waitForURL(`${stack.url}/buildings/${stack.gatewayBuilding}`);
    await page.goto(`${stack.url}/buildings`);
    await expect.poll(() => page.locator('[data-testid=building-table] tbody tr').count(), POLL).toBe(1);
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
    await expect
      .poll(() => page.getByTestId('kpi-buildings').innerText(), POLL)
      .toContain('Buildings operating');
    await page.reload();
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText(), POLL).toContain('89 buildings');
    await browser.screenshot(page, 'overview-phone-en');
    for (const path of ['shortfalls', 'reports']) {
      await page.goto(`${stack.url}/${path}`);
      await page.waitForLoadState('networkidle');
      await browser.screenshot(page, `${path}-en`);
    }
    await page.close();
  });
});
