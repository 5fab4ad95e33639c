// A replay shows as a replay: when the readings arriving are hours behind the wall clock (a simulator
// replaying the past, a gateway emptying its buffer), the connection badge says so instead of "实时",
// and the building's devices stay fresh (judged against their gateway's own clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { openSignedIn, startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

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

describe('the connection badge', () => {
  it('says 实时 in step, and 回放 with how far behind when the data arrives hours late', async () => {
    const page = await openSignedIn(browser, stack, { username: WEB_USERS.district, locale: 'zh' });
    const badge = page.getByTestId('connection');
    await expect.poll(() => badge.getAttribute('data-status'), POLL).toBe('connected');
    await expect.poll(() => badge.innerText(), POLL).toContain('实时');

    // The wall clock moves 3 hours on; the gateway goes on sending readings stamped in its own (past) time.
    stack.advanceClock(3 * 3_600_000);
    const send = async (): Promise<void> => {
      for (let car = 1; car <= 3; car++)
        await stack.publish('elevator', `car-${String(car).padStart(2, '0')}`, {
          ts: Date.now(),
          state: 'moving',
          floor: 5,
          load_pct: 30,
          trips: 1,
          door_cycles: 2,
          wait_s: 20,
        });
    };
    await send();
    await expect.poll(async () => (await send(), badge.innerText()), POLL).toContain('回放');
    expect(await badge.innerText()).toContain('3小时');
    const detail = (await stack.get(`/api/buildings/${stack.gatewayBuilding}`)) as {
      live: { summary: { behind_ms: number; freshness: { fresh: number } } };
    };
    expect(detail.live.summary.behind_ms).toBeGreaterThan(2.9 * 3_600_000);
    expect(detail.live.summary.freshness.fresh).toBeGreaterThanOrEqual(3);
    await browser.screenshot(page, 'replay-badge');
    await page.close();
  });

  it("with the live link blocked, shows each building's figures read over HTTP, and says the link is down", async () => {
    const page = await openSignedIn(browser, stack, { username: WEB_USERS.district, locale: 'zh' });
    // From the next page load on, neither of socket.io's transports gets through (a proxy that passes
    // plain HTTP requests only).
    await page.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
    await page.route('**/socket.io/**', (route) => route.abort());
    await page.goto(`${stack.url}/buildings`);
    const row = page.locator(
      `[data-testid=building-table] tbody tr[data-building="${stack.gatewayBuilding}"]`,
    );
    const listed = (await stack.get('/api/buildings')) as {
      building: { id: string };
      live: { power_kw: number | null; people: number | null };
    }[];
    const summary = listed.find((item) => item.building.id === stack.gatewayBuilding)?.live;
    expect(summary?.power_kw).toBeGreaterThan(0);
    // The list's power and people columns carry the server's figures, as a socket's snapshot would.
    await expect.poll(() => row.innerText(), POLL).toContain(' kW');
    expect(await page.locator('[data-testid=building-table] tbody tr').count()).toBe(89);
    const badge = page.getByTestId('connection');
    expect(await badge.getAttribute('data-status')).not.toBe('connected');
    await page.close();
  });
});
