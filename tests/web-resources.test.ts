// Issue 20 item 7: how the dashboard fetches and polls its REST resources, in a real browser (Debian's
// chromium) against the real server. Playwright's fake clock moves the page's timers minutes ahead, so
// the minute-long polls are seen without waiting for them; requests are counted as the browser sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request, Response, Route } from 'playwright-core';
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

const MINUTE = 60_000;

/** Signs in with the page's clock under the test's control (it still runs on its own meanwhile). */
async function signedInWithClock(username: string): Promise<Page> {
  const page = await openSignedIn(browser, stack, { username, locale: 'zh' });
  await page.clock.install();
  // The clock is installed for documents loaded from now on: load the app again under it.
  await page.reload();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Counts the GET requests the page sends to an API path (query string ignored). */
function countRequests(page: Page, path: string): { readonly count: number } {
  const counter = { count: 0 };
  page.on('request', (request: Request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === path) counter.count += 1;
  });
  return counter;
}

/** Hides or shows the tab as the browser does when the user switches tabs or minimises the window. */
async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  // A script, not a function: the tests are compiled without the DOM's types.
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => '${hidden ? 'hidden' : 'visible'}',
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${hidden} });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  `);
}

describe('REST resources in the browser', () => {
  it("a property manager's pages, the wall display included, make no request the server refuses (403) over two minutes", async () => {
    const page = await signedInWithClock(WEB_USERS.manager);
    const refused: string[] = [];
    page.on('response', (response: Response) => {
      if (response.status() === 403) refused.push(new URL(response.url()).pathname);
    });
    const alarmsLoaded = (): Promise<Response> =>
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/alarms' && r.ok());

    for (const path of ['/buildings', '/shortfalls', '/alarms', '/wall?every=20']) {
      const loaded = alarmsLoaded();
      await page.goto(`${stack.url}${path}`);
      await loaded;
      await page.locator('main').first().waitFor();
    }
    // Two minutes on the wall: its overview and alarms slides come and go, and every poll falls due.
    for (let i = 0; i < 4; i += 1) await page.clock.runFor(MINUTE / 2);
    const last = alarmsLoaded();
    await page.goto(`${stack.url}/alarms`);
    await last;
    expect(refused).toEqual([]);
    await page.close();
  });

  it('keeps polling the district summary for the overview that stays when another one following it goes', async () => {
    const page = await signedInWithClock(WEB_USERS.district);
    const summary = countRequests(page, '/api/district/summary');
    // Slides of 90 s: the first overview polls once at 60 s, then a cluster's overview takes its place.
    await page.goto(`${stack.url}/wall?every=90`);
    const wall = page.getByTestId('wall');
    await expect.poll(() => wall.getAttribute('data-slide'), POLL).toBe('overview');
    await expect.poll(() => summary.count, POLL).toBeGreaterThan(0);

    await page.clock.runFor(91_000);
    await expect.poll(() => wall.getAttribute('data-slide'), POLL).toMatch(/^cluster:/);
    await expect.poll(() => page.getByTestId('kpi-buildings').count(), POLL).toBe(1);
    // The new overview fetched the summary as it came up (a minute and a half old by then).
    await page.evaluate('0');
    const afterSwitch = summary.count;
    // A minute later, with the same slide still up, the summary is fetched again for it.
    await page.clock.runFor(MINUTE + 2_000);
    expect(await wall.getAttribute('data-slide')).toMatch(/^cluster:/);
    await expect.poll(() => summary.count, POLL).toBeGreaterThan(afterSwitch);
    await page.close();
  });

  // Each page's request is held by the test, so it is still in flight when the user leaves: leaving must
  // cancel it. `{building}` stands for the building the stack's gateway publishes for.
  it.each([
    { page: '/buildings/{building}', path: '/api/buildings/{building}/history', user: WEB_USERS.district },
    { page: '/plan', path: '/api/plan/course', user: WEB_USERS.district },
    { page: '/plan', path: '/api/plan/ranking', user: WEB_USERS.district },
    { page: '/trends', path: '/api/district/history', user: WEB_USERS.district },
    { page: '/reports', path: '/api/reports/weekly', user: WEB_USERS.district },
    { page: '/users', path: '/api/users', user: WEB_USERS.admin },
    { page: '/audit', path: '/api/audit', user: WEB_USERS.admin },
    { page: '/notifications', path: '/api/notifications/channels', user: WEB_USERS.admin },
  ])(
    'aborts $path of $page still in flight when the user navigates away',
    async ({ page: pagePath, path: requestPath, user }) => {
      const at = pagePath.replace('{building}', stack.gatewayBuilding);
      const path = requestPath.replace('{building}', stack.gatewayBuilding);
      const page = await openSignedIn(browser, stack, { username: user, locale: 'zh' });
      const held: Route[] = [];
      await page.route(
        (url) => url.pathname === path,
        (route) => void held.push(route),
      );
      const aborted: string[] = [];
      page.on('requestfailed', (request: Request) => {
        if (new URL(request.url()).pathname === path) aborted.push(request.failure()?.errorText ?? '');
      });
      await page.goto(`${stack.url}${at}`);
      await expect.poll(() => held.length, POLL).toBeGreaterThan(0);
      await page.locator('header a[href="/alarms"]').click();
      await page.waitForURL((url) => url.pathname === '/alarms');
      await expect.poll(() => aborted.length, POLL).toBe(held.length);
      expect(aborted.every((text) => text.includes('ABORTED'))).toBe(true);
      await page.close();
    },
  );

  it('pauses polling while the tab is hidden and refreshes when it is shown again', async () => {
    const page = await signedInWithClock(WEB_USERS.district);
    const findings = countRequests(page, '/api/shortfalls');
    await page.goto(`${stack.url}/shortfalls`);
    await expect.poll(() => findings.count, POLL).toBeGreaterThan(0);
    await page.getByRole('heading', { level: 1 }).waitFor();

    await setTabHidden(page, true);
    const hiddenAt = findings.count;
    await page.clock.runFor(3 * MINUTE);
    // Anything the hidden tab sent would have been counted by now: the page answers an evaluate only
    // after the timers that ran have had their turn.
    await page.evaluate('0');
    expect(findings.count).toBe(hiddenAt);

    await setTabHidden(page, false);
    await expect.poll(() => findings.count, POLL).toBeGreaterThan(hiddenAt);
    await page.close();
  });

  it('shows an error the server answers for the district summary instead of swallowing it', async () => {
    const page = await openSignedIn(browser, stack, { username: WEB_USERS.district, locale: 'en' });
    await page.route('**/api/district/summary', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'STORE_UNAVAILABLE', message: 'the plan figures are being recomputed' }),
      }),
    );
    await page.goto(`${stack.url}/`);
    await expect
      .poll(
        () => page.getByRole('alert').filter({ hasText: 'the plan figures are being recomputed' }).count(),
        POLL,
      )
      .toBe(1);
    await page.close();
  });
});
